"""Restart safety: nothing a user submitted is lost when the bot stops, however it stops."""

from __future__ import annotations

from pathlib import Path

from core.clock import FakeClock
from core.config import JobSettings
from core.jobs.model import Job, JobKind
from core.jobs.service import JobQueue
from core.jobs.store import JobStore
from core.metrics import Metrics
from core.ports.progress import JobState
from tests.support.jobs import RecordingSink, StepRunner, ctx


async def _seed(store: JobStore, status: JobState, attempts: int, **extra: object) -> Job:
    job, _ = await store.insert(
        Job(
            id=0,
            kind=JobKind(str(extra.pop("kind", JobKind.IMAGE))),
            params={"prompt": f"{status.value}-{attempts}"},
            tenant="g1",
            user_id="u1",
            status=status,
            attempts=attempts,
            created_at=1.0,
            thread_id="t-1",
            message_id=f"m-{status.value}-{attempts}",
        )
    )
    return job


async def test_restart_with_jobs_in_every_state(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "jobs.sqlite3"
    store = await JobStore.open(path)
    queued = await _seed(store, JobState.QUEUED, 0)
    running = await _seed(store, JobState.RUNNING, 1)
    worn_out = await _seed(store, JobState.RUNNING, 3)
    done = await _seed(store, JobState.SUCCEEDED, 1)
    failed = await _seed(store, JobState.FAILED, 1)
    cancelled = await _seed(store, JobState.CANCELLED, 0)
    orphan = await _seed(store, JobState.QUEUED, 0, kind=JobKind.TRANSFORM)
    await store.close()  # the bot "crashed" here

    store = await JobStore.open(path)
    sink = RecordingSink()
    runner = StepRunner(clock, steps=2)
    queue = JobQueue(
        store,
        settings=JobSettings(max_attempts=3),
        sink=sink,
        metrics=Metrics(),
        clock=clock,
        runners=[runner],
    )
    await queue.start()
    await sink.wait_final(queued.id, running.id, worn_out.id, orphan.id)

    assert sorted(runner.started) == [queued.id, running.id]
    # Re-published to the stored message, so the frontend edits the same message again.
    first = sink.of(running.id)[0]
    assert first.state is JobState.QUEUED and first.message_id == running.message_id
    assert first.note == "The bot restarted while making this; retrying (attempt 2 of 3)."
    after = {j: (await queue.get(j, ctx())).unwrap() for j in (queued.id, running.id)}
    assert after[queued.id].status is JobState.SUCCEEDED and after[queued.id].attempts == 1
    assert after[running.id].status is JobState.SUCCEEDED and after[running.id].attempts == 2

    gave_up = (await queue.get(worn_out.id, ctx())).unwrap()
    assert gave_up.status is JobState.FAILED and "3 times" in (gave_up.error_message or "")
    no_runner = (await queue.get(orphan.id, ctx())).unwrap()
    assert no_runner.status is JobState.FAILED and no_runner.error_code == "unavailable"
    for untouched in (done, failed, cancelled):
        assert (await queue.get(untouched.id, ctx())).unwrap().status is untouched.status
        assert sink.of(untouched.id) == []
    await queue.close()
    await store.close()


async def test_a_submitted_job_is_on_disk_before_the_ticket_is_returned(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "jobs.sqlite3"
    store = await JobStore.open(path)
    queue = JobQueue(
        store, settings=JobSettings(), sink=RecordingSink(), metrics=Metrics(), clock=clock
    )
    queue.add_runner(StepRunner(clock))
    ticket = (await queue.submit(JobKind.IMAGE, {"prompt": "p"}, ctx(request="r1"))).unwrap()
    # A second connection (another process after a crash) sees it already.
    other = await JobStore.open(path)
    seen = await other.get(ticket.job.id)
    assert seen is not None and seen.status is JobState.QUEUED and seen.request_id == "r1"
    await other.close()
    await store.close()


async def test_graceful_close_requeues_running_jobs_without_using_an_attempt(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "jobs.sqlite3"
    store = await JobStore.open(path)
    sink = RecordingSink()
    runner = StepRunner(clock, steps=5)
    runner.gate.clear()
    queue = JobQueue(
        store, settings=JobSettings(), sink=sink, metrics=Metrics(), clock=clock, runners=[runner]
    )
    await queue.start()
    job = (await queue.submit(JobKind.IMAGE, {"prompt": "p"}, ctx())).unwrap().job
    while not runner.started:
        await sink.wait_any()
    await queue.close()
    stored = await store.get(job.id)
    assert stored is not None and stored.status is JobState.QUEUED and stored.attempts == 0
    await store.close()
