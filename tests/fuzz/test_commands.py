"""Every option of every command, hostile or absurd, through the real orchestrator and both
renderers: no crash, no apology (INTERNAL), no reply Discord would refuse, and every mistake
explained to the member who made it, privately."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.render.model import Reply
from bot.render.progress import progress_message, thread_name
from core.guild_limits import LIMIT_KEYS, GuildLimits, check_request, parse_update
from core.intent.schema import PARAMS_BY_INTENT, Intent
from core.ports.progress import JobState, ProgressUpdate
from core.replies import JobAccepted
from core.result import ErrorCode
from tests.fuzz.conftest import SEEDED_TENANT
from tests.fuzz.strategies import OPTIONS, hostile_text, options_for
from tests.fuzz.support import (
    DEEP,
    FUZZ,
    Stack,
    assert_fits_discord,
    assert_user_error,
    check_result,
)

_COMMANDS = st.sampled_from(list(Intent)).flatmap(
    lambda intent: st.tuples(st.just(intent), options_for(intent))
)


def _run(stack: Stack, intent: Intent, options: dict[str, Any], seeded: bool) -> None:
    ctx = stack.ctx(tenant=SEEDED_TENANT if seeded else None)
    result = stack.run_command(intent, options, ctx)
    check_result(result)
    if isinstance(result.value, JobAccepted):
        # What the job's thread shows first: its name (1-100 characters) and progress message.
        ticket = result.value.ticket
        assert 1 <= len(thread_name(ticket)) <= 100
        first = ProgressUpdate(
            job_id=ticket.job.id,
            kind=str(ticket.job.kind),
            state=JobState.QUEUED,
            stage="queued",
            summary=str(ticket.job.params.get("prompt") or ticket.job.params.get("title")),
        )
        assert_fits_discord(Reply([progress_message(first)]))


def test_the_fuzz_covers_every_option_of_every_command() -> None:
    assert set(OPTIONS) == set(Intent)
    for intent, model in PARAMS_BY_INTENT.items():
        assert set(OPTIONS[intent]) == set(model.model_fields), intent


@FUZZ
@given(command=_COMMANDS, seeded=st.booleans())
def test_any_command_options_get_an_answer_that_fits(
    stack: Stack, command: tuple[Intent, dict[str, Any]], seeded: bool
) -> None:
    _run(stack, *command, seeded)


@pytest.mark.slow
@DEEP
@given(command=_COMMANDS, seeded=st.booleans())
def test_any_command_options_get_an_answer_that_fits_deep(
    stack: Stack, command: tuple[Intent, dict[str, Any]], seeded: bool
) -> None:
    _run(stack, *command, seeded)


def test_known_hostile_options_are_refused_with_what_to_change(stack: Stack) -> None:
    """The ones fuzzing found: ids past what SQLite holds, surrogates, options of a command
    that takes none."""
    cases: list[tuple[Intent, dict[str, Any], str]] = [
        (Intent.JOB_STATUS, {"job_id": 2**63}, "job_id must be between 1 and"),
        (Intent.JOB_CANCEL, {"job_id": 2**64}, "job_id must be between 1 and"),
        (Intent.CHAT, {"x": 1}, "takes no options"),
        (Intent.GENERATE_IMAGE, {"prompt": "fox", "count": 9}, "count must be between 1 and 4"),
        # a synopsis (typed, or read from an attached file) longer than one may be
        (Intent.ANALYZE_SHOW, {"title": "Epic", "text": "saga " * 12_001}, "the most allowed"),
    ]
    for intent, options, expected in cases:
        result = stack.run_command(intent, options, stack.ctx())
        assert result.error is not None and result.error.code is ErrorCode.INVALID_INPUT
        assert expected in result.error.message
        check_result(result)
    # A lone surrogate (valid JSON, invalid Unicode) is replaced, not a crash or a refusal.
    shown = stack.run_command(Intent.SHOW_DNA, {"title": "Va\ud800ult"}, stack.ctx())
    assert shown.error is not None and shown.error.code is ErrorCode.NOT_FOUND
    assert "Va\ufffdult" in shown.error.message


@FUZZ
@given(
    key=st.one_of(st.sampled_from(list(LIMIT_KEYS)), hostile_text(walls=False)), raw=hostile_text()
)
def test_admin_limit_values_are_parsed_or_explained(key: str, raw: str) -> None:
    """`/admin limits setting: value:` takes free text from admins: parsed, or refused saying
    what the setting takes; and whatever words a server blocks, checking a prompt never fails."""
    result = parse_update(GuildLimits(), key, raw)
    if result.error is not None:
        assert_user_error(result.error)
        return
    limits = result.unwrap()
    for prompt in (raw, f"a fox {raw} in the snow"):
        checked = check_request(
            limits, Intent.GENERATE_IMAGE, {"prompt": prompt, "count": 4}, nsfw_channel=False
        )
        if checked.error is not None:
            assert_user_error(checked.error)
