"""Job ids in messages: numeric ids are looked up; a hexadecimal one is read as written and
answered with a message that says what to give instead (Studio's jobs are numbered)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.clock import FakeClock
from core.config import load_settings
from core.context import RequestContext
from core.conversation import ConversationStore
from core.intent.analyzer import IntentAnalyzer
from core.intent.extract import extract_params
from core.intent.schema import Intent
from core.intent.validate import validate_params
from core.metrics import Metrics
from core.orchestrator import Orchestrator
from core.ratelimit import RateLimiter
from core.result import ErrorCode

ALICE = RequestContext(tenant="g1", user_id="alice", channel_id="c1", thread_id="t1")


@pytest.mark.parametrize(
    ("intent", "text", "job_id"),
    [
        (Intent.JOB_STATUS, "how's job 4821 doing?", 4821),
        (Intent.JOB_STATUS, "status of 9f3a2c?", "9f3a2c"),
        (Intent.JOB_STATUS, "any news on B7E1?", "b7e1"),
        (Intent.JOB_STATUS, "ist Jb 19 fertig?", 19),
        (Intent.JOB_STATUS, "como va el trabago 33", 33),
        (Intent.JOB_STATUS, "où en est le job numéro 311 ?", 311),
        (Intent.JOB_CANCEL, "kill 5e8d pls", "5e8d"),
        (Intent.JOB_CANCEL, "cancela el trabajo 2f4e", "2f4e"),
        (Intent.JOB_STATUS, "is it done? it said 5 minutes", None),
        (Intent.JOB_STATUS, "is my render finished", None),
    ],
)
def test_the_job_a_message_names_is_read(intent: Intent, text: str, job_id: object) -> None:
    assert extract_params(intent, text).get("job_id") == job_id


def test_a_hex_id_gets_a_message_saying_what_to_give_instead() -> None:
    checked = validate_params(Intent.JOB_CANCEL, {"job_id": "a1b2c3"}, load_settings(env={}).limits)
    assert checked.error is not None
    assert checked.error.code is ErrorCode.INVALID_INPUT
    assert "a1b2c3" in checked.error.message
    assert "number" in checked.error.message and "latest job" in checked.error.message


async def test_a_member_asking_about_a_hex_job_is_told_jobs_are_numbered(
    analyzer: IntentAnalyzer, tmp_path: Path
) -> None:
    settings = load_settings(env={})
    clock = FakeClock()
    orchestrator = Orchestrator(
        settings=settings,
        metrics=Metrics(),
        analyzer=analyzer,
        conversations=ConversationStore(tmp_path / "conv.sqlite3", max_turns=8, clock=clock),
        rate_limiter=RateLimiter(per_minute=60, clock=clock),
        clock=clock,
        jobs=None,
        tools={},
    )
    result = await orchestrator.handle_message("is job a1b2c3 done yet?", ALICE)
    assert result.error is not None
    assert result.error.code is ErrorCode.INVALID_INPUT
    assert "“a1b2c3” is not one" in result.error.message
