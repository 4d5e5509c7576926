from __future__ import annotations

import asyncio
import json
import math
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from core.ports.llm import LLMRequest
from core.result import ErrorCode, StepResult
from tests.unit.tools.transform import canned
from tests.unit.tools.transform.doubles import RecordingReporter, ScriptedLLM
from tools.transform.models import BibleAndOutline, SceneDraft
from tools.transform.request import TransformRequest


def _request(scenes: int = 3, **changes: Any) -> TransformRequest:
    base: dict[str, Any] = {
        "tenant": "g1",
        "title": "Friends",
        "setting": "a Mars colony in 2300",
        "scenes": scenes,
        "user_id": "u1",
        "job_id": 7,
    }
    base.update(changes)
    return TransformRequest(**base)


async def test_full_run_writes_three_files_and_reports_every_stage(make_engine) -> None:
    llm = ScriptedLLM()
    reporter = RecordingReporter()
    result = await make_engine(llm).run(_request(scenes=3), reporter)

    value = result.unwrap()
    assert value["complete"] is True and value["scenes_written"] == 3
    names = sorted(f["name"] for f in value["files"])
    assert [n.rsplit(".", 1)[1] for n in names] == ["fountain", "json", "md"]
    for ref in value["files"]:
        assert Path(ref["path"]).is_file() and Path(ref["path"]).stat().st_size == ref["bytes"]
    script = json.loads(
        Path(next(f["path"] for f in value["files"] if f["mime"] == "application/json")).read_text()
    )
    assert [s["number"] for s in script["scenes"]] == [1, 2, 3]
    # The checklist: rules, outline, every scene and the exports, all ticked at the end.
    final = reporter.updates[-1].stages
    assert [line.name for line in final] == [
        "rules",
        "outline",
        "scene 1",
        "scene 2",
        "scene 3",
        "exports",
    ]
    assert {line.state for line in final} == {"done"}
    # Each scene is posted as it lands: its note carries the heading and the first lines.
    notes = [u.note for u in reporter.updates if u.note and u.note.startswith("scene 2 written")]
    assert notes and "EXT. DOME 2 GALLEY - NIGHT" in notes[0] and "ROOK:" in notes[0]
    assert llm.count("transform_rules") == 1 and llm.count("transform_outline") == 1
    assert llm.count("transform_scene") == 3


async def test_prompts_carry_source_dna_and_influences_to_avoid(make_engine, library) -> None:
    llm = ScriptedLLM()
    await make_engine(llm).run(_request(scenes=1), RecordingReporter())
    rules_prompt = llm.calls[0].messages[0].content
    assert "six friends, a coffee shop" in rules_prompt  # the source DNA summary
    assert "- Seinfeld:" in rules_prompt and "- Cheers:" in rules_prompt  # influences
    assert library.neighbour_calls == [("g1", "w-friends", 3)]
    outline_prompt = llm.calls[1].messages[0].content
    assert "1. cold open: a gag before the titles" in outline_prompt
    assert "4. regroup: the friends regroup" in outline_prompt
    assert "exactly 1 scene" in outline_prompt
    assert all(c.prompt_version.startswith("transform-v1-") for c in llm.calls)


async def test_scenes_run_in_parallel_bounded_by_concurrency(make_engine) -> None:
    latency, scenes, concurrency = 0.1, 6, 3
    llm = ScriptedLLM(latency=latency)
    started = time.perf_counter()
    result = await make_engine(llm, concurrency=concurrency).run(
        _request(scenes=scenes), RecordingReporter()
    )
    wall = time.perf_counter() - started
    assert result.ok
    assert llm.max_in_flight == concurrency
    critical_path = (2 + math.ceil(scenes / concurrency)) * latency
    sequential = (2 + scenes) * latency
    # Loose: close to the critical path, well under writing the scenes one by one.
    assert wall < critical_path * 1.5 < sequential


