"""The media runner between the job service and a worker: relays, batching keys, cancel, loss."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.clock import FakeClock
from core.config import JobSettings, MediaSettings
from core.jobs.model import Job, JobKind
from core.jobs.service import JobQueue
from core.jobs.store import JobStore
from core.metrics import Metrics
from core.ports.jobs import REQUEUE
from core.result import ErrorCode
from tests.support.jobs import RecordingSink, ctx
from tools.media.jobs.media_runner import MediaRunner
from tools.media.protocol import EventHandler, RenderTask, TaskOutcome, WorkerDied, WorkerEvent

MEDIA = MediaSettings(image_model_draft="draft-model", image_model_final="final-model")


class FakeReporter:
    def __init__(self) -> None:
        self.cancelled = False
        self.seen: list[dict[str, Any]] = []

    async def progress(self, **fields: Any) -> None:
        self.seen.append(fields)


class FakeWorker:
    """Sends two step events, then waits to be released (or cancelled), then answers."""

    def __init__(self, *, die: bool = False) -> None:
        self.tasks: list[RenderTask] = []
        self.cancelled: list[str] = []
        self.release = asyncio.Event()
        self.die = die
        self.capacity = 1
        self.wakers: list[Callable[[], None]] = []

    def on_capacity(self, wake: Callable[[], None]) -> None:
        self.wakers.append(wake)

    async def run(self, task: RenderTask, on_event: EventHandler) -> TaskOutcome:
        self.tasks.append(task)
        first = task.items[0].job_id
        await on_event(WorkerEvent(task.task_id, "denoising", 1, 2, {first: b"png"}))
        await on_event(WorkerEvent(task.task_id, "denoising", 2, 2))
        if self.die:
            raise WorkerDied("exit code -9")
        await self.release.wait()
        if task.task_id in self.cancelled:
            return TaskOutcome(task.task_id, ok=False, error_code="cancelled", message="Cancelled.")
        results = {i.job_id: {"files": [f"/m/{i.job_id}.png"]} for i in task.items}
        return TaskOutcome(task.task_id, ok=True, results=results)

    async def cancel(self, task_id: str) -> None:
        self.cancelled.append(task_id)
        self.release.set()


def _job(runner: MediaRunner, job_id: int, **params: Any) -> Job:
    prepared = runner.prepare(JobKind.IMAGE, {"prompt": f"p{job_id}", **params}).unwrap()
    return Job(id=job_id, kind=JobKind.IMAGE, params=prepared, tenant="g", user_id="u")


async def test_a_batch_runs_as_one_task_and_each_job_gets_its_own_preview() -> None:
    worker = FakeWorker()
    runner = MediaRunner(worker, media=MEDIA, jobs=JobSettings())
    jobs = [_job(runner, 1, count=2), _job(runner, 2)]
    reporters = [FakeReporter(), FakeReporter()]
    worker.release.set()
    results = await runner.run_batch(jobs, reporters)
    assert [r.unwrap()["files"] for r in results] == [["/m/1.png"], ["/m/2.png"]]
    (task,) = worker.tasks
    assert task.images == 3 and task.model == "draft-model"
    assert reporters[0].seen[0]["preview_png"] == b"png"
    assert reporters[1].seen[0]["preview_png"] is None
    assert [s["step"] for s in reporters[1].seen] == [1, 2]


async def test_the_worker_is_told_to_stop_only_when_everyone_in_the_batch_cancelled() -> None:
    worker = FakeWorker()
    runner = MediaRunner(worker, media=MEDIA, jobs=JobSettings())
    reporters = [FakeReporter(), FakeReporter()]
    running = asyncio.create_task(runner.run_batch([_job(runner, 1), _job(runner, 2)], reporters))
    reporters[0].cancelled = True
    await asyncio.sleep(0.15)
    assert worker.cancelled == []  # the other job still wants its picture
    reporters[1].cancelled = True
    results = await asyncio.wait_for(running, 2)
    assert worker.cancelled and all(
        r.error and r.error.code is ErrorCode.CANCELLED for r in results
    )


async def test_a_dead_worker_asks_for_a_requeue() -> None:
    runner = MediaRunner(FakeWorker(die=True), media=MEDIA, jobs=JobSettings())
    (result,) = await runner.run_batch([_job(runner, 1)], [FakeReporter()])
    assert result.error is not None and result.error.code is ErrorCode.UNAVAILABLE
    assert result.error.details[REQUEUE] is True


def test_only_drafts_of_the_same_shape_share_a_batch_key() -> None:
    runner = MediaRunner(FakeWorker(), media=MEDIA, jobs=JobSettings())
    square, square2 = _job(runner, 1), _job(runner, 2, seed=9)
    wide = _job(runner, 3, aspect="landscape")
    final = _job(runner, 4, quality="final")
    assert runner.batch_key(square) == runner.batch_key(square2) is not None
    assert runner.batch_key(wide) != runner.batch_key(square)
    assert runner.batch_key(final) is None
    assert runner.batch_cost(_job(runner, 5, count=3)) == 3
    profile = runner.profile(final)
    assert (profile.model, profile.width, profile.steps) == ("final-model", 1024, 30)


async def test_a_job_waits_while_the_transport_has_no_room_and_starts_when_room_comes(
    tmp_path: Path,
) -> None:
    worker = FakeWorker()
    worker.capacity = 0  # remote transport, no worker registered yet
    store = await JobStore.open(tmp_path / "jobs.sqlite3")
    queue = JobQueue(
        store,
        settings=JobSettings(),
        sink=RecordingSink(),
        metrics=Metrics(),
        clock=FakeClock(),
        runners=[MediaRunner(worker, media=MEDIA, jobs=JobSettings())],
    )
    await queue.start()
    try:
        ticket = (await queue.submit(JobKind.IMAGE, {"prompt": "a fox"}, ctx())).unwrap()
        await asyncio.sleep(0.1)
        assert worker.tasks == []  # nothing is handed to a transport without room
        worker.capacity = 1
        for wake in worker.wakers:
            wake()
        async with asyncio.timeout(2):
            while not worker.tasks:
                await asyncio.sleep(0.01)
        assert [item.job_id for item in worker.tasks[0].items] == [ticket.job.id]
        worker.release.set()
    finally:
        await queue.close()
        await store.close()
