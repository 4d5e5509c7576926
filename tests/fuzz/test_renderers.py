"""What a job's thread shows (its name, the progress message, the result, /job status, Info)
and the text helpers under every reply, fed hostile prompts, titles, stages, notes and errors:
always within Discord's limits, nothing of the text lost when it is split, and button ids that
never crash the click handler. Pure functions, so many examples cost little."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from bot import console, custom_ids
from bot.render.limits import MAX_CONTENT, split_content, truncate
from bot.render.model import Reply
from bot.render.progress import (
    job_info_embed,
    progress_message,
    result_messages,
    thread_name,
)
from bot.render.replies import render_result
from core.jobs.model import Job, JobKind, JobTicket
from core.ports.progress import JobState, ProgressUpdate, StageLine
from core.replies import JobAccepted, JobCancelled, JobInfo
from core.result import ErrorCode, StepError, StepResult
from tests.fuzz.strategies import hostile_text
from tests.fuzz.support import assert_fits_discord

_TEXT = hostile_text()
_IDS = st.integers(1, 2**53)
# Stage names come from the runners ("denoising", "scene 3"), not from users: short, any letters.
_STAGE = st.one_of(
    st.sampled_from(["", "queued", "loading model", "denoising", "scene 12", "exports"]),
    hostile_text(walls=False).map(lambda s: s[:60]),
)

_ERRORS = st.builds(
    StepError,
    code=st.sampled_from([c for c in ErrorCode if c is not ErrorCode.INTERNAL]),
    message=_TEXT.filter(str.strip),  # every error says something
)


@st.composite
def _jobs(draw: st.DrawFn) -> Job:
    kind = draw(st.sampled_from(list(JobKind)))
    keys = st.sampled_from(["prompt", "title", "setting", "tone", "style", "negative_prompt"])
    params = draw(st.dictionaries(keys, _TEXT, max_size=4))
    return Job(
        id=draw(_IDS),
        kind=kind,
        params=params,
        tenant="guild",
        user_id="member",
        status=draw(st.sampled_from(list(JobState))),
        stage=draw(_STAGE),
        progress=draw(st.floats(0, 1)),
        thread_id=draw(st.one_of(st.none(), st.just("123456789012345678"))),
        error_message=draw(st.one_of(st.none(), _TEXT)),
    )


_UPDATES = st.builds(
    ProgressUpdate,
    job_id=_IDS,
    kind=st.sampled_from([k.value for k in JobKind]),
    state=st.sampled_from(list(JobState)),
    stage=_STAGE,
    step=st.one_of(st.none(), st.integers(0, 100)),
    total=st.one_of(st.none(), st.integers(0, 100)),
    eta_s=st.one_of(st.none(), st.floats(-10, 1e9)),
    queue_position=st.one_of(st.none(), st.integers(0, 10_000)),
    stages=st.lists(
        st.builds(
            StageLine, name=_STAGE, state=st.sampled_from(["pending", "running", "done", "failed"])
        ),
        max_size=14,
    ).map(tuple),
    note=st.one_of(st.none(), _TEXT),
    error=st.one_of(st.none(), _ERRORS),
    result=st.one_of(
        st.none(),
        st.fixed_dictionaries(
            {},
            optional={
                "text": _TEXT,
                "logline": _TEXT,
                "notes": st.lists(_TEXT, max_size=5),
                "incomplete_reason": _TEXT,
            },
        ),
    ),
    summary=_TEXT,
)


@given(job=_jobs(), position=st.integers(0, 10_000), eta=st.one_of(st.none(), st.floats(0, 1e7)))
def test_job_replies_with_hostile_prompts_fit_discord(
    job: Job, position: int, eta: float | None
) -> None:
    ticket = JobTicket(job, position, eta)
    assert 1 <= len(thread_name(ticket)) <= 100
    for value in (JobAccepted(ticket), JobInfo(job, position, eta), JobCancelled(job)):
        result = StepResult.success(value)
        assert_fits_discord(render_result(result))
        assert console.render_result(result).strip()
    assert_fits_discord(Reply.embed(job_info_embed(job)))


@given(update=_UPDATES)
def test_progress_and_result_messages_fit_discord(update: ProgressUpdate) -> None:
    assert_fits_discord(Reply([progress_message(update)]))
    if update.state in (JobState.SUCCEEDED, JobState.CANCELLED):
        assert_fits_discord(Reply(result_messages(update)))
    assert console.render_result(StepResult.success(update)).strip()


@given(text=_TEXT, limit=st.integers(20, MAX_CONTENT))
def test_splitting_keeps_every_character_within_the_limit(text: str, limit: int) -> None:
    chunks = split_content(text, limit)
    assert all(1 <= len(chunk) <= limit for chunk in chunks)

    def visible(s: str) -> str:
        return "".join(s.split())

    assert visible("".join(chunks)) == visible(text)  # cut at boundaries, nothing dropped


@given(text=_TEXT, limit=st.integers(0, 5000))
def test_truncation_never_exceeds_its_limit(text: str, limit: int) -> None:
    cut = truncate(text, limit)
    assert len(cut) <= max(limit, len("… (truncated)"))
    if len(text) <= limit:
        assert cut == text


@given(
    custom_id=st.one_of(
        st.text(max_size=120),
        st.builds(
            "studio:{}:{}".format,
            st.sampled_from([a.value for a in custom_ids.Action]),
            st.one_of(st.text(max_size=30), st.text(string.digits + "²³¹٣", max_size=30)),
        ),
    )
)
def test_any_button_id_parses_without_crashing(custom_id: str) -> None:
    """A component id is data from the network: parsing it, and reading its job id, never
    raises (`"²".isdigit()` is True but `int("²")` fails)."""
    ref = custom_ids.parse(custom_id)
    if ref is not None:
        job_id = ref.job_id
        assert job_id is None or job_id >= 0


def test_a_refusal_that_says_when_to_retry_says_it_once() -> None:
    limited = StepResult.failure(
        ErrorCode.RATE_LIMITED,
        "You are sending commands too fast (the limit is 20 a minute). Try again in 7 s.",
        retry_after_s=7.0,
    )
    text = render_result(limited).messages[0].content or ""
    assert text.lower().count("try again") == 1, text
