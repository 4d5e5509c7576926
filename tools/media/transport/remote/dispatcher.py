"""The bot side of the Redis transport: `RemoteWorkers`, the `WorkerTransport` over saq.

`RemoteWorkers` is a `WorkerTransport` for the media runner: it enqueues one saq job per render
task and follows it until it ends, relaying the worker's events. It also watches which workers are
alive (saq's worker registry, refreshed by every worker) and how much room they have, so the job
service starts a job only when a worker is free: the bot's fair, prioritised queue decides the
order, and Redis never holds a backlog that could run in another order.

A worker is presumed dead when the job it runs has not been touched (progress or heartbeat) for
three heartbeat intervals, measured on the bot's own clock (so clock skew between machines does
not matter, and a Redis outage does not count against the worker). The saq job is then aborted, so
a worker that was only cut off stops when it reconnects, and `WorkerDied` is raised: the media
runner returns a REQUEUE failure and the job service runs the job again (attempt + 1) as a new saq
job. Whatever the old attempt still produces is never read.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redis.exceptions import RedisError
from saq import Job as SaqJob
from saq import Status
from saq.queue.redis import RedisQueue

from core.errors import new_error_id
from core.logging import get_logger
from core.metrics import Metrics
from tools.media.protocol import EventHandler, RenderTask, TaskOutcome, WorkerDied, WorkerEvent
from tools.media.transport.remote.wire import (
    FUNCTION,
    CorruptResult,
    RemoteResult,
    close_queue,
    unpack_outcome,
)

__all__ = ["RemoteWorkers", "sweep_after_s"]

log = get_logger(__name__)

MISSED_BEATS = 3
# Finished saq jobs (and their results) are kept this long; the bot reads a result at once.
RESULT_TTL_S = 3600
# saq's own sweep (run by every worker) aborts a job untouched this long, as a safety net for
# jobs whose bot is gone too. Generous, because it compares clocks of different machines.
SWEEP_AFTER_MIN_S = 30
_ABORT_TIMEOUT_S = 2.0


def sweep_after_s(heartbeat_s: float) -> int:
    return max(SWEEP_AFTER_MIN_S, int(6 * heartbeat_s) + 1)


@dataclass
class _Flight:
    """One dispatched task: the saq job that carries it, and whether the user cancelled it."""

    task_id: str
    key: str
    cancelled: bool = False
    worker_id: str | None = None  # who runs it, once a worker has taken it
    changed: asyncio.Event = field(default_factory=asyncio.Event)  # saq published a change


class RemoteWorkers:
    """`WorkerTransport` over saq on Redis, plus the live worker registry."""

    def __init__(
        self,
        queue: RedisQueue,
        *,
        media_dir: Path,
        shared_dir: Path | None,
        heartbeat_s: float,
        metrics: Metrics | None = None,
        poll_s: float | None = None,
    ) -> None:
        self._queue = queue
        self._media_dir = Path(media_dir)
        self._shared_dir = shared_dir
        self._heartbeat_s = heartbeat_s
        # Followers wake on saq's change notices; polling is the fallback (a notice lost while
        # Redis restarts) and the clock for the heartbeat check.
        self._poll_s = poll_s if poll_s is not None else min(0.5, heartbeat_s / 4)
        self._metrics = metrics
        self._inflight: dict[str, _Flight] = {}
        self._workers: dict[str, dict[str, Any]] = {}
        self._capacity = 0
        self._reachable = False
        self._wakers: list[Callable[[], None]] = []
        self._tasks: list[asyncio.Task[None]] = []
        if metrics is not None:
            metrics.describe("remote_workers", "Scale-out workers alive on the Redis queue")
            metrics.describe("remote_worker_lost_total", "Tasks whose remote worker went silent")

    # -- registry --------------------------------------------------------------------------
    @property
    def capacity(self) -> int:
        """Tasks this bot may start now: the live workers' slots, less work they hold for
        others (another bot, or this bot before a restart)."""
        return self._capacity

    @property
    def workers(self) -> dict[str, dict[str, Any]]:
        """Live workers by id, with what they registered (host, pid, device, slots)."""
        return dict(self._workers)

    @property
    def alive(self) -> bool:
        """Redis answered at the last look (readiness: jobs can be handed out)."""
        return self._reachable

    def assignments(self) -> dict[str, str | None]:
        """Which worker runs each of this bot's tasks now (None: not taken yet)."""
        return {f.task_id: f.worker_id for f in self._inflight.values()}

    def on_capacity(self, wake: Callable[[], None]) -> None:
        self._wakers.append(wake)

    async def start(self) -> None:
        """Look at the registry once, then keep watching it (a Redis that is not up yet is
        not an error: jobs wait in the bot's queue until it is)."""
        await self.refresh()
        if not self._tasks:
            self._tasks = [
                asyncio.create_task(self._watch(), name="remote-workers-monitor"),
                asyncio.create_task(self._listen(), name="remote-task-notices"),
            ]

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        await close_queue(self._queue)

    async def refresh(self) -> None:
        try:
            info = await self._queue.info()
            busy = await self._busy_elsewhere(set(info["workers"]))
        except (RedisError, OSError) as exc:
            if self._reachable or self._capacity:
                log.warning("remote_queue_unreachable", error=str(exc)[:200])
            self._reachable = False
            self._set_capacity({}, 0)
            return
        if not self._reachable:
            log.info("remote_queue_reachable", queue=self._queue.name)
        self._reachable = True
        workers = {wid: dict(w.get("metadata") or {}) for wid, w in info["workers"].items()}
        slots = sum(max(0, int(meta.get("slots", 1))) for meta in workers.values())
        self._set_capacity(workers, max(0, slots - busy))

    async def _busy_elsewhere(self, live: set[str]) -> int:
        """Tasks that are not this bot's but will hold a live worker: queued ones, and running
        ones whose worker is alive (a dead worker's task holds nothing)."""
        mine = {self._queue.job_id(f.key).encode() for f in self._inflight.values()}
        redis = self._queue.redis
        queued = set(await redis.lrange(self._queue.namespace("queued"), 0, -1)) - mine
        active = set(await redis.lrange(self._queue.namespace("active"), 0, -1)) - mine
        running = (
            [self._queue.deserialize(raw) for raw in await redis.mget(active)] if active else []
        )
        return len(queued) + sum(1 for job in running if job is not None and job.worker_id in live)

    def _set_capacity(self, workers: dict[str, dict[str, Any]], capacity: int) -> None:
        if set(workers) != set(self._workers):
            log.info("remote_workers_changed", workers=len(workers), ids=sorted(workers))
        self._workers = workers
        if self._metrics is not None:
            self._metrics.set_gauge("remote_workers", len(workers))
        grew = capacity > self._capacity
        self._capacity = capacity
        if grew:
            for wake in self._wakers:
                wake()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(min(1.0, self._heartbeat_s))
            await self.refresh()

    async def _listen(self) -> None:
        """Wake a task's follower as soon as saq publishes a change of its job (progress, end),
        so a worker that finished waits milliseconds, not a poll interval, for its next task."""
        while True:
            pubsub = self._queue.redis.pubsub()
            try:
                await pubsub.psubscribe(self._queue.job_id("*"))
                while True:
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                    if message is None or message.get("type") != "pmessage":
                        continue
                    key = self._queue.job_key_from_id(message["channel"].decode())
                    for flight in self._inflight.values():
                        if flight.key == key:
                            flight.changed.set()
            except (RedisError, OSError):
                await asyncio.sleep(1.0)  # Redis is away: the followers poll meanwhile
            finally:
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.aclose()

    # -- WorkerTransport -------------------------------------------------------------------
    async def run(self, task: RenderTask, on_event: EventHandler) -> TaskOutcome:
        # A fresh key per dispatch: a re-delivered task is a new saq job, and nothing the
        # earlier attempt writes is read again.
        flight = _Flight(task.task_id, f"{task.task_id}.{secrets.token_hex(4)}")
        self._inflight[task.task_id] = flight
        try:
            if not await self._enqueue(flight, task):
                return _cancelled(task.task_id)
            return await self._follow(flight, on_event)
        except asyncio.CancelledError:
            # The job service is shutting down: stop the work instead of leaving it running.
            with contextlib.suppress(RedisError, OSError, TimeoutError):
                await asyncio.wait_for(self._abort(flight.key, "the bot stopped"), _ABORT_TIMEOUT_S)
            raise
        finally:
            self._inflight.pop(task.task_id, None)

    async def cancel(self, task_id: str) -> None:
        flight = self._inflight.get(task_id)
        if flight is None:
            return
        flight.cancelled = True
        try:
            await self._abort(flight.key, "cancelled")
        except (RedisError, OSError) as exc:
            # The follow loop asks again once Redis answers.
            log.warning("remote_cancel_deferred", task_id=task_id, error=str(exc)[:200])

    async def _enqueue(self, flight: _Flight, task: RenderTask) -> bool:
        """Hand the task to Redis, waiting out an outage; False if cancelled meanwhile."""
        delay = self._poll_s
        while not flight.cancelled:
            try:
                await self._queue.enqueue(
                    FUNCTION,
                    key=flight.key,
                    task=task.to_json(),
                    timeout=0,  # renders take as long as they take; heartbeats catch hangs
                    heartbeat=sweep_after_s(self._heartbeat_s),
                    # The job service decides about retries, not saq: with 0, saq's sweep ends
                    # a job it finds stuck instead of running it again behind the bot's back.
                    retries=0,
                    ttl=RESULT_TTL_S,
                )
            except (RedisError, OSError) as exc:
                log.warning("remote_enqueue_waiting", task_id=flight.task_id, error=str(exc)[:200])
                await asyncio.sleep(delay)
                delay = min(2.0, delay * 2)
                continue
            log.info("remote_task_enqueued", task_id=flight.task_id, key=flight.key)
            return True
        return False

    async def _follow(self, flight: _Flight, on_event: EventHandler) -> TaskOutcome:
        loop = asyncio.get_running_loop()
        seen: tuple[int, str] | None = None
        last_change = loop.time()
        seq = 0
        while True:
            try:
                job = await self._queue.job(flight.key)
            except (RedisError, OSError) as exc:
                log.warning("remote_poll_failed", task_id=flight.task_id, error=str(exc)[:200])
                last_change = loop.time()  # an outage is not the worker's silence
                await asyncio.sleep(min(1.0, self._heartbeat_s))
                continue
            if job is None:
                raise WorkerDied("the task's record is gone from Redis (was its data lost?)")
            now = loop.time()
            flight.worker_id = job.worker_id
            if (job.touched, job.status.value) != seen:
                seen, last_change = (job.touched, job.status.value), now
            meta_seq = int(job.meta.get("seq", 0))
            if meta_seq > seq and isinstance(job.meta.get("event"), dict):
                seq = meta_seq
                await on_event(WorkerEvent.from_json(job.meta["event"]))
            done = await self._settled(flight, job)
            if done is not None:
                return done
            silent = now - last_change
            running = job.status in (Status.ACTIVE, Status.ABORTING)
            if running and silent > MISSED_BEATS * self._heartbeat_s:
                return await self._lost(flight, job, silent)
            await _notice(flight.changed, self._poll_s)

    async def _settled(self, flight: _Flight, job: SaqJob) -> TaskOutcome | None:
        """The outcome once the saq job has ended; None while it is still on its way."""
        if job.status is Status.COMPLETE:
            return await self._outcome(flight, job)
        if job.status is Status.FAILED:
            error_id = new_error_id()
            log.error(
                "remote_task_failed",
                task_id=flight.task_id,
                worker=job.worker_id,
                error_id=error_id,
                error=(job.error or "")[-2000:],
            )
            return TaskOutcome(
                flight.task_id,
                ok=False,
                error_code="internal",
                message="The image worker hit an unexpected error.",
                error_id=error_id,
            )
        if job.status is Status.ABORTED or (job.status is Status.ABORTING and not flight.cancelled):
            if flight.cancelled:
                return _cancelled(flight.task_id)
            # Swept by saq, or its worker shut down without handing it back.
            raise WorkerDied(f"the worker stopped the task ({job.error or 'aborted'})")
        if flight.cancelled and job.status in (Status.ACTIVE, Status.QUEUED):
            # A worker's progress write can land over the abort mark: ask again.
            await self._abort(flight.key, "cancelled")
        return None

    async def _outcome(self, flight: _Flight, job: SaqJob) -> TaskOutcome:
        try:
            remote = RemoteResult.from_json(job.result)
            if remote.lost is not None:
                raise WorkerDied(
                    f"worker {remote.worker_id} lost its render process: {remote.lost}"
                )
            outcome = await asyncio.to_thread(
                unpack_outcome,
                remote.outcome,
                media_dir=self._media_dir,
                shared_dir=self._shared_dir,
            )
        except (CorruptResult, OSError) as exc:
            error_id = new_error_id()
            log.error(
                "remote_result_unreadable",
                task_id=flight.task_id,
                error_id=error_id,
                error=str(exc),
            )
            return TaskOutcome(
                flight.task_id,
                ok=False,
                error_code="internal",
                message="The finished file could not be brought back from the worker.",
                error_id=error_id,
            )
        log.info(
            "remote_task_finished",
            task_id=flight.task_id,
            worker=remote.worker_id,
            ok=outcome.ok,
        )
        return outcome

    async def _lost(self, flight: _Flight, job: SaqJob, silent: float) -> TaskOutcome:
        if self._metrics is not None:
            self._metrics.inc("remote_worker_lost_total")
        log.warning(
            "remote_worker_silent",
            task_id=flight.task_id,
            worker=job.worker_id,
            silent_s=round(silent, 1),
        )
        with contextlib.suppress(RedisError, OSError):
            await self._abort(flight.key, "worker lost")
            stored = await self._queue.job(flight.key)
            if stored is not None and stored.status is not Status.COMPLETE:
                await self._queue.finish(stored, Status.ABORTED, error="worker lost")
        if flight.cancelled:
            return _cancelled(flight.task_id)
        raise WorkerDied(f"worker {job.worker_id} sent no heartbeat for {silent:.1f} s")

    async def _abort(self, key: str, reason: str) -> None:
        job = await self._queue.job(key)
        if job is not None and job.status not in (Status.COMPLETE, Status.FAILED, Status.ABORTED):
            await self._queue.abort(job, reason)


async def _notice(changed: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await changed.wait()
    changed.clear()


def _cancelled(task_id: str) -> TaskOutcome:
    return TaskOutcome(task_id, ok=False, error_code="cancelled", message="Cancelled.")
