"""A lane: one runner, its fair queue, and the jobs it is running now.

The GPU runner's lane runs one job (or one batch of compatible drafts) at a time; in-process
runners may declare a `concurrency` above one, and an elastic runner (remote workers) has as much
room as it reports, read before every start. Every state change is committed to the store
before it is published to the progress sink.
"""

from __future__ import annotations

import asyncio
import heapq
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from core.errors import is_storage_full, new_error_id
from core.jobs.model import Job, WorkProfile
from core.jobs.runtime import JobRuntime
from core.jobs.scheduler import FairQueue
from core.logging import bind_context, get_logger
from core.ports.jobs import REQUEUE, BatchingRunner, ElasticRunner, JobRunner, ProfilingRunner
from core.ports.progress import JobState, StageLine
from core.result import ErrorCode, StepError, StepResult
from core.usage import usage_scope

__all__ = ["Lane", "Reporter", "Run"]

log = get_logger(__name__)

# Seconds a lane waits before trying again to start a job the store could not record.
STORE_RETRY_S = 5.0

# Progress is published on every call, but written to the store at most this often (and on
# every stage change): a restart needs the stage, not every step.
_STORE_EVERY_S = 2.0
# Queued jobs whose position changes get a fresh "queued #N, ETA" update; beyond this many
# places the numbers move too often to be worth an edit each.
_POSITIONS_PUBLISHED = 25


class Run:
    """One pass of the runner: a single job, or a batch of compatible jobs."""

    def __init__(self, jobs: list[Job], profile: WorkProfile, estimate_s: float, started: float):
        self.job_ids = [job.id for job in jobs]
        self.jobs: dict[int, Job] = {job.id: job for job in jobs}
        self.reporters: dict[int, Reporter] = {}
        self.profile = profile
        self.estimate_s = estimate_s
        self.started = started
        self.task: asyncio.Task[None] | None = None
        self._first_step: tuple[int, float] | None = None
        self._last_step: tuple[int, float] | None = None

    def note_step(self, step: int, total: int | None, now: float) -> None:
        if total and total != self.profile.steps:
            self.profile = replace(self.profile, steps=total)
        if self._first_step is None:
            self._first_step = (step, now)
        elif step > (self._last_step or self._first_step)[0]:
            self._last_step = (step, now)

    @property
    def last_step(self) -> int | None:
        point = self._last_step or self._first_step
        return point[0] if point else None

    def step_seconds(self) -> float | None:
        if self._first_step is None or self._last_step is None:
            return None
        (s0, t0), (s1, t1) = self._first_step, self._last_step
        return (t1 - t0) / (s1 - s0) if s1 > s0 else None


class Reporter:
    """The `JobReporter` a runner gets for one job."""

    def __init__(self, lane: Lane, run: Run, job_id: int) -> None:
        self._lane = lane
        self._run = run
        self._job_id = job_id
        self._cancel_at: float | None = None
        self._closed = False
        self._stored_at = -1e9

    @property
    def cancelled(self) -> bool:
        return self._cancel_at is not None

    @property
    def cancel_requested_at(self) -> float | None:
        return self._cancel_at

    def request_cancel(self, now: float) -> None:
        if self._cancel_at is None:
            self._cancel_at = now

    def close(self) -> None:
        self._closed = True

    async def progress(
        self,
        *,
        stage: str,
        step: int | None = None,
        total: int | None = None,
        preview_png: bytes | None = None,
        stages: tuple[StageLine, ...] = (),
        note: str | None = None,
    ) -> None:
        # After a cancel or the final state, a late update must not overwrite what the user saw.
        if self._closed or self.cancelled:
            return
        rt = self._lane.rt
        now = rt.clock.monotonic()
        run = self._run
        if step is not None:
            run.note_step(step, total, now)
        job = run.jobs[self._job_id]
        fraction = min(1.0, step / total) if step is not None and total else job.progress
        stage_changed = stage != job.stage
        job = job.evolve(stage=stage, progress=fraction)
        run.jobs[self._job_id] = job
        if stage_changed or now - self._stored_at >= _STORE_EVERY_S:
            self._stored_at = now
            await rt.store.update(job)
            if self._closed or self.cancelled:  # cancelled while writing: the final state stands
                return
        await rt.publish(
            job,
            state=JobState.RUNNING,
            step=step,
            total=total,
            eta_s=self._lane.remaining(run),
            preview_png=preview_png,
            stages=stages,
            note=note,
        )


