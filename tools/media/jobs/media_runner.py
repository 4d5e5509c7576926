"""`MediaRunner`: the job runner for images and videos, in front of a worker transport.

It resolves presets at submit (`prepare`), tells the ETA model what a job costs (`profile`),
groups compatible drafts (`batch_key`), turns jobs into one render task, relays the worker's
progress to each job's reporter, and sends a cancel to the worker once every job in the pass
has been cancelled.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
from collections.abc import Callable, Sequence
from typing import Any

from core.config import JobSettings, MediaSettings
from core.jobs.model import Job, JobKind, WorkProfile
from core.logging import get_logger
from core.ports.jobs import REQUEUE, JobReporter
from core.result import ErrorCode, StepResult
from tools.media.jobs.presets import RenderSpec, resolve
from tools.media.protocol import (
    RenderItem,
    RenderTask,
    TaskOutcome,
    WorkerDied,
    WorkerEvent,
    WorkerTransport,
)

__all__ = ["MediaRunner"]

log = get_logger(__name__)
_CANCEL_POLL_S = 0.05
_task_ids = itertools.count(1)


class MediaRunner:
    """The one media runner, whatever the transport: its room is the transport's (an elastic
    runner to the job service, so remote workers joining start waiting jobs at once)."""

    kinds = frozenset({JobKind.IMAGE, JobKind.VIDEO})

    def __init__(self, worker: WorkerTransport, *, media: MediaSettings, jobs: JobSettings):
        self._worker = worker
        self._media = media
        self._jobs = jobs

    @property
    def concurrency(self) -> int:
        return self._worker.capacity

    def on_capacity(self, wake: Callable[[], None]) -> None:
        self._worker.on_capacity(wake)

    # -- at submit -------------------------------------------------------------------------
    def prepare(self, kind: JobKind, params: dict[str, Any]) -> StepResult[dict[str, Any]]:
        return resolve(kind, params, self._media)

    def profile(self, job: Job) -> WorkProfile:
        spec = _spec(job)
        return WorkProfile(
            model=spec.model,
            width=spec.width,
            height=spec.height,
            steps=spec.steps,
            frames=spec.frames,
            batch=spec.count,
        )

    def batch_key(self, job: Job) -> str | None:
        spec = _spec(job)
        if spec.kind != "image" or spec.quality != "draft":
            return None
        return f"{spec.model}|{spec.width}x{spec.height}|{spec.steps}|{spec.guidance}"

    def batch_cost(self, job: Job) -> int:
        return _spec(job).count

    # -- running ---------------------------------------------------------------------------
    async def run(self, job: Job, reporter: JobReporter) -> StepResult[dict[str, Any]]:
        return (await self.run_batch([job], [reporter]))[0]

    async def run_batch(
        self, jobs: Sequence[Job], reporters: Sequence[JobReporter]
    ) -> list[StepResult[dict[str, Any]]]:
        limit = min(
            int(self._media.max_attachment_mb * 2**20),
            *(int(j.params.get("attachment_limit_bytes") or 2**62) for j in jobs),
        )
        task = _task(
            f"{os.getpid()}-{next(_task_ids)}-{jobs[0].id}",
            [(job.id, _spec(job)) for job in jobs],
            attachment_limit_bytes=limit,
        )
        by_job = dict(zip((j.id for j in jobs), reporters, strict=True))

        async def relay(event: WorkerEvent) -> None:
            for job_id, reporter in by_job.items():
                await reporter.progress(
                    stage=event.stage,
                    step=event.step,
                    total=event.total,
                    preview_png=event.previews.get(job_id),
                    note=event.note,
                )

        watcher = asyncio.create_task(self._cancel_when_all_cancelled(task.task_id, reporters))
        try:
            outcome = await self._worker.run(task, relay)
        except WorkerDied as exc:
            log.warning("media_worker_lost_task", task_id=task.task_id, error=str(exc))
            lost = StepResult[dict[str, Any]].failure(
                ErrorCode.UNAVAILABLE,
                "The image worker stopped while making this.",
                details={REQUEUE: True},
            )
            return [lost for _ in jobs]
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        return [self._result(outcome, job.id) for job in jobs]

    async def _cancel_when_all_cancelled(
        self, task_id: str, reporters: Sequence[JobReporter]
    ) -> None:
        # A batch keeps going while anyone in it still wants their picture. The reporter port
        # exposes cancellation as a flag; checking it every 50 ms costs nothing and adds at
        # most 50 ms to the stop, well inside one denoising step.
        while not all(r.cancelled for r in reporters):  # noqa: ASYNC110
            await asyncio.sleep(_CANCEL_POLL_S)
        await self._worker.cancel(task_id)

    @staticmethod
    def _result(outcome: TaskOutcome, job_id: int) -> StepResult[dict[str, Any]]:
        if outcome.ok:
            return StepResult.success(outcome.results[job_id])
        code = ErrorCode(outcome.error_code or ErrorCode.INTERNAL.value)
        return StepResult.failure(
            code,
            outcome.message or "The image worker failed.",
            retryable=False,
            error_id=outcome.error_id,
        )


def _spec(job: Job) -> RenderSpec:
    render = job.params.get("render")
    if not isinstance(render, dict):
        # Only prepared jobs reach a runner; a job without `render` is a bug upstream.
        raise ValueError(f"job {job.id} has no resolved render spec")
    return RenderSpec.from_dict(render)


def _task(
    task_id: str, specs: list[tuple[int, RenderSpec]], *, attachment_limit_bytes: int
) -> RenderTask:
    """One task for jobs that share a shape (the first spec gives it)."""
    first = specs[0][1]
    return RenderTask(
        task_id=task_id,
        kind=first.kind,
        model=first.model,
        quality=first.quality,
        width=first.width,
        height=first.height,
        steps=first.steps,
        guidance=first.guidance,
        frames=first.frames,
        fps=first.fps,
        attachment_limit_bytes=attachment_limit_bytes,
        items=tuple(
            RenderItem(job_id, spec.prompt, spec.negative_prompt, spec.seeds)
            for job_id, spec in specs
        ),
    )
