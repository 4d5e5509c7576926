"""A lane: one runner, its fair queue, and the passes it is running now.

The GPU runner's lane runs one job (or one batch of compatible drafts) at a time; in-process
runners may declare a `concurrency` above one, and an elastic runner (remote workers) has as much
room as it reports, read before every start. Every state change is committed to the store
before it is published to the progress sink.

The service speaks to a lane only through what it means (enqueue, cancel, live, replace, ticket,
told, active, load); the queue and the runs stay inside, so the lane alone keeps them in step.
"""

from __future__ import annotations

import asyncio
import heapq
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from core.errors import is_storage_full
from core.jobs.eta import EtaPromises
from core.jobs.model import Job, JobKind, JobTicket, WorkProfile
from core.jobs.outcome import finish, finish_unsaved, learn
from core.jobs.run import JobRuntime, Run
from core.jobs.scheduler import FairQueue
from core.logging import bind_context, get_logger
from core.ports.jobs import (
    BatchingRunner,
    ElasticRunner,
    JobRunner,
    PreparingRunner,
    ProfilingRunner,
)
from core.ports.progress import JobState
from core.result import StepError, StepResult

__all__ = ["Lane", "LaneLoad"]

log = get_logger(__name__)

# Seconds a lane waits before trying again to start a job the store could not record.
STORE_RETRY_S = 5.0

# Queued jobs whose position changes get a fresh "queued #N, ETA" update; beyond this many
# places the numbers move too often to be worth an edit each.
_POSITIONS_PUBLISHED = 25


@dataclass(frozen=True, slots=True)
class LaneLoad:
    """What the queue and worker gauges show for one lane."""

    waiting: int
    oldest_created_at: float | None
    busy: int
    idle: int