async def test_repeat_request_reuses_every_stage_without_model_calls(make_engine) -> None:
    first_llm = ScriptedLLM()
    first = (await make_engine(first_llm).run(_request(scenes=4), RecordingReporter())).unwrap()
    assert first["cache"]["hits"] == 0

    second_llm = ScriptedLLM()
    reporter = RecordingReporter()
    second = (await make_engine(second_llm).run(_request(scenes=4), reporter)).unwrap()
    assert second_llm.calls == []
    assert second["llm_calls"] == 0 and second["cache"] == {"hits": 6, "misses": 0}
    fountain = [
        Path(f["path"]).read_text()
        for f in (first, second)[1]["files"]
        if f["name"].endswith(".fountain")
    ]
    assert fountain and "INT. DOME 1 GALLEY - NIGHT #1#" in fountain[0]
    assert any(u.note == "rules: reused from the cache" for u in reporter.updates)

    # Another setting is another script: nothing is shared.
    third_llm = ScriptedLLM()
    await make_engine(third_llm).run(
        _request(scenes=4, setting="Edo-period Japan"), RecordingReporter()
    )
    assert third_llm.count("transform_rules") == 1


async def test_scene_failing_review_is_rewritten_with_the_validators_feedback(make_engine) -> None:
    def scene(request: LLMRequest, schema: type[BaseModel], nth: int) -> BaseModel:
        plan = canned.plan_from_prompt(request.messages[0].content)
        if len(request.messages) == 1:  # the first draft lets a stranger speak
            return canned.scene_for(plan, speaker="Gunther")
        return canned.scene_for(plan)

    llm = ScriptedLLM(handlers={"transform_scene": scene})
    value = (await make_engine(llm).run(_request(scenes=2), RecordingReporter())).unwrap()

    assert value["scene_problems"] == [] and value["complete"] is True
    assert llm.count("transform_scene") == 4  # two drafts per scene
    rewrites = [c for c in llm.calls if len(c.messages) == 3]
    assert len(rewrites) == 2
    feedback = rewrites[0].messages[2].content
    assert "Gunther is not in the show bible" in feedback and "Rook" in feedback
    # The rejected draft is shown back to the model as its own previous answer.
    assert rewrites[0].messages[1].role == "assistant"
    assert '"Gunther"' in rewrites[0].messages[1].content


async def test_scene_still_failing_after_the_retries_is_reported_not_hidden(make_engine) -> None:
    def scene(request: LLMRequest, schema: type[BaseModel], nth: int) -> BaseModel:
        plan = canned.plan_from_prompt(request.messages[0].content)
        return canned.scene_for(plan, speaker="Gunther" if plan.number == 2 else None)

    llm = ScriptedLLM(handlers={"transform_scene": scene})
    reporter = RecordingReporter()
    value = (await make_engine(llm, retries=2).run(_request(scenes=3), reporter)).unwrap()

    assert value["scene_problems"] == [
        {
            "scene": 2,
            "attempts": 3,
            "problems": [
                "Gunther is not in the show bible: only these characters may speak: Rook, Mira,"
                " Joss"
            ],
        }
    ]
    assert [s["passed"] for s in value["scenes"]] == [True, False, True]
    assert reporter.state_of("scene 2") == "failed" and reporter.state_of("scene 1") == "done"
    fountain = next(
        Path(f["path"]).read_text() for f in value["files"] if f["name"].endswith(".fountain")
    )
    assert "did not pass validation" in fountain


async def test_cancel_keeps_finished_scenes_and_cancels_running_calls(make_engine) -> None:
    # Scenes 3 and 4 never answer on their own: they are in flight when the user cancels.
    hold = {3: asyncio.Event(), 4: asyncio.Event()}
    llm = ScriptedLLM(hold=hold)
    reporter = RecordingReporter(cancel_when=lambda r: set(r.done_scenes()) >= {1, 2})

    value = (await make_engine(llm).run(_request(scenes=4), reporter)).unwrap()

    assert value["complete"] is False and value["cancelled"] is True
    assert value["incomplete_reason"] == "cancelled after 2 of 4 scenes"
    assert [s["number"] for s in value["scenes"]] == [1, 2]
    assert llm.cancelled_calls == 2 and llm.in_flight == 0
    fountain = next(
        Path(f["path"]).read_text() for f in value["files"] if f["name"].endswith(".fountain")
    )
    assert "Draft: INCOMPLETE, 2 of 4 scenes" in fountain and "#3#" not in fountain
    assert reporter.state_of("scene 3") == "skipped" and reporter.state_of("scene 1") == "done"
    assert reporter.state_of("exports") == "done"

    # The finished scenes were cached: asking again only writes the two that were cancelled.
    llm2 = ScriptedLLM()
    again = (await make_engine(llm2).run(_request(scenes=4), RecordingReporter())).unwrap()
    assert again["complete"] is True and llm2.count("transform_scene") == 2


