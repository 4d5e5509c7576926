"""Script writing end to end through the real Claude adapter (tools.llm.AnthropicLLM and the
official SDK) talking HTTP to a loopback fake of the Messages API."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from screenplain.parsers import fountain as fountain_parser
from screenplain.types import Dialog, Slug

from bot.wiring.transform import build_transform_runner
from core.cache import CacheRegistry
from core.config import Settings, load_settings
from core.jobs.model import Job, JobKind
from core.metrics import Metrics
from core.result import ErrorCode
from tests.fakes.anthropic_api import FakeMessagesAPI, Reply, malformed_tool_use, tool_use
from tests.unit.tools.transform import canned
from tests.unit.tools.transform.doubles import LibraryDouble, RecordingReporter
from tools.llm.anthropic_llm import AnthropicLLM
from tools.transform.runner import TransformRunner


def request_text(body: Mapping[str, Any]) -> str:
    """All the text of a Messages API request's turns (strings or content blocks)."""
    parts: list[str] = []
    for message in body.get("messages", []):
        content = message.get("content")
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            parts += [str(b.get("text") or b.get("content") or "") for b in content]
    return "\n".join(parts)


def forced_tool(body: Mapping[str, Any]) -> str:
    return str(body["tool_choice"]["name"])


def canned_reply(body: Mapping[str, Any]) -> Reply:
    name = forced_tool(body)
    return tool_use(name, canned.tool_input(name, request_text(body)))


@pytest.fixture
async def api() -> AsyncIterator[FakeMessagesAPI]:
    async with FakeMessagesAPI() as fake:
        fake.set_default(canned_reply)
        yield fake


def _settings(
    tmp_path: Path, api: FakeMessagesAPI, *, key: str | None = "sk-ant-test-0000"
) -> Settings:
    env = {"ANTHROPIC_BASE_URL": api.base_url}
    if key:
        env["ANTHROPIC_API_KEY"] = key
    # A model name the SDK has no deprecation notice for: the fake answers for any model.
    overrides = {"data_dir": str(tmp_path), "llm": {"model": "claude-fake-model"}}
    return load_settings(env=env, overrides=overrides)


def _runner(settings: Settings) -> tuple[TransformRunner, AnthropicLLM]:
    metrics = Metrics()
    llm = AnthropicLLM(settings=settings.llm, metrics=metrics)
    library = LibraryDouble(
        [canned.show_brief("Friends")], neighbours=[canned.show_brief("Cheers")]
    )
    runner = build_transform_runner(
        settings, metrics=metrics, caches=CacheRegistry(), llm=llm, show_library=library, jobs=None
    )
    return runner, llm


def _job(**params: Any) -> Job:
    return Job(
        id=21,
        kind=JobKind.TRANSFORM,
        params={"title": "Friends", "setting": "a Mars colony in 2300", **params},
        tenant="g1",
        user_id="u1",
    )


async def test_script_through_claude_parses_as_fountain_and_repeats_from_cache(
    tmp_path: Path, api: FakeMessagesAPI
) -> None:
    runner, llm = _runner(_settings(tmp_path, api))
    try:
        value = (await runner.run(_job(scenes=3), RecordingReporter())).unwrap()
        tools = [forced_tool(r.body) for r in api.requests]
        assert tools[:2] == ["write_transformation_rules", "write_bible_and_outline"]
        assert sorted(tools[2:]) == ["write_scene"] * 3
        # The schema the model fills is the forced tool's input schema.
        outline_tool = api.requests[1].body["tools"][0]
        assert (
            outline_tool["input_schema"]["$defs"]["EpisodeOutline"]["properties"]["scenes"][
                "maxItems"
            ]
            == 3
        )

        path = next(Path(f["path"]) for f in value["files"] if f["name"].endswith(".fountain"))
        play = fountain_parser.parse(io.StringIO(path.read_text()))
        headings = [str(p.line) for p in play.paragraphs if isinstance(p, Slug)]
        assert headings == [
            "INT. DOME 1 GALLEY - NIGHT",
            "EXT. DOME 2 GALLEY - NIGHT",
            "INT. DOME 3 GALLEY - NIGHT",
        ]
        dialogs = [p for p in play.paragraphs if isinstance(p, Dialog)]
        assert len(dialogs) == 3 * 4  # two beats x two speakers per scene
        assert {str(d.character) for d in dialogs} == {"ROOK", "MIRA"}

        before = len(api.requests)
        again = (await runner.run(_job(scenes=3), RecordingReporter())).unwrap()
        assert len(api.requests) == before  # every stage came from the transform cache
        assert again["cache"] == {"hits": 5, "misses": 0}
    finally:
        await llm.aclose()


async def test_review_feedback_reaches_claude_and_the_rewrite_is_kept(
    tmp_path: Path, api: FakeMessagesAPI
) -> None:
    def reply(body: Mapping[str, Any]) -> Reply:
        if forced_tool(body) != "write_scene":
            return canned_reply(body)
        plan = canned.plan_from_prompt(request_text(body))
        first_draft = len(body["messages"]) == 1
        draft = canned.scene_for(plan, speaker="Gunther" if first_draft else None)
        return tool_use("write_scene", draft.model_dump(mode="json"))

    api.set_default(reply)
    runner, llm = _runner(_settings(tmp_path, api))
    try:
        value = (await runner.run(_job(scenes=1), RecordingReporter())).unwrap()
    finally:
        await llm.aclose()
    assert value["scene_problems"] == [] and value["llm_calls"] == 4  # rules, outline, two drafts
    rewrite = api.requests[-1].body["messages"]
    assert len(rewrite) == 3 and "Gunther is not in the show bible" in rewrite[2]["content"]
    script = json.loads(
        next(Path(f["path"]) for f in value["files"] if f["name"].endswith(".json")).read_text()
    )
    speakers = {e["character"] for e in script["scenes"][0]["elements"] if e["kind"] == "dialogue"}
    assert speakers == {"Rook", "Mira"}


async def test_invalid_json_twice_is_a_clear_error(tmp_path: Path, api: FakeMessagesAPI) -> None:
    api.queue(
        malformed_tool_use("write_transformation_rules", '{"setting": {"era": '),
        malformed_tool_use("write_transformation_rules", '{"setting": '),
    )
    runner, llm = _runner(_settings(tmp_path, api))
    reporter = RecordingReporter()
    try:
        result = await runner.run(_job(), reporter)
    finally:
        await llm.aclose()
    error = result.unwrap_error()
    assert error.code is ErrorCode.INTERNAL
    assert error.message.startswith("Claude's answer for the rules was not valid, even after one")
    assert "invalid output twice" in error.message and error.details["stage"] == "rules"
    assert len(api.requests) == 2
    assert reporter.state_of("rules") == "failed"


async def test_without_an_api_key_nothing_is_sent(tmp_path: Path, api: FakeMessagesAPI) -> None:
    runner, llm = _runner(_settings(tmp_path, api, key=None))
    result = await runner.run(_job(), RecordingReporter())
    error = result.unwrap_error()
    assert error.code is ErrorCode.UNAVAILABLE and not error.retryable
    assert error.message == "re-imagining a show needs an Anthropic API key: set ANTHROPIC_API_KEY"
    assert api.requests == []
    await llm.aclose()
