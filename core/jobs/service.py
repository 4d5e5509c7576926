"""`JobQueue`: the `JobService` frontends and the orchestrator use.

Submit persists the job, then queues it, then tells the user where it is in line. Each runner
(the GPU worker for images and videos, in-process tools for the rest) gets its own lane with a
fair queue. On start the store is re-read: queued jobs are queued again, jobs that were running
when the bot stopped are retried (until `jobs.max_attempts`), and every one of them publishes its
progress again so the frontend re-attaches to its message.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterable
from typing import Any

from core.clock import Clock
from core.config import JobSettings
from core.context import RequestContext
from core.errors import STORAGE_FULL_MESSAGE, is_storage_full
from core.jobs.eta import EtaModel
from core.jobs.lane import Lane
from core.jobs.model import Job, JobKind, JobTicket, Priority
from core.jobs.run import JobRuntime
from core.jobs.store import CapReached, JobCaps, JobStore
from core.logging import get_logger
from core.metrics import Metrics
from core.ports.jobs import JobRunner
from core.ports.progress import JobState, ProgressSink
from core.result import ErrorCode, StepError, StepResult
from core.stats import ETA_ERROR, JOBS, QUEUE_DEPTH, QUEUE_OLDEST_WAIT, WORKERS_BUSY, WORKERS_IDLE
from core.usage import TenantUsage

__all__ = ["JobQueue", "default_priority"]

log = get_logger(__name__)


def default_priority(kind: JobKind, params: dict[str, Any]) -> Priority:
    """Interactive drafts first, then finals (and videos, which take long), then bulk work."""
    if params.get("bulk"):
        return Priority.BULK
    if kind is JobKind.VIDEO or params.get("quality") == "final":
        return Priority.FINAL
    return Priority.INTERACTIVE


class JobQueue:
    """The `core.ports.jobs.JobService` implementation. Register runners, then `start()`."""

    def __init__(
        self,
        store: JobStore,
        *,
        settings: JobSettings,
        sink: ProgressSink,
        metrics: Metrics,
        clock: Clock,
        eta: EtaModel | None = None,
        runners: Iterable[JobRunner] = (),
        usage: TenantUsage | None = None,
    ) -> None:
        self._rt = JobRuntime(
            store=store,
            sink=sink,
            metrics=metrics,
            clock=clock,
            eta=eta or EtaModel(),
            settings=settings,
            usage=usage,
        )
        self._lanes: list[Lane] = []
        self._by_kind: dict[JobKind, Lane] = {}
        self._submit_lock = asyncio.Lock()
        self._started = False
        for runner in runners:
            self.add_runner(runner)
        metrics.describe(JOBS, "Jobs finished, by kind and outcome")
        metrics.describe("job_seconds", "Seconds a job ran, from start to its final state")
        metrics.describe(QUEUE_DEPTH, "Jobs waiting to start")
        metrics.describe(QUEUE_OLDEST_WAIT, "Seconds the oldest queued job has waited")
        metrics.describe(ETA_ERROR, "|ETA - actual| / actual, per finished job")

    @property
    def eta(self) -> EtaModel:
        return self._rt.eta

    def add_runner(self, runner: JobRunner) -> None:
        lane = Lane(self._rt, runner, on_change=self.refresh_gauges)
        for kind in runner.kinds:
            if kind in self._by_kind:
                raise ValueError(f"two runners registered for {kind} jobs")
            self._by_kind[kind] = lane
        self._lanes.append(lane)
        if self._started:
            lane.start()

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        """Recover what the store holds, then start running jobs."""
        if self._started:
            return
        self._rt.eta.load(await self._rt.store.eta_stats())
        recovered = await self._recover()
        self._started = True
        for lane in self._lanes:
            lane.start()
        for job, note in recovered:
            lane = self._by_kind[job.kind]
            ticket = lane.ticket(job.id)
            position: int | None = None
            eta: float | None = None
            # A job the lane started while earlier ones were announced has no place to tell.
            if ticket is not None and ticket.position > 0:
                position, eta = ticket.position, ticket.eta_s
                lane.told(job.id, position)
            await self._rt.publish(
                job, stage="queued", queue_position=position, eta_s=eta, note=note
            )
        self.refresh_gauges()

    async def close(self) -> None:
        """Stop running jobs and put them back in the queue (without using up an attempt:
        a shutdown is not their fault); the next start picks them up."""
        for lane in self._lanes:
            for job in await lane.stop():
                back = job.evolve(
                    status=JobState.QUEUED,
                    stage="queued",
                    progress=0.0,
                    attempts=max(0, job.attempts - 1),
                    started_at=None,
                )
                await self._rt.store.update(back)
        self._started = False

    async def _recover(self) -> list[tuple[Job, str | None]]:
        rt = self._rt
        recovered: list[tuple[Job, str | None]] = []
        for stored in await rt.store.active():
            job = stored
            lane = self._by_kind.get(job.kind)
            if lane is None:
                await self._fail(
                    job,
                    ErrorCode.UNAVAILABLE,
                    f"This bot no longer runs {job.kind.value} jobs, so this one was stopped.",
                )
                continue
            note = None
            if job.status is JobState.RUNNING:
                if job.attempts >= rt.settings.max_attempts:
                    await self._fail(
                        job,
                        ErrorCode.UNAVAILABLE,
                        f"The bot stopped while making this, {job.attempts} times; "
                        "it was not tried again.",
                    )
                    continue
                job = job.evolve(
                    status=JobState.QUEUED, stage="queued", progress=0.0, started_at=None
                )
                await rt.store.update(job)
                note = (
                    "The bot restarted while making this; retrying "
                    f"(attempt {job.attempts + 1} of {rt.settings.max_attempts})."
                )
            lane.enqueue(job)
            recovered.append((job, note))
        if recovered:
            log.info("jobs_recovered", count=len(recovered))
        return recovered

    async def _fail(self, job: Job, code: ErrorCode, message: str) -> None:
        job = job.evolve(
            status=JobState.FAILED,
            finished_at=self._rt.clock.time(),
            stage="failed",
            error_code=code.value,
            error_message=message,
        )
        await self._rt.store.update(job)
        self._rt.metrics.inc(JOBS, kind=job.kind, outcome="failed")
        await self._rt.publish(job, error=StepError(code=code, message=message))

    # -- JobService ------------------------------------------------------------------------
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
        rt = self._rt
        if ctx.request_id is not None:
            existing = await rt.store.by_request(ctx.tenant, ctx.request_id)
            if existing is not None:
                return StepResult.success(self._ticket_for(existing))
        lane = self._by_kind.get(kind)
        if lane is None:
            return StepResult.failure(
                ErrorCode.UNAVAILABLE,
                f"Nothing here can run {kind.value} jobs yet; ask the bot's operator to enable it.",
                retryable=False,
            )
        params = dict(params)
        if ctx.attachment_limit_bytes and "attachment_limit_bytes" not in params:
            params["attachment_limit_bytes"] = ctx.attachment_limit_bytes
        prepared = lane.prepare(kind, params)
        if prepared.error is not None:
            return prepared.cast_error()
        params = prepared.unwrap()
        async with self._submit_lock:
            new = Job(
                id=0,
                kind=kind,
                params=params,
                tenant=ctx.tenant,
                user_id=ctx.user_id,
                priority=priority if priority is not None else default_priority(kind, params),
                channel_id=ctx.channel_id,
                thread_id=ctx.thread_id,
                request_id=ctx.request_id,
                stage="queued",
                created_at=rt.clock.time(),
                parent_id=parent_id,
            )
            caps = JobCaps.of(self._rt.settings, member_cap)
            try:
                job, created = await rt.store.insert(
                    new, member_cap=caps.member, server_cap=caps.server
                )
            except CapReached as reached:
                return caps.refusal(reached)
            except sqlite3.Error as exc:
                if not is_storage_full(exc):
                    raise
                # Refused before anything was queued: the user is told plainly, the store is
                # intact (SQLite wrote nothing), and the operator gets one clear log line.
                log.error("job_store_full", kind=kind, tenant=ctx.tenant, error=str(exc))
                rt.metrics.inc("storage_full_total", store="jobs")
                return StepResult.failure(
                    ErrorCode.UNAVAILABLE, STORAGE_FULL_MESSAGE, retryable=True
                )
            if not created:
                return StepResult.success(self._ticket_for(job))
            lane.enqueue(job)
        rt.metrics.inc("jobs_submitted_total", kind=kind)
        ticket = self._ticket_for(job)
        lane.told(job.id, ticket.position, eta_s=ticket.eta_s)
        log.info("job_submitted", job_id=job.id, kind=kind, position=ticket.position)
        await rt.publish(job, stage="queued", queue_position=ticket.position, eta_s=ticket.eta_s)
        self.refresh_gauges()
        lane.wake()
        # A newcomer may go ahead of a heavy user's backlog: tell those whose place changed.
        await lane.publish_positions()
        return StepResult.success(ticket)

    async def get(self, job_id: int, ctx: RequestContext) -> StepResult[Job]:
        job = self._live(job_id)
        if job is None or job.tenant != ctx.tenant:
            job = await self._rt.store.get(job_id, tenant=ctx.tenant)
        if job is None:
            return _not_found(job_id)
        return StepResult.success(job)

    async def latest(self, ctx: RequestContext) -> StepResult[Job]:
        job = await self._rt.store.latest(ctx.tenant, ctx.user_id)
        if job is None:
            return StepResult.failure(
                ErrorCode.NOT_FOUND, "You have no jobs in this server yet; try /imagine."
            )
        return StepResult.success(self._live(job.id) or job)

    async def cancel(self, job_id: int, ctx: RequestContext) -> StepResult[Job]:
        found = await self.get(job_id, ctx)
        if found.error is not None:
            return found
        job = found.unwrap()
        if job.user_id != ctx.user_id and not ctx.is_admin:
            return StepResult.failure(
                ErrorCode.FORBIDDEN,
                f"Only the person who started job #{job_id} or a server admin can cancel it.",
            )
        job = self._live(job_id) or job
        if job.status.terminal:
            return StepResult.failure(
                ErrorCode.INVALID_INPUT, f"Job #{job_id} has already {job.status.value}."
            )
        rt = self._rt
        lane = self._by_kind.get(job.kind)
        now = rt.clock.time()
        by = "its owner" if job.user_id == ctx.user_id else "an admin"
        job = job.evolve(
            status=JobState.CANCELLED,
            finished_at=now,
            stage="cancelled",
            error_code=ErrorCode.CANCELLED.value,
            error_message=f"Cancelled by {by}.",
        )
        if lane is not None:
            lane.cancel(job, requested_at=rt.clock.monotonic())
        await rt.store.update(job)
        rt.metrics.inc(JOBS, kind=job.kind, outcome="cancelled")
        log.info("job_cancelled", job_id=job_id, by=ctx.user_id)
        await rt.publish(
            job, error=StepError(code=ErrorCode.CANCELLED, message=f"Cancelled by {by}.")
        )
        self.refresh_gauges()
        if lane is not None:
            await lane.publish_positions()
        return StepResult.success(job)

    async def active(self, tenant: str) -> list[Job]:
        return [job for lane in self._lanes for job in lane.active(tenant)]

    async def ticket(self, job_id: int) -> JobTicket | None:
        """Position and ETA of a queued or running job; a finished job (read from the store,
        e.g. to find its message after a restart) gets position 0 and no ETA."""
        job = self._live(job_id) or await self._rt.store.get(job_id)
        if job is None:
            return None
        return self._ticket_for(job)

    async def attach_message(
        self, job_id: int, *, channel_id: str | None, thread_id: str | None, message_id: str | None
    ) -> None:
        job = self._live(job_id) or await self._rt.store.get(job_id)
        if job is None:
            return
        job = job.evolve(channel_id=channel_id, thread_id=thread_id, message_id=message_id)
        lane = self._by_kind.get(job.kind)
        if lane is not None:
            lane.replace(job)
        await self._rt.store.update(job)

    # -- helpers ---------------------------------------------------------------------------
    def _live(self, job_id: int) -> Job | None:
        """The lanes' copy of a queued or running job, newer than the store's."""
        for lane in self._lanes:
            job = lane.live(job_id)
            if job is not None:
                return job
        return None

    def _ticket_for(self, job: Job) -> JobTicket:
        lane = self._by_kind.get(job.kind)
        ticket = lane.ticket(job.id) if lane is not None else None
        # Not live (finished, or read from the store after a restart): no place, no ETA.
        return ticket or JobTicket(job=job, position=0, eta_s=None)

    def refresh_gauges(self) -> None:
        """Queue depth, oldest wait and worker busy/idle; called on every change (and by
        whoever reads the metrics, for an up-to-date oldest wait)."""
        metrics = self._rt.metrics
        now = self._rt.clock.time()
        depth = 0
        oldest: float | None = None
        for lane in self._lanes:
            load = lane.load()
            depth += load.waiting
            created = load.oldest_created_at
            if created is not None:
                oldest = created if oldest is None else min(oldest, created)
            metrics.set_gauge(WORKERS_BUSY, load.busy, lane=lane.name)
            metrics.set_gauge(WORKERS_IDLE, load.idle, lane=lane.name)
        metrics.set_gauge(QUEUE_DEPTH, depth)
        metrics.set_gauge(QUEUE_OLDEST_WAIT, 0.0 if oldest is None else max(0.0, now - oldest))


def _not_found(job_id: int) -> StepResult[Job]:
    return StepResult.failure(ErrorCode.NOT_FOUND, f"There is no job #{job_id} in this server.")
