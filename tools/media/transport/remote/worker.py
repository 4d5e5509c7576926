"""The worker side of the Redis transport: what `studio worker --redis URL` runs.

A saq `Worker` with one slot (a GPU runs one pass at a time) takes render tasks from the queue and
hands each to a `LocalWorker`: the same render subprocess the embedded default uses. Keeping torch
in that child, not in this process, means a CUDA crash, an out-of-memory kill or a wedged driver
call loses only the child: this process stays on Redis, reports the task as lost (the bot runs it
again elsewhere) and starts a fresh child; and its heartbeats never wait behind the GIL.

While a task runs, one writer task keeps the saq job touched every heartbeat and carries the latest
progress event (step, total, preview, note), coalescing bursts of steps into one write. A cancel
from the bot is a saq abort: saq cancels the task here, and `LocalWorker` tells the child, which
stops at its next denoising step. On SIGTERM the running task is handed back to the queue (saq
re-queues a task cancelled by shutdown) for another worker to take.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from pathlib import Path
from typing import Any

from redis.exceptions import RedisError
from saq import Job as SaqJob
from saq import Worker
from saq.queue.redis import RedisQueue

from core.logging import bind_context, get_logger
from core.metrics import Metrics
from tools.media.protocol import RenderTask, TaskOutcome, WorkerDied, WorkerEvent
from tools.media.transport.local import LocalWorker
from tools.media.transport.remote.wire import FUNCTION, RemoteResult, pack_outcome

__all__ = ["RemoteWorker", "default_worker_id"]

log = get_logger(__name__)

# How often the worker looks for aborts of its running task: the cancel latency's main part.
_ABORT_POLL_S = 0.25
# Events closer together than this are merged into one write (the bot relays the latest).
_EVENT_MIN_INTERVAL_S = 0.2
# A blocking dequeue returns this often, well inside the Redis client's socket timeout.
_DEQUEUE_WAIT_S = 1.0


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class _Reports:
    """Writes the task's heartbeat and latest event into its saq job, from one task.

    The writer stops on a flag, not only on cancellation: on Python 3.11 `asyncio.wait_for` can
    swallow a cancel that lands as its wait ends, and a writer that missed its cancel would keep
    a finished task alive with heartbeats forever."""

    def __init__(self, job: SaqJob, heartbeat_s: float) -> None:
        self._job = job
        self._heartbeat_s = heartbeat_s
        self._latest: WorkerEvent | None = None
        self._seq = 0
        self._sent = 0
        self._dirty = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._failing = False

    async def event(self, event: WorkerEvent) -> None:
        self._latest = event
        self._seq += 1
        self._dirty.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="remote-task-reports")

    async def stop(self, *, flush: bool) -> None:
        self._stopping.set()
        self._dirty.set()
        if self._task is not None:
            if not flush:
                self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if flush and self._sent < self._seq:
            await self._write()

    async def _loop(self) -> None:
        await self._write()  # touched at once: the bot starts timing heartbeats from here
        while not self._stopping.is_set():
            await _wait(self._dirty, self._heartbeat_s)
            if self._stopping.is_set():
                return
            self._dirty.clear()
            await self._write()
            await _wait(self._stopping, _EVENT_MIN_INTERVAL_S)

    async def _write(self) -> None:
        changes: dict[str, Any] = {}
        seq, event = self._seq, self._latest
        if event is not None and seq > self._sent:
            changes["meta"] = {"seq": seq, "event": event.to_json()}
            if event.step is not None and event.total:
                changes["progress"] = min(1.0, event.step / event.total)
        try:
            await self._job.update(**changes)
        except (RedisError, OSError) as exc:
            if not self._failing:
                log.warning("remote_report_failed", error=str(exc)[:200])
            self._failing = True
            return
        if self._failing:
            log.info("remote_report_resumed")
        self._failing = False
        self._sent = max(self._sent, seq)


async def _wait(event: asyncio.Event, seconds: float) -> None:
    """Until the event is set or the time is up, whichever comes first."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await event.wait()


