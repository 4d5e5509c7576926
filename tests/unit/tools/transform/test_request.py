from __future__ import annotations

from typing import Any

import pytest

from core.jobs.model import Job, JobKind
from core.result import ErrorCode
from tests.unit.tools.transform.doubles import RecordingReporter, ScriptedLLM
from tools.transform.request import parse_request
from tools.transform.runner import TransformRunner

GOOD = {"title": "Friends", "setting": "a Mars colony in 2300"}


def _error(params: dict[str, Any]) -> str:
    error = parse_request(params, tenant="g1").unwrap_error()
    assert error.code is ErrorCode.INVALID_INPUT
    return error.message


@pytest.mark.parametrize("scenes", [0, 40, -1, 13])
def test_scene_count_outside_one_to_twelve_is_refused(scenes: int) -> None:
    assert _error({**GOOD, "scenes": scenes}).startswith("scenes must be between 1 and 12")


@pytest.mark.parametrize("scenes", ["5", 2.5, True])
def test_scene_count_must_be_a_whole_number(scenes: Any) -> None:
    assert "whole number between 1 and 12" in _error({**GOOD, "scenes": scenes})


@pytest.mark.parametrize("setting", ["", "   ", None])
def test_empty_setting_asks_for_one_and_names_the_bounds(setting: Any) -> None:
    message = _error({**GOOD, "setting": setting})
    assert message.startswith("the setting is empty") and "3 to 300 characters" in message


def test_absurdly_long_setting_names_the_bound() -> None:
    message = _error({**GOOD, "setting": "Mars " * 1000})
    assert message == "the setting is 4999 characters long: keep it to at most 300 characters"


def test_too_short_setting_and_missing_title() -> None:
    assert "too short" in _error({**GOOD, "setting": "M"})
    assert _error({"setting": "Mars"}).startswith("which show?")


def test_good_params_are_normalised() -> None:
    req = parse_request(
        {**GOOD, "setting": "  a Mars   colony ", "scenes": 12, "tone": " darker "}, tenant="g1"
    ).unwrap()
    assert (req.setting, req.scenes, req.tone, req.storyboard) == (
        "a Mars colony",
        12,
        "darker",
        False,
    )
    assert parse_request(GOOD, tenant="g1").unwrap().scenes == 5  # the contract's default


def _job(params: dict[str, Any]) -> Job:
    return Job(
        id=3, kind=JobKind.TRANSFORM, params=params, tenant="g1", user_id="u1", thread_id="t1"
    )


async def test_runner_refuses_bad_params_before_any_model_call(make_engine) -> None:
    llm = ScriptedLLM()
    runner = TransformRunner(make_engine(llm))
    result = await runner.run(_job({**GOOD, "scenes": 40}), RecordingReporter())
    assert result.unwrap_error().message.startswith("scenes must be between 1 and 12")
    assert llm.calls == []
    assert runner.kinds == frozenset({JobKind.TRANSFORM})
    # At submit time too, so nothing is queued for a request that cannot run.
    assert (
        runner.prepare(JobKind.TRANSFORM, {**GOOD, "setting": ""}).unwrap_error().code
        is ErrorCode.INVALID_INPUT
    )
    assert runner.prepare(JobKind.TRANSFORM, dict(GOOD)).unwrap()["scenes"] == 5


async def test_runner_result_has_files_a_summary_and_notes(make_engine) -> None:
    runner = TransformRunner(make_engine(ScriptedLLM()))
    value = (
        await runner.run(_job({**GOOD, "scenes": 2, "storyboard": True}), RecordingReporter())
    ).unwrap()
    assert value["summary"].startswith(
        "**Red Friends: The One With the Airlock** (Friends re-imagined"
    )
    assert "2 of 2 scenes written." in value["summary"]
    assert value["notes"] == [
        "No storyboard: storyboard frames need the image worker, which is not running here."
    ]
    assert value["files"][0]["name"].startswith("friends-a-mars-colony-in-2300-3.")
