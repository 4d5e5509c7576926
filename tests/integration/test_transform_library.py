"""Script writing on the real show library: DNA extracted offline from the shipped catalog, stored
in qdrant-edge, its nearest shows as influences, through the real Claude adapter and the fake
Messages API. Loads MiniLM once (a few seconds)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.wiring.retrieval import RetrievalParts, build_retrieval
from bot.wiring.transform import build_transform_runner
from core.cache import CacheRegistry
from core.config import Settings, load_settings
from core.jobs.model import Job, JobKind
from core.metrics import Metrics
from core.result import ErrorCode
from tests.fakes.anthropic_api import FakeMessagesAPI
from tests.integration.test_transform_claude import canned_reply, forced_tool
from tests.unit.tools.transform.doubles import RecordingReporter
from tools.llm.anthropic_llm import AnthropicLLM

CATALOG = Path(__file__).resolve().parents[2] / "tools" / "retrieval" / "data"
SITCOMS = {"Friends", "Frasier", "Seinfeld", "Community", "Parks and Recreation"}


@pytest.fixture
async def setup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Settings, RetrievalParts, FakeMessagesAPI]]:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    async with FakeMessagesAPI() as api:
        api.set_default(canned_reply)
        settings = load_settings(
            env={"ANTHROPIC_API_KEY": "sk-ant-test-0000", "ANTHROPIC_BASE_URL": api.base_url},
            overrides={"data_dir": str(tmp_path), "llm": {"model": "claude-fake-model"}},
        )
        built = await build_retrieval(
            settings, metrics=Metrics(), caches=CacheRegistry(), load_starter=False
        )
        parts = built.unwrap()
        try:
            lines: list[tuple[int, str]] = []
            for path in sorted(CATALOG.glob("catalog_part*.jsonl")):
                for raw in path.read_text(encoding="utf-8").splitlines():
                    if raw.strip() and json.loads(raw)["title"] in SITCOMS:
                        lines.append((len(lines) + 1, raw))
            assert (await parts.importer.import_lines(lines, "g1")).unwrap().imported == 5
            yield settings, parts, api
        finally:
            await parts.close()


def _job(title: str) -> Job:
    params = {"title": title, "setting": "Edo-period Japan", "scenes": 2}
    return Job(id=5, kind=JobKind.TRANSFORM, params=params, tenant="g1", user_id="u1")


async def test_real_dna_and_neighbours_shape_the_prompts(
    setup: tuple[Settings, RetrievalParts, FakeMessagesAPI],
) -> None:
    settings, parts, api = setup
    llm = AnthropicLLM(settings=settings.llm, metrics=Metrics())
    runner = build_transform_runner(
        settings,
        metrics=Metrics(),
        caches=CacheRegistry(),
        llm=llm,
        show_library=parts.shows,
        jobs=None,
    )
    try:
        value = (await runner.run(_job("friends"), RecordingReporter())).unwrap()
        missing = await runner.run(_job("Freinds"), RecordingReporter())
    finally:
        await llm.aclose()

    assert value["title"] == "Friends" and value["complete"] is True
    rules_prompt = api.requests[0].body["messages"][0]["content"]
    assert "Central Perk" in rules_prompt  # the stored DNA's logline
    assert '"evidence"' not in rules_prompt  # provenance is left out of the prompt
    influences = [
        line[2:].split(":", 1)[0]
        for line in rules_prompt.splitlines()
        if line.startswith("- ") and line[2:].split(":", 1)[0] in SITCOMS
    ]
    assert len(influences) == 3 and "Friends" not in influences
    outline = next(r for r in api.requests if forced_tool(r.body) == "write_bible_and_outline")
    outline_prompt = outline.body["messages"][0]["content"]
    assert "inciting incident: " in outline_prompt  # the DNA's own beats structure the episode

    error = missing.unwrap_error()
    assert error.code is ErrorCode.NOT_FOUND
    assert "did you mean 'Friends'?" in error.message
    assert list(error.details["suggestions"]) == ["Friends"]
