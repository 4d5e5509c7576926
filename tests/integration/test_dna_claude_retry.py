"""A Claude failure never stores the offline DNA for good: the stand-in is marked provisional,
never cached, and /show dna asks Claude again the next time (the real Claude adapter and SDK
talking HTTP to the loopback fake of the Messages API; the real retrieval stack on qdrant-edge).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from bot.render.shows import show_dna_text
from bot.wiring.retrieval import RetrievalParts, build_retrieval
from core.cache import CacheRegistry
from core.config import Settings, load_settings
from core.context import RequestContext
from core.intent.schema import ShowDnaParams
from core.metrics import Metrics
from tests.fakes import shared_embedder
from tests.fakes.anthropic_api import FakeMessagesAPI, Reply, overloaded, tool_use
from tests.unit.tools.narrative.samples import dna_data
from tools.llm.anthropic_llm import AnthropicLLM
from tools.narrative.library import stored_dna

SHOW = {
    "id": "signal-crossing",
    "title": "Signal Crossing",
    "year": 2019,
    "genres": ["drama", "thriller"],
    "tone": ["tense", "bleak"],
    "setting_place": "a northern mining town",
    "synopsis": (
        "Mara Quill, a railway signal engineer in a northern mining town, finds that the night "
        "trains carry something the company hides. She teams up with Tomas Brandt, a disgraced "
        "reporter, and together they trace the freight to the mine's owner. Threatened and "
        "alone, Mara must choose between her job and the truth, and in the end she exposes the "
        "company and leaves the town for good."
    ),
}


def claude_dna(body: Mapping[str, Any]) -> Reply:
    """What Claude would answer: a valid DNA for the forced tool."""
    data = dna_data()
    for key in ("work", "extraction"):
        data.pop(key)
    return tool_use(str(body["tool_choice"]["name"]), {**data, "confidence": 0.9})


def settings_for(tmp_path: Path, api: FakeMessagesAPI) -> Settings:
    env = {"ANTHROPIC_BASE_URL": api.base_url, "ANTHROPIC_API_KEY": "sk-ant-test-0000"}
    overrides = {
        "data_dir": str(tmp_path),
        # No retries: one overloaded answer is one failed extraction, and the test stays quick.
        "llm": {"model": "claude-fake-model", "max_retries": 0},
    }
    return load_settings(env=env, overrides=overrides)


@pytest.fixture
async def stack(tmp_path: Path) -> AsyncIterator[tuple[RetrievalParts, FakeMessagesAPI, Path]]:
    async with FakeMessagesAPI() as api:
        settings = settings_for(tmp_path, api)
        metrics = Metrics()
        llm = AnthropicLLM(settings=settings.llm, metrics=metrics)
        parts = (
            await build_retrieval(
                settings,
                metrics=metrics,
                caches=CacheRegistry(),
                embedder=shared_embedder(),
                llm=llm,
                load_starter=False,
            )
        ).unwrap()
        catalog = tmp_path / "catalog.jsonl"
        catalog.write_text(json.dumps(SHOW) + "\n", encoding="utf-8")
        try:
            yield parts, api, catalog
        finally:
            await parts.close()


async def test_a_stand_in_for_claude_is_marked_not_cached_and_replaced_on_the_next_request(
    stack: tuple[RetrievalParts, FakeMessagesAPI, Path],
) -> None:
    parts, api, catalog = stack
    ctx = RequestContext("guild-1", "u1")
    api.set_default(overloaded())
    (await parts.importer.import_file(catalog, "guild-1")).unwrap()
    stored = (await parts.library.find("guild-1", "Signal Crossing")).unwrap()
    first = stored_dna(stored)
    assert first.extraction.method == "heuristic" and first.extraction.provisional

    # Importing again while Claude is still down asks Claude again: nothing was cached as final.
    asked = len(api.requests)
    (await parts.importer.import_file(catalog, "guild-1")).unwrap()
    assert len(api.requests) > asked

    # Still down: /show dna shows the stand-in, and says it is one.
    shown = (
        await parts.tools["show_dna"].run(ShowDnaParams(title="Signal Crossing"), ctx)
    ).unwrap()
    assert shown.data["method"] == "heuristic" and shown.data["provisional"] is True
    assert "Claude could not be reached" in show_dna_text(shown.data)

    # Claude is back: the next request reads it with Claude, shows that and stores it.
    api.set_default(claude_dna)
    again = (
        await parts.tools["show_dna"].run(ShowDnaParams(title="Signal Crossing"), ctx)
    ).unwrap()
    assert again.data["method"] == "llm" and again.data["provisional"] is False
    assert "Read offline" not in show_dna_text(again.data)
    rewritten = (await parts.library.find("guild-1", "Signal Crossing")).unwrap()
    now = stored_dna(rewritten)
    assert now.extraction.method == "llm" and not now.extraction.provisional
    # The catalog's curated facts stay on the rewritten show.
    assert rewritten.payload["facts"] == stored.payload["facts"]
    assert rewritten.payload["facts"]["tone"] == ["tense", "bleak"]

    # Stored for good: the request after that does not ask Claude again.
    asked = len(api.requests)
    (await parts.tools["show_dna"].run(ShowDnaParams(title="Signal Crossing"), ctx)).unwrap()
    assert len(api.requests) == asked


async def test_claude_answering_first_time_is_final_and_cached(
    stack: tuple[RetrievalParts, FakeMessagesAPI, Path],
) -> None:
    parts, api, catalog = stack
    api.set_default(claude_dna)
    (await parts.importer.import_file(catalog, "guild-1")).unwrap()
    dna = stored_dna((await parts.library.find("guild-1", "Signal Crossing")).unwrap())
    assert dna.extraction.method == "llm" and not dna.extraction.provisional
    asked = len(api.requests)
    (await parts.importer.import_file(catalog, "guild-2")).unwrap()
    assert len(api.requests) == asked  # the DNA cache answered
