"""An admin operation typed as a message is answered with the /admin help, and never run: a member
who writes "clear the cache" in a studio thread is pointed to `/admin cache clear` (which checks
permissions), and every cache keeps what it held. Real composition root, loopback Discord."""

from __future__ import annotations

import pytest
import structlog

from bot.wiring import build_services
from core.cache import MemoryCache, PersistentCache
from tests.e2e.conftest import StudioFactory
from tests.e2e.harness import share_embedder
from tests.e2e.test_full_stack import HEIST_ONE
from tests.e2e.test_hostile_mentions import REAL_STACK, added_show, say

MARKER = "admin-words-marker"


async def test_clear_the_cache_in_words_gets_the_admin_help_and_clears_nothing(
    make_studio: StudioFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    studio = await make_studio(
        factory=build_services, overrides={**REAL_STACK, "catalog": {"extractor": "heuristic"}}
    )
    caches = [studio.services.caches.get(name) for name in studio.services.caches.names()]
    for cache in caches:
        if isinstance(cache, PersistentCache):
            cache.set(MARKER, b"kept")
        elif isinstance(cache, MemoryCache):
            cache.set(MARKER, "kept")
    thread = await added_show(studio, "carol", "Vault", HEIST_ONE)

    with structlog.testing.capture_logs() as logs:
        answers = {
            text: await say(studio, "carol", thread, text)
            for text in (
                "clear the cache",
                "set the server job limit to 1000",
                "vide le cache du serveur stp",
                "delete the whole database",
            )
        }

    for text in (
        "clear the cache",
        "set the server job limit to 1000",
        "vide le cache du serveur stp",
    ):
        reply = answers[text]
        assert [embed.get("title") for embed in reply.embeds] == ["Help: admin"], text
        assert "/admin cache" in reply.text() and "Manage Server" in reply.text(), text
    # A destructive request no command offers is not pointed anywhere: small talk.
    assert not answers["delete the whole database"].embeds
    for cache in caches:
        assert cache is not None and cache.get(MARKER) is not None, f"{cache} was cleared"
    assert "caches_cleared" not in {event["event"] for event in logs}
