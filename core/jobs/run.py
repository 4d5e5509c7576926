"""One pass of a runner (a single job, or a batch of compatible drafts), the reporter that each
of its jobs gets, and the `JobRuntime` the service, its lanes and the reporters share (the store,
the progress sink, metrics, clock and ETA) with its `publish()`.

A runner's progress takes one way through the job system: `Reporter.progress()` updates the job
in its run, writes it to the store now and then, asks the ETA model for the time left and
publishes. It never goes back to the lane, which only starts passes and ends them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import Any

from core.clock import Clock
from core.config import JobSettings
from core.errors import new_error_id
from core.jobs.eta import EtaModel
from core.jobs.model import Job, WorkProfile
from core.jobs.store import JobStore
from core.logging import get_logger
from core.metrics import Metrics
from core.ports.jobs import BatchingRunner, JobRunner
from core.ports.progress import JobState, ProgressSink, ProgressUpdate, StageLine
from core.result import ErrorCode, StepError, StepResult
from core.usage import TenantUsage, usage_scope

__all__ = ["JobRuntime", "Reporter", "Run", "summary_of"]

log = get_logger(__name__)
_SUMMARY_CHARS = 200

# Progress is published on every call, but written to the store at most this often (and on
# every stage change): a restart needs the stage, not every step.
_STORE_EVERY_S = 2.0


def summary_of(job: Job) -> str:
    """What the job is about, in a few words: the prompt, or the show's title."""
    for key in ("prompt", "title", "text"):
        value = job.params.get(key)
        if isinstance(value, str) and value:
            return value if len(value) <= _SUMMARY_CHARS else value[: _SUMMARY_CHARS - 1] + "…"
    return job.kind.value


@dataclass
class JobRuntime:
    store: JobStore
    sink: ProgressSink
    metrics: Metrics
    clock: Clock
    eta: EtaModel
    settings: JobSettings
    # Each server's Claude spend: a job's own calls are counted for the job's server.
    usage: TenantUsage | None = None

    async def publish(
        self,
        job: Job,
        *,
        state: JobState | None = None,
        error: StepError | None = None,
        result: Any = None,
        **fields: Any,
    ) -> None:
        update = ProgressUpdate(
            job_id=job.id,
            kind=job.kind.value,
            state=state or job.status,
            stage=fields.pop("stage", job.stage),
            error=error,
            result=result,
            summary=summary_of(job),
            tenant=job.tenant,
            user_id=job.user_id,
            channel_id=job.channel_id,
            thread_id=job.thread_id,
            message_id=job.message_id,
            **fields,
        )
        try:
            await self.sink.publish(update)
        except Exception:  # a frontend bug must not stop a job: the boundary logs it with an id
            log.exception(
                "progress_publish_failed",
                job_id=job.id,
                error_id=new_error_id(),
                state=update.state,
            )


class Run:
    """One pass of the runner. `jobs` holds the live copy of each job in it: the service reads
    and replaces it there (a cancel, a moved message) while the runner works."""

    def __init__(
        self,
        rt: JobRuntime,
        jobs: list[Job],
        *,
        profile: WorkProfile,
        estimate_s: float,
        started: float,
    ) -> None:
        self.job_ids = [job.id for job in jobs]
        self.jobs: dict[int, Job] = {job.id: job for job in jobs}
        self.reporters = {job.id: Reporter(rt, self, job.id) for job in jobs}
        self.profile = profile
        self.estimate_s = estimate_s
        self.started = started
        self.task: asyncio.Task[None] | None = None
        self._first_step: tuple[int, float] | None = None
        self._last_step: tuple[int, float] | None = None

    def current(self) -> list[Job]:
        """The live copies of the pass's jobs, in the order the runner got them."""
        return [self.jobs[job_id] for job_id in self.job_ids]

    def close(self) -> None:
        """The pass is over (or never started): late updates from the runner are dropped."""
        for reporter in self.reporters.values():
            reporter.close()

    # -- timing ----------------------------------------------------------------------------
    def note_step(self, step: int, total: int | None, now: float) -> None:
        # The runner knows the real step count (a lowered setting, say); the ETA follows it.
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
        """Seconds per step measured between the first and the last step reported."""
        if self._first_step is None or self._last_step is None:
            return None
        (s0, t0), (s1, t1) = self._first_step, self._last_step
        return (t1 - t0) / (s1 - s0) if s1 > s0 else None

    def remaining(self, eta: EtaModel, now: float) -> float:
        """Seconds until the pass is done, from its last reported step when there is one."""
        return eta.remaining(self.profile, elapsed_s=now - self.started, step=self.last_step)

    # -- running ---------------------------------------------------------------------------
    async def call_runner(
        self, runner: JobRunner, usage: TenantUsage | None
    ) -> list[StepResult[dict[str, Any]]]:
        """One result per job, in order; a runner that crashes fails every job of the pass."""
        jobs = self.current()
        reporters = [self.reporters[job_id] for job_id in self.job_ids]
        tenants = {job.tenant for job in jobs}  # a batch of several servers: bot-wide only
        try:
            with usage_scope(usage if len(tenants) == 1 else None, jobs[0].tenant):
                if len(jobs) > 1 and isinstance(runner, BatchingRunner):
                    results = await runner.run_batch(jobs, reporters)
                else:
                    results = [await runner.run(jobs[0], reporters[0])]
            if len(results) != len(jobs):
                raise RuntimeError(f"runner returned {len(results)} results for {len(jobs)} jobs")
            return results
        except asyncio.CancelledError:
            raise
        except Exception:  # the outer boundary of a job: log with an id the user is shown
            error_id = new_error_id()
            log.exception("job_run_crashed", job_ids=self.job_ids, error_id=error_id)
            return [
                StepResult.failure(
                    ErrorCode.INTERNAL,
                    "Something went wrong while running this job.",
                    error_id=error_id,
                )
                for _ in jobs
            ]


class Reporter:
    """The `JobReporter` a runner gets for one job of a run."""

    def __init__(self, rt: JobRuntime, run: Run, job_id: int) -> None:
        self._rt = rt
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
        """When the user asked to stop (monotonic), to measure how long the runner took."""
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
        rt = self._rt
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
            eta_s=run.remaining(rt.eta, rt.clock.monotonic()),
            preview_png=preview_png,
            stages=stages,
            note=note,
        )
