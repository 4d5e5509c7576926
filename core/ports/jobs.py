"""The job service as frontends and the orchestrator see it (implemented in core.jobs)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

from core.context import RequestContext
from core.jobs.model import Job, JobKind, JobTicket, Priority, WorkProfile
from core.ports.progress import StageLine
from core.result import StepResult

__all__ = [
    "REQUEUE",
    "BatchingRunner",
    "ElasticRunner",
    "JobReporter",
    "JobRunner",
    "JobService",
    "PreparingRunner",
    "ProfilingRunner",
]

# A runner's failure whose `details` hold REQUEUE: True means "the work was lost, not refused"
# (the worker process died): the job goes back in the queue until it runs out of attempts.
REQUEUE = "requeue"


class JobService(Protocol):
    async def submit(
        self,
        kind: JobKind,
        params: dict[str, Any],
        ctx: RequestContext,
        *,
        parent_id: int | None = None,
        priority: Priority | None = None,
        member_cap: int | None = None,
    ) -> StepResult[JobTicket]:
        """Persist, then queue. Caps exceeded -> RATE_LIMITED; a repeated request id returns the
        existing job's ticket instead of a second job; a kind nothing can run -> UNAVAILABLE.
        `priority` defaults to interactive, or final for `quality: final` and videos.
        `member_cap`: the server's own active-jobs-per-member cap, checked atomically with the
        insert (a check before submitting would race with concurrent commands)."""
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


# Optional abilities of a runner, found with isinstance(); a runner implements what it can.


@runtime_checkable
class PreparingRunner(Protocol):
    def prepare(self, kind: JobKind, params: dict[str, Any]) -> StepResult[dict[str, Any]]:
        """At submit, before the job is stored: validate and complete the params (fill a seed,
        resolve presets) so a retry after a restart does exactly the same work. An error here
        (e.g. no model configured) is returned to the user at once and nothing is queued."""
        ...


@runtime_checkable
class ProfilingRunner(Protocol):
    def profile(self, job: Job) -> WorkProfile:
        """What the job costs, for the ETA model (model, size, steps, frames, batch)."""
        ...


@runtime_checkable
class BatchingRunner(Protocol):
    def batch_key(self, job: Job) -> str | None:
        """Jobs with the same key may run as one batch; None runs the job alone."""
        ...

    def batch_cost(self, job: Job) -> int:
        """Room the job takes in a batch (images); batches hold at most jobs.max_batch."""
        ...

    async def run_batch(
        self, jobs: Sequence[Job], reporters: Sequence[JobReporter]
    ) -> list[StepResult[dict[str, Any]]]:
        """Run several jobs in one pass; one result per job, in order."""
        ...


@runtime_checkable
class ElasticRunner(Protocol):
    """A runner whose room changes while it runs (remote workers joining and leaving). Its lane
    reads `concurrency` before each start (0: nothing can start; jobs wait in the fair queue),
    and is woken through the callback given to `on_capacity` when room may have grown."""

    @property
    def concurrency(self) -> int: ...

    def on_capacity(self, wake: Callable[[], None]) -> None: ...
