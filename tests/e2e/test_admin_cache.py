"""/admin cache through the emulator: a cache a request really uses, cleared by an admin."""

from __future__ import annotations

from typing import Any

from core.cache import MemoryCache
from tests.e2e.conftest import operated
from tests.e2e.harness import Studio

__all__ = ["operated"]


async def test_clearing_a_cache_empties_it_and_the_next_request_is_a_miss(
    operated: Studio,
) -> None:
    studio = operated
    emu = studio.emu
    cache: MemoryCache[str, dict[str, Any]] = MemoryCache("show_dna", max_entries=10)
    studio.services.caches.register(cache)
    studio.commands.dna_cache = cache

    for _ in range(2):  # a miss that fills the cache, then a hit
        (dna,) = await emu.wait_answered(await emu.invoke("bob", "show dna", title="Friends"))
        assert "Friends" in dna.text()
    (listing,) = await emu.wait_answered(await emu.invoke("alice", "admin cache stats"))
    shown = {f["name"]: f["value"] for f in listing.embeds[0]["fields"]}
    assert shown["show_dna"].startswith("1 entries")
    assert "hit rate 50% (1 hits, 1 misses), 0 evictions" in shown["show_dna"]

    (keep,) = await emu.wait_answered(await emu.invoke("olga", "admin cache clear"))
    assert "**all 3 caches**" in keep.content
    await emu.wait_answered(await emu.click("olga", keep, "studio:cache-keep:*"))
    await emu.wait_until(lambda: "Nothing was cleared" in emu.messages[keep.id].content)
    assert cache.stats().entries == 1

    (confirm,) = await emu.wait_answered(
        await emu.invoke("olga", "admin cache clear", name="show_dna")
    )
    await emu.click("olga", confirm, "studio:cache-clear:show_dna")
    await emu.wait_until(lambda: "Cleared" in emu.messages[confirm.id].content, what="the report")
    assert "🧹 Cleared show_dna: 1 entries" in emu.messages[confirm.id].content
    assert cache.stats().entries == 0
    assert studio.services.caches.get("llm_responses").stats().entries == 1  # only that one

    (again,) = await emu.wait_answered(await emu.invoke("bob", "show dna", title="Friends"))
    assert "Friends" in again.text()  # still answered, computed afresh
    stats = cache.stats()
    assert (stats.hits, stats.misses, stats.entries) == (1, 2, 1)
    (listing,) = await emu.wait_answered(await emu.invoke("alice", "admin cache stats"))
    shown = {f["name"]: f["value"] for f in listing.embeds[0]["fields"]}
    assert "(1 hits, 2 misses)" in shown["show_dna"]
    assert "hit rate — (0 hits, 0 misses)" in shown["embeddings"]  # never asked: no rate
