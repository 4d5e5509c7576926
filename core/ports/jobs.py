"""The job service as frontends and the orchestrator see it (implemented in core.jobs)."""

from __future__ import annotations

from typing import Any, Protocol

from core.context import RequestContext
from core.jobs.model import Job, JobKind, JobTicket
from core.ports.progress import StageLine
from core.result import StepResult

__all__ = ["JobReporter", "JobRunner", "JobService"]


class JobService(Protocol):
    async def submit(
        self,
        kind: JobKind,
        params: dict[str, Any],
        ctx: RequestContext,
        *,
        parent_id: int | None = None,
    ) -> StepResult[JobTicket]:
        """Persist, then queue. Caps exceeded -> RATE_LIMITED; a repeated request id returns the
        existing job's ticket instead of a second job."""
        ...

    async def get(self, job_id: int, ctx: RequestContext) -> StepResult[Job]:
        """NOT_FOUND for another server's job: guilds never see each other's jobs."""
        ...

    async def latest(self, ctx: RequestContext) -> StepResult[Job]: ...

    async def cancel(self, job_id: int, ctx: RequestContext) -> StepResult[Job]:
        """Only the owner or an admin of the same server; queued or running."""
        ...

    async def active(self, tenant: str) -> list[Job]:
        """Queued and running jobs of one server, in queue order."""
        ...

    async def ticket(self, job_id: int) -> JobTicket | None:
        """Current position and ETA of a job."""
        ...

    async def attach_message(
        self, job_id: int, *, channel_id: str | None, thread_id: str | None, message_id: str | None
    ) -> None:
        """Where the job's progress message lives, so a restart can re-attach to it."""
        ...


class JobReporter(Protocol):
    """Handed to a runner for one job: progress goes to the store, the ETA model and the sink."""

    async def progress(
        self,
        *,
        stage: str,
        step: int | None = None,
        total: int | None = None,
        preview_png: bytes | None = None,
        stages: tuple[StageLine, ...] = (),
        note: str | None = None,
    ) -> None: ...

    @property
    def cancelled(self) -> bool:
        """True once the user cancelled; runners stop at the next safe point."""
        ...


class JobRunner(Protocol):
    """Executes jobs of some kinds: the GPU worker for image/video, in-process tools for
    show analysis and transformation. Returns the result refs stored on the job."""

    @property
    def kinds(self) -> frozenset[JobKind]: ...

    async def run(self, job: Job, reporter: JobReporter) -> StepResult[dict[str, Any]]: ...
