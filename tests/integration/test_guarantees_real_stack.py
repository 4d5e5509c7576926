"""The guarantees the README cites, held on the real orchestrator and the real job service
(SQLite in a temp dir), not on doubles that re-implement them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from core.context import RequestContext
from core.intent.schema import Intent
from core.ports.progress import JobState
from core.replies import Confirmation, JobAccepted, JobCancelled
from core.result import ErrorCode
from tests.integration.real_stack import RealStack, real_stack

ALICE = RequestContext(tenant="g1", user_id="alice", channel_id="c1")


async def test_twenty_concurrent_submits_never_exceed_the_servers_per_member_cap(
    tmp_path: Path,
) -> None:
    async with real_stack(tmp_path) as stack:
        stack.runner.gate.clear()  # nothing finishes while the burst arrives
        assert (await stack.limits.update("g1", "jobs_per_user", "3", by_user="admin")).ok
        results = await asyncio.gather(
            *(
                stack.orchestrator.run_command(
                    Intent.GENERATE_IMAGE,
                    {"prompt": f"a fox {i}"},
                    RequestContext(
                        tenant="g1", user_id="alice", channel_id="c1", request_id=f"i{i}"
                    ),
                )
                for i in range(20)
            )
        )
        accepted = [r for r in results if r.ok and isinstance(r.value, JobAccepted)]
        refused = [r.unwrap_error() for r in results if not r.ok]
        assert len(accepted) == 3
        assert len(refused) == 17
        assert all(e.code is ErrorCode.RATE_LIMITED for e in refused)
        assert "This server allows 3 queued or running job(s) per member" in refused[0].message
        assert await stack.store.count_active("g1", "alice") == 3


BOB = RequestContext(tenant="g1", user_id="bob", channel_id="c1")
ADMIN = RequestContext(tenant="g1", user_id="mod", channel_id="c1", is_admin=True)


async def _bobs_running_job(stack: RealStack) -> int:
    stack.runner.gate.clear()  # held mid-run: cancelling it would be a real loss
    accepted = await stack.orchestrator.run_command(Intent.GENERATE_IMAGE, {"prompt": "owl"}, BOB)
    reply = accepted.unwrap()
    assert isinstance(reply, JobAccepted)
    return reply.ticket.job.id


@pytest.mark.parametrize(
    ("who", "text"),
    [
        (BOB, "cancel job {id}"),
        (BOB, "cancel my last job"),
        (ADMIN, "cancel job {id}"),
        (ADMIN, "stop job #{id} now"),
    ],
)
async def test_a_cancel_written_in_free_text_always_waits_for_a_click(
    tmp_path: Path, who: RequestContext, text: str
) -> None:
    async with real_stack(tmp_path) as stack:
        job_id = await _bobs_running_job(stack)
        result = await stack.orchestrator.handle_message(text.format(id=job_id), who)
        reply = result.unwrap()
        assert isinstance(reply, Confirmation), reply
        # The question names the job it will act on, fixed now (not "the latest" at click time).
        assert reply.reading.intent is Intent.JOB_CANCEL
        assert reply.reading.params["job_id"] == job_id
        job = (await stack.jobs.get(job_id, who)).unwrap()
        assert not job.status.terminal  # nothing happened without the click
        # The click (Run) comes back as a command from whoever clicked it.
        clicked = await stack.orchestrator.run_command(
            reply.reading.intent, reply.reading.params, who
        )
        assert isinstance(clicked.unwrap(), JobCancelled)
        assert (await stack.jobs.get(job_id, who)).unwrap().status is JobState.CANCELLED


async def test_a_member_cannot_even_be_offered_to_cancel_another_members_job(
    tmp_path: Path,
) -> None:
    async with real_stack(tmp_path) as stack:
        job_id = await _bobs_running_job(stack)
        result = await stack.orchestrator.handle_message(f"cancel job {job_id}", ALICE)
        error = result.unwrap_error()
        assert error.code is ErrorCode.FORBIDDEN and "server admin" in error.message
        assert not (await stack.jobs.get(job_id, ALICE)).unwrap().status.terminal


async def test_the_same_interaction_delivered_twice_makes_one_job(tmp_path: Path) -> None:
    """Discord may deliver an interaction twice (and a client may retry): one job, one ticket."""
    async with real_stack(tmp_path) as stack:
        stack.runner.gate.clear()
        same = RequestContext(tenant="g1", user_id="bob", channel_id="c1", request_id="1234")
        first, second = await asyncio.gather(
            stack.orchestrator.run_command(Intent.GENERATE_IMAGE, {"prompt": "a lighthouse"}, same),
            stack.orchestrator.run_command(Intent.GENERATE_IMAGE, {"prompt": "a lighthouse"}, same),
        )
        late = await stack.orchestrator.run_command(
            Intent.GENERATE_IMAGE, {"prompt": "a lighthouse"}, same
        )
        ids = {r.unwrap().ticket.job.id for r in (first, second, late)}
        assert len(ids) == 1
        assert len(await stack.store.recent("g1")) == 1