class Lane:
    def __init__(
        self,
        rt: JobRuntime,
        runner: JobRunner,
        *,
        on_change: Callable[[], None],
    ) -> None:
        self._rt = rt
        self._runner = runner
        self.name = "+".join(sorted(kind.value for kind in runner.kinds))
        self._queue = FairQueue()
        self._runs: dict[int, Run] = {}
        self._on_change = on_change
        self._wakeup = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None
        self._published_positions: dict[int, int] = {}
        self._promises = EtaPromises()
        if isinstance(runner, ElasticRunner):
            runner.on_capacity(self.wake)

    # -- the jobs in line and running ------------------------------------------------------
    def prepare(self, kind: JobKind, params: dict[str, Any]) -> StepResult[dict[str, Any]]:
        """The params as the runner completes them before the job is stored (presets, seed)."""
        if isinstance(self._runner, PreparingRunner):
            return self._runner.prepare(kind, params)
        return StepResult.success(params)

    def enqueue(self, job: Job) -> None:
        self._queue.push(job)

    def live(self, job_id: int) -> Job | None:
        """The lane's own copy of a queued or running job, newer than the store's."""
        job = self._queue.get(job_id)  # first: a re-queued job is still in its old run
        if job is not None:
            return job
        run = self._runs.get(job_id)
        return run.jobs[job_id] if run is not None else None

    def replace(self, job: Job) -> None:
        """Put a changed copy of a live job (its message moved, say) where the lane keeps it."""
        run = self._runs.get(job.id)
        if run is not None:
            run.jobs[job.id] = job
        self._queue.replace(job)

    def cancel(self, cancelled: Job, *, requested_at: float) -> None:
        """Take a cancelled job out of line, or ask its runner to stop at the next safe point
        (the next denoising step): the user is told at once, and the lane frees the slot when
        the runner returns. The run then holds the cancelled job, so its end keeps it final."""
        job_id = cancelled.id
        if job_id in self._queue:
            self._queue.remove(job_id)
            self._promises.drop(job_id)
            self._published_positions.pop(job_id, None)
        elif job_id in self._runs:
            self._runs[job_id].reporters[job_id].request_cancel(requested_at)
        run = self._runs.get(job_id)
        if run is not None:
            run.jobs[job_id] = cancelled

    def active(self, tenant: str) -> list[Job]:
        """One server's running jobs, then its queued ones in queue order."""
        running = [
            job
            for run in self._active_runs()
            for job in run.current()
            if job.tenant == tenant and job.status is JobState.RUNNING
        ]
        return running + [job for job in self._queue.order() if job.tenant == tenant]

    def load(self) -> LaneLoad:
        busy = len(self._active_runs())
        return LaneLoad(
            waiting=len(self._queue),
            oldest_created_at=self._queue.oldest_created_at(),
            busy=busy,
            idle=max(0, self._concurrency - busy),
        )

    # -- what members are told -------------------------------------------------------------
    def ticket(self, job_id: int) -> JobTicket | None:
        """Place in line and ETA of a live job (place 0 while it runs); None when not live."""
        job = self.live(job_id)
        if job is None:
            return None
        if job_id not in self._queue:
            now = self._rt.clock.monotonic()
            return JobTicket(
                job=job, position=0, eta_s=self._runs[job_id].remaining(self._rt.eta, now)
            )
        position, eta = self._tickets()[job_id]
        return JobTicket(job=job, position=position, eta_s=eta)

    def told(self, job_id: int, position: int, *, eta_s: float | None = None) -> None:
        """Remember what the member was told: the place (they hear again only when it changes)
        and, at submit, the ETA promised (held against the real wait when the job is done)."""
        self._published_positions[job_id] = position
        if eta_s is not None:
            self._promises.make(job_id, eta_s, at=self._rt.clock.monotonic())

    async def publish_positions(self) -> None:
        """Tell queued jobs whose place in line changed where they are now."""
        tickets = self._tickets()
        for job_id in list(self._published_positions):
            if job_id not in tickets:
                del self._published_positions[job_id]
        for job_id, (position, eta) in tickets.items():
            if position > _POSITIONS_PUBLISHED:
                break
            if self._published_positions.get(job_id) == position:
                continue
            self._published_positions[job_id] = position
            job = self._queue.get(job_id)
            if job is not None:
                await self._rt.publish(job, queue_position=position, eta_s=eta, stage="queued")

    def _profile(self, job: Job) -> WorkProfile:
        if isinstance(self._runner, ProfilingRunner):
            return self._runner.profile(job)
        return WorkProfile(model=job.kind.value)

    def _tickets(self) -> dict[int, tuple[int, float]]:
        """(position, seconds until done) of every queued job, playing the queue forward on
        `concurrency` slots that free up as the running jobs finish."""
        now = self._rt.clock.monotonic()
        slots = [run.remaining(self._rt.eta, now) for run in self._active_runs()]
        # With no room at all (no remote worker yet), estimate as if one slot were coming.
        slots += [0.0] * max(0, max(1, self._concurrency) - len(slots))
        heapq.heapify(slots)
        out: dict[int, tuple[int, float]] = {}
        for position, job in enumerate(self._queue.order(), start=1):
            start = heapq.heappop(slots)
            done = start + self._rt.eta.estimate(self._profile(job))
            heapq.heappush(slots, done)
            out[job.id] = (position, done)
        return out

    # -- running ---------------------------------------------------------------------------
    @property
    def _concurrency(self) -> int:
        """Passes that may run at once; an elastic runner's room is read afresh each time."""
        if isinstance(self._runner, ElasticRunner):
            return max(0, int(self._runner.concurrency))
        return max(1, int(getattr(self._runner, "concurrency", 1)))

    def _active_runs(self) -> list[Run]:
        # A batch's run is listed once per job in `_runs`: count each run once.
        return list({id(run): run for run in self._runs.values()}.values())

    def start(self) -> None:
        if self._loop_task is None:
            self._loop_task = asyncio.create_task(self._loop(), name=f"jobs-lane-{self.name}")
            self.wake()

    def wake(self) -> None:
        self._wakeup.set()

    async def stop(self) -> list[Job]:
        """Stop dispatching and abandon the running passes; returns the jobs that were running
        (the service puts them back in the queue for the next start)."""
        interrupted = [job for run in self._active_runs() for job in run.current()]
        tasks = [t for t in (self._loop_task, *(r.task for r in self._active_runs())) if t]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._loop_task = None
        return [job for job in interrupted if job.status is JobState.RUNNING]

    async def _loop(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while len(self._active_runs()) < self._concurrency and len(self._queue):
                try:
                    await self._start_next()
                except sqlite3.Error as exc:
                    # The store could not record the start (a full disk, say). The jobs are back
                    # in the queue untouched; the lane waits and tries again rather than dying
                    # and leaving every later job queued until a restart.
                    log.error(
                        "job_start_not_saved",
                        lane=self.name,
                        storage_full=is_storage_full(exc),
                        error=str(exc),
                    )
                    self._rt.metrics.inc("job_store_errors_total", phase="start")
                    await self._rt.clock.sleep(STORE_RETRY_S)
                    self.wake()
                    break

    async def _start_next(self) -> None:
        rt = self._rt
        head = self._queue.pop_next()
        if head is None:
            return
        group = [head]
        runner = self._runner
        if isinstance(runner, BatchingRunner) and rt.settings.batch_drafts:
            group += self._queue.companions(
                head,
                key=runner.batch_key,
                cost=runner.batch_cost,
                budget=rt.settings.max_batch,
            )
        cost = sum(runner.batch_cost(j) for j in group) if isinstance(runner, BatchingRunner) else 1
        head_profile = self._profile(head)
        profile = replace(head_profile, batch=max(head_profile.batch, cost))
        wall, mono = rt.clock.time(), rt.clock.monotonic()
        jobs = [
            job.evolve(
                status=JobState.RUNNING,
                attempts=job.attempts + 1,
                started_at=wall,
                stage="starting",
                progress=0.0,
                error_code=None,
                error_message=None,
            )
            for job in group
        ]
        run = Run(rt, jobs, profile=profile, estimate_s=rt.eta.estimate(profile), started=mono)
        for job in jobs:
            self._runs[job.id] = run
            self._published_positions.pop(job.id, None)
        try:
            for job in jobs:
                await rt.store.update(job)
        except sqlite3.Error:
            run.close()
            for queued in group:  # undo: nothing ran, each job keeps its place in line
                self._runs.pop(queued.id, None)
                self._queue.push(queued)
            raise
        for job in jobs:
            rt.metrics.observe("job_wait_seconds", max(0.0, wall - job.created_at), kind=job.kind)
        for job in jobs:
            await rt.publish(job, stage="starting", eta_s=run.estimate_s)
        run.task = asyncio.create_task(self._execute(run), name=f"job-{head.id}")
        self._on_change()
        await self.publish_positions()

    async def _execute(self, run: Run) -> None:
        rt = self._rt
        try:
            batch = len(run.job_ids) if len(run.job_ids) > 1 else None
            with bind_context(job_id=run.job_ids[0], batch=batch):
                results = await run.call_runner(self._runner, rt.usage)
            elapsed = rt.clock.monotonic() - run.started
            finished_ok = [
                job_id
                for job_id, result in zip(run.job_ids, results, strict=True)
                if result.ok and run.jobs[job_id].status is JobState.RUNNING
            ]
            if finished_ok and elapsed > 0:
                await learn(rt, run, elapsed)
            for job_id, result in zip(run.job_ids, results, strict=True):
                try:
                    lost = await finish(rt, run, job_id, result, self._promises)
                    if lost is not None:
                        await self._requeue(run, job_id, lost)
                except sqlite3.Error as exc:
                    await finish_unsaved(rt, run, job_id, result, exc)
        finally:
            run.close()
            for job_id in run.job_ids:
                self._runs.pop(job_id, None)
                self._queue.release(job_id)
            self.wake()
            self._on_change()
        await self.publish_positions()

    async def _requeue(self, run: Run, job_id: int, error: StepError) -> None:
        """The worker died with the job: it goes back in line as its next attempt."""
        rt = self._rt
        job = run.jobs[job_id].evolve(
            status=JobState.QUEUED, stage="queued", progress=0.0, started_at=None
        )
        # Queued again before any await, so a cancel arriving meanwhile finds it in the queue.
        run.jobs[job_id] = job
        self._queue.push(job)
        await rt.store.update(job)
        if job_id not in self._queue:  # cancelled while the store was written
            return
        rt.metrics.inc("jobs_requeued_total", kind=job.kind)
        log.warning("job_requeued", job_id=job_id, attempts=job.attempts, reason=error.message)
        position, eta = self._tickets().get(job_id, (None, None))
        self._published_positions[job_id] = position or 0
        await rt.publish(
            job,
            queue_position=position,
            eta_s=eta,
            note=(
                "The worker stopped while making this; retrying "
                f"(attempt {job.attempts + 1} of {rt.settings.max_attempts})."
            ),
        )
        self.wake()
