"""The job service with a runner whose room comes and goes (remote workers joining and leaving):
nothing starts while no worker is there, a worker joining starts the waiting jobs at once in queue
order, and a job never starts beyond the room there is."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from core.clock import FakeClock
from core.config import JobSettings
from core.jobs.model import Job, JobKind, Priority
from core.jobs.service import JobQueue
from core.jobs.store import JobStore
from core.metrics import Metrics
from core.ports.jobs import ElasticRunner, JobReporter
from core.ports.progress import JobState
from core.result import StepResult
from tests.support.jobs import RecordingSink, ctx


class Workers:
    """An elastic runner: `room` workers; each job holds one until `release()`."""

    kinds = frozenset({JobKind.IMAGE})

    def __init__(self) -> None:
        self.room = 0
        self.started: list[int] = []
        self.running = 0
        self.peak = 0
        self._wakers: list[Callable[[], None]] = []
        self._done = asyncio.Event()

    @property
    def concurrency(self) -> int:
        return self.room

    def on_capacity(self, wake: Callable[[], None]) -> None:
        self._wakers.append(wake)

    def join(self, count: int = 1) -> None:
        self.room += count
        for wake in self._wakers:
            wake()

    def release(self) -> None:
        self._done.set()

    async def run(self, job: Job, reporter: JobReporter) -> StepResult[dict[str, Any]]:
        self.started.append(job.id)
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            await self._done.wait()
        finally:
            self.running -= 1
        return StepResult.success({"files": []})


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[tuple[JobQueue, Workers, RecordingSink]]:
    store = await JobStore.open(tmp_path / "jobs.sqlite3")
    workers = Workers()
    sink = RecordingSink()
    queue = JobQueue(
        store,
        settings=JobSettings(max_queued_per_user=20),
        sink=sink,
        metrics=Metrics(),
        clock=FakeClock(),
        runners=[workers],
    )
    await queue.start()
    yield queue, workers, sink
    await queue.close()
    await store.close()


async def test_jobs_wait_for_a_worker_then_start_in_queue_order_within_the_room(
    service: tuple[JobQueue, Workers, RecordingSink],
) -> None:
    queue, workers, sink = service
    assert isinstance(workers, ElasticRunner)
    bulk = [
        (
            await queue.submit(JobKind.IMAGE, {"prompt": f"b{i}"}, ctx("a"), priority=Priority.BULK)
        ).unwrap()
        for i in range(2)
    ]
    urgent = (await queue.submit(JobKind.IMAGE, {"prompt": "now"}, ctx("b"))).unwrap()
    await asyncio.sleep(0.05)
    assert workers.started == []  # no worker: everything waits in the bot's queue
    assert urgent.position == 1 and urgent.eta_s is not None  # still told where it stands
    workers.join()
    async with asyncio.timeout(2):
        while not workers.started:
            await asyncio.sleep(0.01)
    workers.join(2)
    async with asyncio.timeout(2):
        while len(workers.started) < 3:
            await asyncio.sleep(0.01)
    assert workers.started == [urgent.job.id, bulk[0].job.id, bulk[1].job.id]
    assert workers.peak <= 3
    workers.release()
    await sink.wait_final(*workers.started, timeout=2)
    assert all(sink.final(j).state is JobState.SUCCEEDED for j in workers.started)  # type: ignore[union-attr]


async def test_no_more_jobs_start_than_there_are_workers(
    service: tuple[JobQueue, Workers, RecordingSink],
) -> None:
    queue, workers, _ = service
    workers.join(2)
    for i in range(5):
        (await queue.submit(JobKind.IMAGE, {"prompt": f"j{i}"}, ctx(f"u{i}"))).unwrap()
    await asyncio.sleep(0.1)
    assert len(workers.started) == 2 and workers.peak == 2
    workers.room = 0  # both workers left: the running jobs finish, nothing new starts
    workers.release()
    await asyncio.sleep(0.1)
    assert len(workers.started) == 2