async def test_cancel_during_the_outline_stops_before_any_scene(make_engine) -> None:
    gate = asyncio.Event()

    def outline(request: LLMRequest, schema: type[BaseModel], nth: int) -> BaseModel:
        raise AssertionError("the outline call should have been cancelled")

    llm = ScriptedLLM(handlers={"transform_outline": outline}, hold={})
    original = llm.complete_model

    async def slow_outline(request: LLMRequest, schema: type[Any]) -> StepResult[Any]:
        if request.purpose == "transform_outline":
            await gate.wait()
        return await original(request, schema)

    llm.complete_model = slow_outline  # type: ignore[method-assign]
    reporter = RecordingReporter(cancel_when=lambda r: r.updates[-1].stage == "outline")
    value = (await make_engine(llm).run(_request(scenes=2), reporter)).unwrap()
    assert value["cancelled"] is True and value["scenes_written"] == 0 and value["files"] == []
    assert reporter.state_of("rules") == "done" and reporter.state_of("scene 1") == "skipped"


async def test_no_api_key_says_the_feature_needs_one(make_engine) -> None:
    llm = ScriptedLLM(available=False)
    result = await make_engine(llm).run(_request(), RecordingReporter())
    error = result.unwrap_error()
    assert error.code is ErrorCode.UNAVAILABLE
    assert error.message == "re-imagining a show needs an Anthropic API key: set ANTHROPIC_API_KEY"
    assert llm.calls == []


async def test_unknown_show_offers_close_titles(make_engine) -> None:
    llm = ScriptedLLM()
    result = await make_engine(llm).run(_request(title="Fiends"), RecordingReporter())
    error = result.unwrap_error()
    assert error.code is ErrorCode.NOT_FOUND
    assert "'Fiends'" in error.message and "did you mean 'Friends' or 'Frasier'?" in error.message
    assert list(error.details["suggestions"]) == ["Friends", "Frasier"]
    assert llm.calls == []


def _invalid_twice(request: LLMRequest, schema: type[BaseModel], nth: int) -> StepResult[Any]:
    return StepResult.failure(
        ErrorCode.INTERNAL, "the model's output did not match the schema after a repair retry"
    )


async def test_invalid_json_twice_from_the_outline_is_a_clear_internal_error(make_engine) -> None:
    llm = ScriptedLLM(handlers={"transform_outline": _invalid_twice})
    reporter = RecordingReporter()
    result = await make_engine(llm).run(_request(), reporter)
    error = result.unwrap_error()
    assert error.code is ErrorCode.INTERNAL
    assert error.message.startswith("Claude's answer for the outline was not valid, even after one")
    assert error.details["stage"] == "outline"
    assert reporter.state_of("outline") == "failed" and reporter.state_of("scene 1") == "skipped"
    assert llm.count("transform_scene") == 0