class Lane:
    def __init__(
        self,
        rt: JobRuntime,
        runner: JobRunner,
        *,
        on_change: Callable[[], None],
    ) -> None:
        self.rt = rt
        self.runner = runner
        self.name = "+".join(sorted(kind.value for kind in runner.kinds))
        self.queue = FairQueue()
        self.runs: dict[int, Run] = {}
        self._on_change = on_change
        self._wakeup = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None
        self._published_positions: dict[int, int] = {}
        self._submit_eta: dict[int, tuple[float, float]] = {}
        if isinstance(runner, ElasticRunner):
            runner.on_capacity(self.wake)

    @property
    def concurrency(self) -> int:
        """Passes that may run at once; an elastic runner's room is read afresh each time."""
        if isinstance(self.runner, ElasticRunner):
            return max(0, int(self.runner.concurrency))
        return max(1, int(getattr(self.runner, "concurrency", 1)))

    # -- estimates -------------------------------------------------------------------------
    def profile(self, job: Job) -> WorkProfile:
        if isinstance(self.runner, ProfilingRunner):
            return self.runner.profile(job)
        return WorkProfile(model=job.kind.value)

    def remaining(self, run: Run) -> float:
        elapsed = self.rt.clock.monotonic() - run.started
        return self.rt.eta.remaining(run.profile, elapsed_s=elapsed, step=run.last_step)

    def active_runs(self) -> list[Run]:
        return list({id(run): run for run in self.runs.values()}.values())

    def tickets(self) -> dict[int, tuple[int, float]]:
        """(position, seconds until done) of every queued job, playing the queue forward on
        `concurrency` slots that free up as the running jobs finish."""
        slots = [self.remaining(run) for run in self.active_runs()]
        # With no room at all (no remote worker yet), estimate as if one slot were coming.
        slots += [0.0] * max(0, max(1, self.concurrency) - len(slots))
        heapq.heapify(slots)
        out: dict[int, tuple[int, float]] = {}
        for position, job in enumerate(self.queue.order(), start=1):
            start = heapq.heappop(slots)
            done = start + self.rt.eta.estimate(self.profile(job))
            heapq.heappush(slots, done)
            out[job.id] = (position, done)
        return out

    def remember_submit_eta(self, job_id: int, eta_s: float) -> None:
        self._submit_eta[job_id] = (eta_s, self.rt.clock.monotonic())

    def forget(self, job_id: int) -> None:
        self._submit_eta.pop(job_id, None)
        self._published_positions.pop(job_id, None)

    # -- running ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._loop_task is None:
            self._loop_task = asyncio.create_task(self._loop(), name=f"jobs-lane-{self.name}")
            self.wake()

    @property
    def started(self) -> bool:
        return self._loop_task is not None

    def wake(self) -> None:
        self._wakeup.set()

    async def stop(self) -> list[Job]:
        """Stop dispatching and abandon the running passes; returns the jobs that were running
        (the service puts them back in the queue for the next start)."""
        interrupted = [run.jobs[i] for run in self.active_runs() for i in run.job_ids]
        tasks = [t for t in (self._loop_task, *(r.task for r in self.active_runs())) if t]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._loop_task = None
        return [job for job in interrupted if job.status is JobState.RUNNING]

    async def _loop(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while len(self.active_runs()) < self.concurrency and len(self.queue):
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
                    self.rt.metrics.inc("job_store_errors_total", phase="start")
                    await self.rt.clock.sleep(STORE_RETRY_S)
                    self.wake()
                    break

    async def _start_next(self) -> None:
        head = self.queue.pop_next()
        if head is None:
            return
        group = [head]
        runner = self.runner
        if isinstance(runner, BatchingRunner) and self.rt.settings.batch_drafts:
            group += self.queue.companions(
                head,
                key=runner.batch_key,
                cost=runner.batch_cost,
                budget=self.rt.settings.max_batch,
            )
        cost = sum(runner.batch_cost(j) for j in group) if isinstance(runner, BatchingRunner) else 1
        head_profile = self.profile(head)
        profile = replace(head_profile, batch=max(head_profile.batch, cost))
        wall, mono = self.rt.clock.time(), self.rt.clock.monotonic()
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
        run = Run(jobs, profile, self.rt.eta.estimate(profile), mono)
        for job in jobs:
            self.runs[job.id] = run
            run.reporters[job.id] = Reporter(self, run, job.id)
            self._published_positions.pop(job.id, None)
        try:
            for job in jobs:
                await self.rt.store.update(job)
        except sqlite3.Error:
            for queued in group:  # undo: nothing ran, each job keeps its place in line
                self.runs.pop(queued.id, None)
                run.reporters[queued.id].close()
                self.queue.push(queued)
            raise
        for job in jobs:
            self.rt.metrics.observe(
                "job_wait_seconds", max(0.0, wall - job.created_at), kind=job.kind
            )
        for job in jobs:
            await self.rt.publish(job, stage="starting", eta_s=run.estimate_s)
        run.task = asyncio.create_task(self._execute(run), name=f"job-{head.id}")
        self._on_change()
        await self.publish_positions()

    async def _execute(self, run: Run) -> None:
        jobs = [run.jobs[i] for i in run.job_ids]
        reporters = [run.reporters[i] for i in run.job_ids]
        try:
            with bind_context(job_id=run.job_ids[0], batch=len(jobs) if len(jobs) > 1 else None):
                results = await self._call_runner(jobs, reporters)
            elapsed = self.rt.clock.monotonic() - run.started
            finished_ok = [
                i
                for i, r in zip(run.job_ids, results, strict=True)
                if r.ok and run.jobs[i].status is JobState.RUNNING
            ]
            if finished_ok and elapsed > 0:
                await self._learn(run, elapsed)
            for job_id, result in zip(run.job_ids, results, strict=True):
                try:
                    await self._finish(run, job_id, result)
                except sqlite3.Error as exc:
                    await self._finish_unsaved(run, job_id, result, exc)
        finally:
            for job_id in run.job_ids:
                self.runs.pop(job_id, None)
                run.reporters[job_id].close()
                self.queue.release(job_id)
            self.wake()
            self._on_change()
        await self.publish_positions()

    async def _call_runner(
        self, jobs: list[Job], reporters: list[Reporter]
    ) -> list[StepResult[dict[str, Any]]]:
        tenants = {job.tenant for job in jobs}  # a batch of several servers: bot-wide only
        usage = self.rt.usage if len(tenants) == 1 else None
        try:
            with usage_scope(usage, jobs[0].tenant):
                if len(jobs) > 1 and isinstance(self.runner, BatchingRunner):
                    results = await self.runner.run_batch(jobs, reporters)
                else:
                    results = [await self.runner.run(jobs[0], reporters[0])]
            if len(results) != len(jobs):
                raise RuntimeError(f"runner returned {len(results)} results for {len(jobs)} jobs")
            return results
        except asyncio.CancelledError:
            raise
        except Exception:  # the outer boundary of a job: log with an id the user is shown
            error_id = new_error_id()
            log.exception("job_run_crashed", job_ids=[j.id for j in jobs], error_id=error_id)
            return [
                StepResult.failure(
                    ErrorCode.INTERNAL,
                    "Something went wrong while running this job.",
                    error_id=error_id,
                )
                for _ in jobs
            ]

    async def _learn(self, run: Run, elapsed: float) -> None:
        kind = run.jobs[run.job_ids[0]].kind
        self.rt.metrics.observe(
            "eta_abs_error_ratio", abs(run.estimate_s - elapsed) / elapsed, kind=kind, phase="run"
        )
        stats = self.rt.eta.observe(run.profile, total_s=elapsed, step_s=run.step_seconds())
        await self.rt.store.save_eta(stats)

    async def _finish(self, run: Run, job_id: int, result: StepResult[dict[str, Any]]) -> None:
        rt = self.rt
        job = run.jobs[job_id]
        reporter = run.reporters[job_id]
        reporter.close()
        kind = job.kind
        if job.status is JobState.CANCELLED:  # the user cancelled while it ran: already final
            if reporter.cancel_requested_at is not None:
                rt.metrics.observe(
                    "job_cancel_stop_seconds",
                    rt.clock.monotonic() - reporter.cancel_requested_at,
                    kind=kind,
                )
            if result.error is None and result.value:
                # What the runner finished before it stopped (scenes already written) is kept
                # and shown, marked as cancelled.
                job = job.evolve(result=dict(result.value))
                run.jobs[job_id] = job
                await rt.store.update(job)
                await rt.publish(job, result=job.result)
            return
        now = rt.clock.time()
        rt.metrics.observe("job_seconds", max(0.0, now - (job.started_at or now)), kind=kind)
        if result.error is None:
            job = job.evolve(
                status=JobState.SUCCEEDED,
                finished_at=now,
                progress=1.0,
                stage="done",
                result=dict(result.value or {}),
            )
            run.jobs[job_id] = job  # final before any await: a late cancel sees it is done
            await rt.store.update(job)
            rt.metrics.inc("jobs_total", kind=kind, outcome="succeeded")
            self._observe_submit_eta(job)
            log.info("job_finished", job_id=job.id, kind=kind, outcome="succeeded")
            await rt.publish(job, result=job.result)
            return
        error = result.error
        if error.details.get(REQUEUE) and job.attempts < rt.settings.max_attempts:
            await self._requeue(run, job, error)
            return
        self._submit_eta.pop(job.id, None)
        message = error.message
        if error.details.get(REQUEUE):
            message = f"{message} It was tried {job.attempts} times, so it was stopped."
            error = StepError(
                code=error.code, message=message, retryable=False, error_id=error.error_id
            )
        state = JobState.CANCELLED if error.code is ErrorCode.CANCELLED else JobState.FAILED
        job = job.evolve(
            status=state,
            finished_at=now,
            stage=state.value,
            error_code=error.code.value,
            error_message=message,
        )
        run.jobs[job_id] = job
        await rt.store.update(job)
        rt.metrics.inc("jobs_total", kind=kind, outcome=state.value)
        log.info("job_finished", job_id=job.id, kind=kind, outcome=state.value, code=error.code)
        await rt.publish(job, error=error)

    async def _finish_unsaved(
        self, run: Run, job_id: int, result: StepResult[dict[str, Any]], exc: sqlite3.Error
    ) -> None:
        """The job ended but the store could not record it (a full disk): the user still gets
        the outcome; the store keeps the job as running, so a restart runs it again."""
        job = run.jobs[job_id]
        log.error(
            "job_finish_not_saved",
            job_id=job_id,
            storage_full=is_storage_full(exc),
            error=str(exc),
        )
        self.rt.metrics.inc("job_store_errors_total", phase="finish")
        note = (
            "The bot could not save this job's outcome (its disk is full); "
            "it may run again after the bot restarts."
        )
        if result.error is None:
            await self.rt.publish(
                job, state=JobState.SUCCEEDED, result=dict(result.value or {}), note=note
            )
        else:
            await self.rt.publish(job, state=JobState.FAILED, error=result.error, note=note)

    async def _requeue(self, run: Run, job: Job, error: StepError) -> None:
        rt = self.rt
        job = job.evolve(status=JobState.QUEUED, stage="queued", progress=0.0, started_at=None)
        # Queued again before any await, so a cancel arriving meanwhile finds it in the queue.
        run.jobs[job.id] = job
        self.queue.push(job)
        await rt.store.update(job)
        if job.id not in self.queue:  # cancelled while the store was written
            return
        rt.metrics.inc("jobs_requeued_total", kind=job.kind)
        log.warning("job_requeued", job_id=job.id, attempts=job.attempts, reason=error.message)
        position, eta = self.tickets().get(job.id, (None, None))
        self._published_positions[job.id] = position or 0
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

    def _observe_submit_eta(self, job: Job) -> None:
        promised = self._submit_eta.pop(job.id, None)
        if promised is None:
            return
        eta_s, at = promised
        actual = self.rt.clock.monotonic() - at
        if actual > 0:
            self.rt.metrics.observe(
                "eta_abs_error_ratio", abs(eta_s - actual) / actual, kind=job.kind, phase="submit"
            )

    # -- queued updates --------------------------------------------------------------------
    async def publish_positions(self) -> None:
        """Tell queued jobs whose place in line changed where they are now."""
        tickets = self.tickets()
        for job_id in list(self._published_positions):
            if job_id not in tickets:
                del self._published_positions[job_id]
        for job_id, (position, eta) in tickets.items():
            if position > _POSITIONS_PUBLISHED:
                break
            if self._published_positions.get(job_id) == position:
                continue
            self._published_positions[job_id] = position
            job = self.queue.get(job_id)
            if job is not None:
                await self.rt.publish(job, queue_position=position, eta_s=eta, stage="queued")

    def mark_published(self, job_id: int, position: int) -> None:
        self._published_positions[job_id] = position
