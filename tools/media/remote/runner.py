"""`RemoteMediaRunner`: the job runner for images and videos when workers are remote."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from core.config import JobSettings, MediaSettings
from core.jobs.model import Job, JobKind, WorkProfile
from core.ports.jobs import JobReporter
from core.result import StepResult
from tools.media.remote.dispatcher import RemoteWorkers
from tools.media.runner import MediaRunner

__all__ = ["RemoteMediaRunner"]


class RemoteMediaRunner:
    """The media runner over remote workers: as many passes at once as workers have room for.
    Everything else (presets, ETA profile, batching, relaying) is the local `MediaRunner`."""

    kinds = MediaRunner.kinds

    def __init__(self, workers: RemoteWorkers, *, media: MediaSettings, jobs: JobSettings) -> None:
        self.workers = workers
        self._inner = MediaRunner(workers, media=media, jobs=jobs)

    @property
    def concurrency(self) -> int:
        return self.workers.capacity

    def on_capacity(self, wake: Callable[[], None]) -> None:
        self.workers.on_capacity(wake)

    def prepare(self, kind: JobKind, params: dict[str, Any]) -> StepResult[dict[str, Any]]:
        return self._inner.prepare(kind, params)

    def profile(self, job: Job) -> WorkProfile:
        return self._inner.profile(job)

    def batch_key(self, job: Job) -> str | None:
        return self._inner.batch_key(job)

    def batch_cost(self, job: Job) -> int:
        return self._inner.batch_cost(job)

    async def run(self, job: Job, reporter: JobReporter) -> StepResult[dict[str, Any]]:
        return await self._inner.run(job, reporter)

    async def run_batch(
        self, jobs: Sequence[Job], reporters: Sequence[JobReporter]
    ) -> list[StepResult[dict[str, Any]]]:
        return await self._inner.run_batch(jobs, reporters)