async def test_a_scene_whose_call_fails_stops_the_run_and_keeps_a_partial_script(
    make_engine,
) -> None:
    def scene(request: LLMRequest, schema: type[BaseModel], nth: int) -> Any:
        plan = canned.plan_from_prompt(request.messages[0].content)
        return _invalid_twice(request, schema, nth) if plan.number == 2 else canned.scene_for(plan)

    llm = ScriptedLLM(handlers={"transform_scene": scene}, latency=0.02)
    result = await make_engine(llm, concurrency=1).run(_request(scenes=3), RecordingReporter())
    error = result.unwrap_error()
    assert error.code is ErrorCode.INTERNAL and "scene 2" in error.message
    assert "The 1 finished scene(s) are in a partial script." in error.message
    partial = error.details["result"]
    assert partial["complete"] is False and [s["number"] for s in partial["scenes"]] == [1]
    assert all(Path(f["path"]).is_file() for f in partial["files"])
    assert llm.cancelled_calls == 1  # scene 3 was running: it is stopped, not waited for


async def test_storyboard_submits_one_key_frame_per_scene(make_engine) -> None:
    from core.context import RequestContext
    from core.jobs.model import Job, JobKind, JobTicket

    submitted: list[tuple[str, RequestContext]] = []

    async def submit(prompt: str, ctx: RequestContext) -> StepResult[JobTicket]:
        submitted.append((prompt, ctx))
        job = Job(
            id=100 + len(submitted),
            kind=JobKind.IMAGE,
            params={},
            tenant=ctx.tenant,
            user_id=ctx.user_id,
        )
        return StepResult.success(JobTicket(job=job, position=1, eta_s=5.0))

    llm = ScriptedLLM()
    reporter = RecordingReporter()
    value = (
        await make_engine(llm, submit_image=submit).run(
            _request(scenes=2, storyboard=True, thread_id="t9", request_id="i42"), reporter
        )
    ).unwrap()
    frames = value["storyboard"]["frames"]
    assert [f["scene"] for f in frames] == [1, 2] and {f["job_id"] for f in frames} == {101, 102}
    assert frames[0]["heading"] == "INT. DOME 1 GALLEY - NIGHT"
    prompts = sorted(submitted, key=lambda s: s[1].request_id or "")
    assert "Dome 1 galley at night" in prompts[0][0]
    assert prompts[0][1].thread_id == "t9" and prompts[0][1].request_id == "i42:frame:1"
    assert reporter.state_of("storyboard") == "done"


async def test_storyboard_without_a_job_service_says_it_is_unavailable(make_engine) -> None:
    reporter = RecordingReporter()
    value = (
        await make_engine(ScriptedLLM()).run(_request(scenes=1, storyboard=True), reporter)
    ).unwrap()
    assert value["storyboard"]["available"] is False and value["storyboard"]["frames"] == []
    assert "image worker" in value["storyboard"]["reason"]
    assert reporter.state_of("storyboard") == "skipped"


async def test_outline_with_the_wrong_scene_count_is_rejected_by_its_schema() -> None:
    from pydantic import ValidationError

    from tools.transform.models import bible_and_outline_schema

    data = canned.story(3).model_dump(mode="json")
    schema = bible_and_outline_schema(4)
    try:
        schema.model_validate(data)
    except ValidationError as exc:
        assert "at least 4 items" in str(exc)
    else:
        raise AssertionError("three scenes passed a four-scene schema")
    assert (
        schema.model_json_schema()["$defs"]["EpisodeOutline"]["properties"]["scenes"]["minItems"]
        == 4
    )
    assert isinstance(bible_and_outline_schema(3).model_validate(data), BibleAndOutline)
    assert SceneDraft.model_json_schema()["properties"]["elements"]["minItems"] == 2


async def test_a_new_prompt_version_or_model_does_not_reuse_old_stages(
    make_engine, monkeypatch
) -> None:
    import tools.transform.engine as engine_module

    await make_engine(ScriptedLLM()).run(_request(scenes=1), RecordingReporter())
    monkeypatch.setattr(engine_module, "PROMPT_VERSION", "transform-v2-0000000000")
    edited = ScriptedLLM()
    await make_engine(edited).run(_request(scenes=1), RecordingReporter())
    assert edited.count("transform_rules") == 1 and edited.count("transform_scene") == 1

    other_tone = ScriptedLLM()
    await make_engine(other_tone).run(_request(scenes=1, tone="noir"), RecordingReporter())
    assert other_tone.count("transform_rules") == 1
