"""The job service as users see it: queued -> running -> done, caps, idempotency, isolation,
cancel, fairness, priorities and runners that are missing or crash."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from core.clock import FakeClock
from core.jobs.model import Job, JobKind, Priority
from core.ports.jobs import REQUEUE
from core.ports.progress import JobState
from core.result import ErrorCode, StepResult
from tests.support.jobs import RecordingSink, StepRunner, ctx
from tests.unit.core.jobs.conftest import MakeQueue


async def test_progress_goes_queued_then_running_steps_then_succeeded_with_result(
    make_queue: MakeQueue, sink: RecordingSink, clock: FakeClock
) -> None:
    runner = StepRunner(clock, steps=3)
    queue = await make_queue(runner)
    ticket = (await queue.submit(JobKind.IMAGE, {"prompt": "a fox"}, ctx(request="i-1"))).unwrap()
    assert ticket.position == 1 and ticket.eta_s is not None and ticket.eta_s > 0
    await sink.wait_final(ticket.job.id)

    updates = sink.of(ticket.job.id)
    states = [u.state for u in updates]
    assert states[0] is JobState.QUEUED and updates[0].queue_position == 1
    assert states[-1] is JobState.SUCCEEDED
    steps = [u.step for u in updates if u.stage == "denoising"]
    assert steps == [1, 2, 3]
    assert all(u.summary == "a fox" for u in updates)
    assert updates[-1].result == {"files": [f"/media/{ticket.job.id}.png"]}
    stored = (await queue.get(ticket.job.id, ctx())).unwrap()
    assert stored.status is JobState.SUCCEEDED and stored.attempts == 1
    assert stored.result["files"]


async def test_the_same_interaction_never_makes_two_jobs(
    make_queue: MakeQueue, clock: FakeClock
) -> None:
    queue = await make_queue(StepRunner(clock), start=False)
    first = (await queue.submit(JobKind.IMAGE, {"prompt": "x"}, ctx(request="i-9"))).unwrap()
    again = (await queue.submit(JobKind.IMAGE, {"prompt": "x"}, ctx(request="i-9"))).unwrap()
    assert again.job.id == first.job.id
    assert len(await queue.active("g1")) == 1


async def test_caps_per_user_and_per_server_refuse_with_rate_limited(
    make_queue: MakeQueue, clock: FakeClock
) -> None:
    queue = await make_queue(
        StepRunner(clock), start=False, max_queued_per_user=2, max_queued_per_guild=3
    )
    for _ in range(2):
        assert (await queue.submit(JobKind.IMAGE, {"prompt": "p"}, ctx("alice"))).ok
    refused = await queue.submit(JobKind.IMAGE, {"prompt": "p"}, ctx("alice"))
    assert refused.error is not None and refused.error.code is ErrorCode.RATE_LIMITED
    assert "/job cancel" in refused.error.message
    assert (await queue.submit(JobKind.IMAGE, {"prompt": "p"}, ctx("bob"))).ok
    server_full = await queue.submit(JobKind.IMAGE, {"prompt": "p"}, ctx("carol"))
    assert server_full.error is not None and server_full.error.code is ErrorCode.RATE_LIMITED
    assert "server" in server_full.error.message
    # Another server is not affected by this one's jobs.
    assert (await queue.submit(JobKind.IMAGE, {"prompt": "p"}, ctx("carol", tenant="g2"))).ok


async def test_another_servers_job_is_not_found_and_only_owner_or_admin_cancels(
    make_queue: MakeQueue, clock: FakeClock, sink: RecordingSink
) -> None:
    queue = await make_queue(StepRunner(clock), start=False)
    job = (await queue.submit(JobKind.IMAGE, {"prompt": "p"}, ctx("alice"))).unwrap().job

    for op in (queue.get, queue.cancel):
        other = await op(job.id, ctx("alice", tenant="g2"))
        assert other.error is not None and other.error.code is ErrorCode.NOT_FOUND
    forbidden = await queue.cancel(job.id, ctx("mallory"))
    assert forbidden.error is not None and forbidden.error.code is ErrorCode.FORBIDDEN
    by_admin = await queue.cancel(job.id, ctx("boss", is_admin=True))
    assert by_admin.unwrap().status is JobState.CANCELLED
    final = sink.final(job.id)
    assert final is not None and final.state is JobState.CANCELLED
    again = await queue.cancel(job.id, ctx("alice"))
    assert again.error is not None and again.error.code is ErrorCode.INVALID_INPUT


async def test_cancel_while_queued_never_runs_the_job(
    make_queue: MakeQueue, clock: FakeClock, sink: RecordingSink
) -> None:
    runner = StepRunner(clock)
    queue = await make_queue(runner, start=False)
    keep = (await queue.submit(JobKind.IMAGE, {"prompt": "a"}, ctx())).unwrap().job
    drop = (await queue.submit(JobKind.IMAGE, {"prompt": "b"}, ctx())).unwrap().job
    assert (await queue.cancel(drop.id, ctx())).ok
    await queue.start()
    await sink.wait_final(keep.id)
    assert runner.started == [keep.id]
    assert (await queue.get(drop.id, ctx())).unwrap().status is JobState.CANCELLED


async def test_cancel_while_running_stops_at_the_next_step(
    make_queue: MakeQueue, clock: FakeClock, sink: RecordingSink
) -> None:
    runner = StepRunner(clock, steps=10)
    queue = await make_queue(runner)
    job = (await queue.submit(JobKind.IMAGE, {"prompt": "a"}, ctx())).unwrap().job
    while not any(u.step == 2 for u in sink.of(job.id)):
        await asyncio.sleep(0)
    runner.gate.clear()  # hold the runner between steps, as a GPU mid-step would be
    cancelled = (await queue.cancel(job.id, ctx())).unwrap()
    assert cancelled.status is JobState.CANCELLED
    runner.gate.set()
    nxt = (await queue.submit(JobKind.IMAGE, {"prompt": "next"}, ctx())).unwrap().job
    await sink.wait_final(nxt.id)

    steps = [u.step for u in sink.of(job.id) if u.step is not None]
    assert max(steps) <= 3, "the runner went on after the cancel"
    assert sink.final(job.id).state is JobState.CANCELLED  # type: ignore[union-attr]
    assert not [u for u in sink.of(job.id) if u.state is JobState.SUCCEEDED]
    assert queue._rt.metrics.timing("job_cancel_stop_seconds", kind=JobKind.IMAGE).count == 1


async def test_one_users_twenty_jobs_do_not_starve_another_user(
    make_queue: MakeQueue, clock: FakeClock, sink: RecordingSink
) -> None:
    runner = StepRunner(clock, steps=1)
    queue = await make_queue(runner, start=False, max_queued_per_user=50)
    alice = [
        (await queue.submit(JobKind.IMAGE, {"prompt": f"a{i}"}, ctx("alice"))).unwrap().job.id
        for i in range(20)
    ]
    bob = [
        (await queue.submit(JobKind.IMAGE, {"prompt": f"b{i}"}, ctx("bob"))).unwrap().job.id
        for i in range(2)
    ]
    ticket = await queue.ticket(bob[0])
    assert ticket is not None and ticket.position == 2  # right after Alice's first, not 21st
    await queue.start()
    await sink.wait_final(*alice, *bob)
    assert runner.started[:4] == [alice[0], bob[0], alice[1], bob[1]]
    assert runner.started[4:] == alice[2:]


async def test_interactive_drafts_run_before_finals_before_bulk(
    make_queue: MakeQueue, clock: FakeClock, sink: RecordingSink
) -> None:
    runner = StepRunner(clock, steps=1)
    queue = await make_queue(runner, start=False)
    bulk = await queue.submit(JobKind.IMAGE, {"prompt": "b", "bulk": True}, ctx("u1"))
    final = await queue.submit(JobKind.IMAGE, {"prompt": "f", "quality": "final"}, ctx("u2"))
    draft = await queue.submit(JobKind.IMAGE, {"prompt": "d"}, ctx("u3"))
    ids = [r.unwrap().job.id for r in (draft, final, bulk)]
    assert [r.unwrap().job.priority for r in (draft, final, bulk)] == list(Priority)
    await queue.start()
    await sink.wait_final(*ids)
    assert runner.started == ids


async def test_eta_counts_the_work_queued_ahead(make_queue: MakeQueue, clock: FakeClock) -> None:
    runner = StepRunner(clock, steps=4, step_s=0.5, fixed_s=1.0)
    queue = await make_queue(runner, start=False)
    tickets = [
        (await queue.submit(JobKind.IMAGE, {"prompt": str(i)}, ctx(f"u{i}"))).unwrap()
        for i in range(3)
    ]
    etas = [t.eta_s for t in tickets]
    assert [t.position for t in tickets] == [1, 2, 3]
    assert etas[0] is not None and etas[1] is not None and etas[2] is not None
    assert etas[1] > etas[0] and abs(etas[2] - 3 * etas[0]) < 1e-6


async def test_kind_without_runner_is_unavailable_at_once(make_queue: MakeQueue) -> None:
    queue = await make_queue()
    result = await queue.submit(JobKind.TRANSFORM, {"title": "Friends"}, ctx())
    assert result.error is not None and result.error.code is ErrorCode.UNAVAILABLE
    assert "transform" in result.error.message
    assert await queue.active("g1") == []


async def test_a_crashing_runner_fails_the_job_with_an_error_id(
    make_queue: MakeQueue, sink: RecordingSink
) -> None:
    class Broken:
        kinds = frozenset({JobKind.IMAGE})

        async def run(self, job: Job, reporter: Any) -> StepResult[dict[str, Any]]:
            raise RuntimeError("bug")

    queue = await make_queue(Broken())
    job = (await queue.submit(JobKind.IMAGE, {"prompt": "p"}, ctx())).unwrap().job
    await sink.wait_final(job.id)
    final = sink.final(job.id)
    assert final is not None and final.state is JobState.FAILED
    assert final.error is not None and final.error.code is ErrorCode.INTERNAL
    assert final.error.error_id
    assert queue._rt.metrics.counter("jobs_total", kind=JobKind.IMAGE, outcome="failed") == 1


async def test_a_lost_worker_requeues_the_job_until_attempts_run_out(
    make_queue: MakeQueue, clock: FakeClock, sink: RecordingSink
) -> None:
    runner = StepRunner(clock, steps=1)
    lost = StepResult[dict[str, Any]].failure(
        ErrorCode.UNAVAILABLE, "The worker stopped.", details={REQUEUE: True}
    )
    runner.outcome = lambda job: lost
    queue = await make_queue(runner, max_attempts=3)
    job = (await queue.submit(JobKind.IMAGE, {"prompt": "p"}, ctx())).unwrap().job
    await sink.wait_final(job.id)
    assert runner.started == [job.id] * 3
    notes = [u.note for u in sink.of(job.id) if u.note]
    assert notes == [
        "The worker stopped while making this; retrying (attempt 2 of 3).",
        "The worker stopped while making this; retrying (attempt 3 of 3).",
    ]
    final = (await queue.get(job.id, ctx())).unwrap()
    assert final.status is JobState.FAILED and final.attempts == 3
    assert "tried 3 times" in (final.error_message or "")


async def test_metrics_show_queue_depth_and_outcomes(
    make_queue: MakeQueue, clock: FakeClock, sink: RecordingSink
) -> None:
    queue = await make_queue(StepRunner(clock, steps=1), start=False)
    ids = [
        (await queue.submit(JobKind.IMAGE, {"prompt": "p"}, ctx())).unwrap().job.id for _ in "ab"
    ]
    metrics = queue._rt.metrics
    clock.advance(30)
    queue.refresh_gauges()
    assert metrics.gauge("queue_depth") == 2
    assert metrics.gauge("queue_oldest_wait_s") == 30
    await queue.start()
    await sink.wait_final(*ids)
    assert metrics.gauge("queue_depth") == 0
    assert metrics.counter("jobs_total", kind=JobKind.IMAGE, outcome="succeeded") == 2
    assert metrics.timing("job_seconds", kind=JobKind.IMAGE).count == 2
    assert metrics.timing("eta_abs_error_ratio", kind=JobKind.IMAGE, phase="run").count == 2
    assert metrics.gauge("workers_idle", lane="image") == 1


async def test_the_eta_promised_at_submit_is_measured_against_the_real_wait(
    make_queue: MakeQueue, clock: FakeClock, sink: RecordingSink
) -> None:
    # /admin stats shows how far off the "ETA about N s" told at submit was; a job cancelled
    # while it waited kept no promise, so it must not count.
    runner = StepRunner(clock, steps=2, step_s=0.5, fixed_s=1.0)
    queue = await make_queue(runner)
    runner.gate.clear()
    done = (await queue.submit(JobKind.IMAGE, {"prompt": "a"}, ctx("alice"))).unwrap()
    dropped = (await queue.submit(JobKind.IMAGE, {"prompt": "b"}, ctx("bob"))).unwrap()
    assert (await queue.cancel(dropped.job.id, ctx("bob"))).ok
    runner.gate.set()
    await sink.wait_final(done.job.id)

    promised = done.eta_s
    assert promised is not None
    actual = 1.0 + 2 * 0.5  # the runner's fixed cost and two steps, on the fake clock
    submit = queue._rt.metrics.timing("eta_abs_error_ratio", kind=JobKind.IMAGE, phase="submit")
    assert submit.count == 1
    assert submit.total == pytest.approx(abs(promised - actual) / actual)


async def test_attached_message_is_stored_and_carried_by_later_updates(
    make_queue: MakeQueue, clock: FakeClock, sink: RecordingSink
) -> None:
    queue = await make_queue(StepRunner(clock, steps=2), start=False)
    job = (await queue.submit(JobKind.IMAGE, {"prompt": "p"}, ctx())).unwrap().job
    await queue.attach_message(job.id, channel_id="c1", thread_id="t1", message_id="m1")
    await queue.start()
    await sink.wait_final(job.id)
    later = [u for u in sink.of(job.id) if u.state is not JobState.QUEUED]
    assert later and all(u.message_id == "m1" and u.thread_id == "t1" for u in later)
    ticket = await queue.ticket(job.id)  # a finished job is still found (e.g. after a restart)
    assert ticket is not None and ticket.job.message_id == "m1" and ticket.eta_s is None


async def test_active_lists_running_then_queued_and_latest_is_the_users_newest(
    make_queue: MakeQueue, clock: FakeClock, sink: RecordingSink
) -> None:
    runner = StepRunner(clock, steps=3)
    runner.gate.clear()
    queue = await make_queue(runner)
    first = (await queue.submit(JobKind.IMAGE, {"prompt": "1"}, ctx("a"))).unwrap().job
    second = (await queue.submit(JobKind.IMAGE, {"prompt": "2"}, ctx("b"))).unwrap().job
    other_server = await queue.submit(JobKind.IMAGE, {"prompt": "x"}, ctx("a", tenant="g2"))
    while not runner.started:
        await sink.wait_any()
    active = await queue.active("g1")
    assert [(j.id, j.status) for j in active] == [
        (first.id, JobState.RUNNING),
        (second.id, JobState.QUEUED),
    ]
    assert (await queue.latest(ctx("b"))).unwrap().id == second.id
    assert (await queue.ticket(second.id)).position == 1  # type: ignore[union-attr]
    runner.gate.set()
    await sink.wait_final(first.id, second.id, other_server.unwrap().job.id)
    assert await queue.active("g1") == []