class RemoteWorker:
    """One `studio worker`: a saq worker on `queue` in front of a render subprocess."""

    def __init__(
        self,
        queue: RedisQueue,
        local: LocalWorker,
        *,
        heartbeat_s: float,
        inline_limit_bytes: int,
        shared_dir: Path | None,
        worker_id: str | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.queue = queue
        self.local = local
        self.worker_id = worker_id or default_worker_id()
        self._heartbeat_s = heartbeat_s
        self._inline_limit = inline_limit_bytes
        self._shared_dir = shared_dir
        self._metrics = metrics or Metrics()
        self._saq: Worker[Any] | None = None
        self._metrics.describe("remote_tasks_total", "Render tasks this worker ended, by outcome")

    async def serve(self) -> None:
        """Wait for the render process, register on the queue, and take tasks until SIGINT or
        SIGTERM."""
        ready = await self.local.wait_ready()
        # saq types its timers as whole seconds; fractions work and keep the cancel quick.
        timers: Any = {
            "abort": _ABORT_POLL_S,
            "worker_info": max(1, round(self._heartbeat_s)),
            # saq's sweep ends tasks nobody has touched for a long time (their bot is gone
            # too); the bot notices a dead worker itself, much sooner.
            "sweep": 60,
            "schedule": 1,
        }
        self._saq = Worker(
            self.queue,
            functions=[(FUNCTION, self.render)],
            id=self.worker_id,
            concurrency=1,
            timers=timers,
            dequeue_timeout=_DEQUEUE_WAIT_S,
            # On shutdown the running task goes back to the queue at once for another worker.
            shutdown_grace_period_s=0,
            metadata={
                "slots": 1,
                "host": socket.gethostname(),
                "pid": os.getpid(),
                "device": ready.get("device"),
            },
        )
        await self.queue.connect()
        log.info(
            "remote_worker_started",
            worker=self.worker_id,
            queue=self.queue.name,
            device=ready.get("device"),
        )
        await self._saq.start()
        log.info("remote_worker_stopped", worker=self.worker_id)

    async def reachable(self) -> str | None:
        """Readiness: None when Redis answers and the render process runs, else why not."""
        if not self.local.alive:
            return "the render process is not running"
        try:
            await self.queue.redis.ping()
        except (RedisError, OSError) as exc:
            return f"Redis does not answer: {str(exc)[:100]}"
        return None

    async def render(self, ctx: dict[str, Any], *, task: dict[str, Any]) -> dict[str, Any]:
        """The saq function: run one render task and return a `RemoteResult` as JSON."""
        job: SaqJob = ctx["job"]
        render = RenderTask.from_json(task)
        reports = _Reports(job, self._heartbeat_s)
        lost: str | None = None
        with bind_context(task_id=render.task_id):
            log.info("remote_task_started", worker=self.worker_id, attempt=job.attempts)
            reports.start()
            try:
                outcome = await self.local.run(render, reports.event)
            except WorkerDied as exc:
                lost = str(exc)
                outcome = TaskOutcome(render.task_id, ok=False, error_code="unavailable")
            except asyncio.CancelledError:
                self._metrics.inc("remote_tasks_total", outcome="stopped")
                log.info("remote_task_stopped", worker=self.worker_id)
                await reports.stop(flush=False)
                raise
            await reports.stop(flush=True)
            packed = await asyncio.to_thread(
                pack_outcome,
                outcome,
                inline_limit_bytes=self._inline_limit,
                shared_dir=self._shared_dir,
                worker_id=self.worker_id,
            )
            label = "lost" if lost else "succeeded" if outcome.ok else outcome.error_code
            self._metrics.inc("remote_tasks_total", outcome=label or "failed")
            log.info("remote_task_done", worker=self.worker_id, outcome=label)
        return RemoteResult(packed, lost=lost, worker_id=self.worker_id).to_json()
