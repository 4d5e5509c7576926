"""How a job's part in a pass ends: the runner's result becomes the job's final state.

Each final state is put in the run before any await, so a cancel that arrives meanwhile sees the
job is done, and committed to the store before it is published. A job whose worker died is not
finished here: `finish()` hands it back to the lane, which owns the line, to run again.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from core.errors import is_storage_full
from core.jobs.eta import EtaPromises
from core.jobs.run import JobRuntime, Run
from core.logging import get_logger
from core.ports.jobs import REQUEUE
from core.ports.progress import JobState
from core.result import ErrorCode, StepError, StepResult
from core.stats import ETA_ERROR, JOBS

__all__ = ["finish", "finish_unsaved", "learn"]

log = get_logger(__name__)


async def learn(rt: JobRuntime, run: Run, elapsed: float) -> None:
    """Teach the ETA model how long this pass took, and keep what it learned."""
    kind = run.jobs[run.job_ids[0]].kind
    rt.metrics.observe(ETA_ERROR, abs(run.estimate_s - elapsed) / elapsed, kind=kind, phase="run")
    stats = rt.eta.observe(run.profile, total_s=elapsed, step_s=run.step_seconds())
    await rt.store.save_eta(stats)


async def finish(
    rt: JobRuntime,
    run: Run,
    job_id: int,
    result: StepResult[dict[str, Any]],
    promises: EtaPromises,
) -> StepError | None:
    """Record and publish how the job ended. Returns the error when the job is to run again
    (its worker died and it has attempts left); the caller puts it back in line."""
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
            # What the runner finished before it stopped (scenes already written) is kept and
            # shown, marked as cancelled.
            job = job.evolve(result=dict(result.value))
            run.jobs[job_id] = job
            await rt.store.update(job)
            await rt.publish(job, result=job.result)
        return None
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
        rt.metrics.inc(JOBS, kind=kind, outcome="succeeded")
        ratio = promises.settle(job.id, now=rt.clock.monotonic())
        if ratio is not None:
            rt.metrics.observe(ETA_ERROR, ratio, kind=kind, phase="submit")
        log.info("job_finished", job_id=job.id, kind=kind, outcome="succeeded")
        await rt.publish(job, result=job.result)
        return None
    error = result.error
    if error.details.get(REQUEUE) and job.attempts < rt.settings.max_attempts:
        return error
    promises.drop(job.id)
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
    rt.metrics.inc(JOBS, kind=kind, outcome=state.value)
    log.info("job_finished", job_id=job.id, kind=kind, outcome=state.value, code=error.code)
    await rt.publish(job, error=error)
    return None


async def finish_unsaved(
    rt: JobRuntime,
    run: Run,
    job_id: int,
    result: StepResult[dict[str, Any]],
    exc: sqlite3.Error,
) -> None:
    """The job ended but the store could not record it (a full disk): the user still gets the
    outcome; the store keeps the job as running, so a restart runs it again."""
    job = run.jobs[job_id]
    log.error(
        "job_finish_not_saved",
        job_id=job_id,
        storage_full=is_storage_full(exc),
        error=str(exc),
    )
    rt.metrics.inc("job_store_errors_total", phase="finish")
    note = (
        "The bot could not save this job's outcome (its disk is full); "
        "it may run again after the bot restarts."
    )
    if result.error is None:
        await rt.publish(job, state=JobState.SUCCEEDED, result=dict(result.value or {}), note=note)
    else:
        await rt.publish(job, state=JobState.FAILED, error=result.error, note=note)
