"""`LocalWorker`: the local process transport, the bot side of the GPU worker subprocess
(`python -m tools.media.gpu.worker_process`; the embedded default, and what a `studio worker`
runs too).

The worker is a separate process so torch never runs in the bot's event loop and a crash or a
kill -9 of the worker leaves the bot, and the queue, intact: the task in flight fails with
`WorkerDied` (the job is re-queued by the job service), and the next task starts a fresh worker.
A worker that stops sending heartbeats for three intervals while busy is killed the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from core.config import MediaSettings
from core.logging import get_logger
from core.metrics import Metrics
from core.stats import GPU_TOTAL, GPU_USED
from tools.media.protocol import EventHandler, RenderTask, TaskOutcome, WorkerDied, WorkerEvent

__all__ = ["GPU_PROCESS", "LocalWorker", "record_gpu_memory"]

log = get_logger(__name__)

# The GPU side's entry point, run with `python -m` (a module path, so the local transport
# starts the GPU side without importing it: torch stays out of the bot's process).
GPU_PROCESS = "tools.media.gpu.worker_process"
_LINE_LIMIT = 64 * 2**20  # previews travel base64-encoded in one line
_MISSED_BEATS = 3


def record_gpu_memory(metrics: Metrics | None, message: Mapping[str, Any]) -> None:
    """The GPU memory a CUDA worker sends on `ready` and heartbeats, as gauges for `/admin
    stats` and /metrics (`gpu_memory()` in `tools.media.gpu.memory` reads it)."""
    if metrics is None or "gpu_total_bytes" not in message:
        return
    metrics.set_gauge(GPU_USED, float(message["gpu_used_bytes"]))
    metrics.set_gauge(GPU_TOTAL, float(message["gpu_total_bytes"]))


class LocalWorker:
    """One worker subprocess, one task at a time (the GPU runs one pass at a time anyway)."""

    def __init__(
        self,
        *,
        media: MediaSettings,
        data_dir: Path,
        heartbeat_s: float = 5.0,
        log_level: str = "info",
        preload: Sequence[tuple[str, str]] = (),
        env: Mapping[str, str] | None = None,
        python: str = sys.executable,
        metrics: Metrics | None = None,
    ) -> None:
        self._media = media
        self._data_dir = Path(data_dir).resolve()
        self._heartbeat_s = heartbeat_s
        self._log_level = log_level
        self._preload = [list(p) for p in preload]
        self._env = dict(env) if env is not None else None
        self._python = python
        self._metrics = metrics
        self._proc: asyncio.subprocess.Process | None = None
        self._ready: asyncio.Future[dict[str, Any]] | None = None
        self._reader: asyncio.Task[None] | None = None
        self._watchdog: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._current: tuple[str, asyncio.Future[TaskOutcome], EventHandler] | None = None
        self._last_seen = 0.0
        self._closing = False
        self.restarts = 0

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def capacity(self) -> int:
        """One pass at a time, always: a dead process is replaced for the next task."""
        return 1

    def on_capacity(self, wake: Callable[[], None]) -> None:
        """The room never grows beyond one, so there is nothing to wake the job service for."""

    @property
    def alive(self) -> bool:
        """The process is running (readiness: `/readyz` is unhealthy while it is not)."""
        return self._proc is not None and self._proc.returncode is None

    async def start(self) -> None:
        """Start the process (importing torch takes seconds: call this at bot start-up)."""
        if self._proc is not None and self._proc.returncode is None:
            return
        self._closing = False
        loop = asyncio.get_running_loop()
        env = dict(os.environ if self._env is None else self._env)
        env.setdefault("PYTHONUNBUFFERED", "1")
        self._proc = await asyncio.create_subprocess_exec(
            self._python,
            "-m",
            GPU_PROCESS,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=env,
            limit=_LINE_LIMIT,
            # Its own session: a Ctrl-C in the bot's terminal stops the bot, which then closes
            # the worker's stdin; the worker is never interrupted mid-write by the signal.
            start_new_session=True,
        )
        self._ready = loop.create_future()
        self._last_seen = loop.time()
        self._send(
            {
                "op": "init",
                "media": self._media.model_dump(mode="json"),
                "data_dir": str(self._data_dir),
                "heartbeat_s": self._heartbeat_s,
                "log_level": self._log_level,
                "preload": self._preload,
            }
        )
        self._reader = asyncio.create_task(self._read(self._proc), name="media-worker-reader")
        if self._watchdog is None:
            self._watchdog = asyncio.create_task(self._watch(), name="media-worker-watchdog")
        log.info("media_worker_started", pid=self._proc.pid)

    async def wait_ready(self) -> dict[str, Any]:
        await self.start()
        assert self._ready is not None
        return await asyncio.wait_for(
            asyncio.shield(self._ready), self._media.worker_start_timeout_s
        )

    async def run(self, task: RenderTask, on_event: EventHandler) -> TaskOutcome:
        """Run one task; raises WorkerDied if the process ends before it is done."""
        async with self._lock:
            try:
                await self.wait_ready()
            except TimeoutError:
                await self._kill()
                raise WorkerDied("the worker did not start in time") from None
            future: asyncio.Future[TaskOutcome] = asyncio.get_running_loop().create_future()
            self._current = (task.task_id, future, on_event)
            try:
                self._send({"op": "run", "task": task.to_json()})
                return await future
            except asyncio.CancelledError:
                # The job service is shutting down: stop the work, keep the worker.
                await self.cancel(task.task_id)
                raise
            finally:
                self._current = None

    async def cancel(self, task_id: str) -> None:
        if self._proc is not None and self._proc.returncode is None:
            with contextlib.suppress(ConnectionError):
                self._send({"op": "cancel", "task_id": task_id})

    async def close(self) -> None:
        self._closing = True
        if self._watchdog is not None:
            self._watchdog.cancel()
            await asyncio.gather(self._watchdog, return_exceptions=True)
            self._watchdog = None
        proc = self._proc
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ConnectionError):
                self._send({"op": "shutdown"})
                assert proc.stdin is not None
                proc.stdin.close()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                await self._kill()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        self._proc = None

    def _send(self, message: dict[str, Any]) -> None:
        proc = self._proc
        if proc is None or proc.stdin is None or proc.returncode is not None:
            raise ConnectionError("the worker is not running")
        proc.stdin.write((json.dumps(message, separators=(",", ":")) + "\n").encode())

    async def _read(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        loop = asyncio.get_running_loop()
        while line := await proc.stdout.readline():
            self._last_seen = loop.time()
            message = json.loads(line)
            op = message.pop("op", None)
            record_gpu_memory(self._metrics, message)  # on ready and heartbeats, from CUDA workers
            if op == "ready":
                if self._ready is not None and not self._ready.done():
                    self._ready.set_result(message)
            elif op == "event" and self._current is not None:
                if message["task_id"] == self._current[0]:
                    await self._current[2](WorkerEvent.from_json(message))
            elif op == "done" and self._current is not None:
                outcome = TaskOutcome.from_json(message)
                if outcome.task_id == self._current[0] and not self._current[1].done():
                    self._current[1].set_result(outcome)
        code = await proc.wait()
        self._died(proc, code)

    def _died(self, proc: asyncio.subprocess.Process, code: int) -> None:
        if proc is not self._proc:
            return
        self._proc = None
        if self._closing:
            log.info("media_worker_stopped", pid=proc.pid, code=code)
        else:
            self.restarts += 1
            if self._metrics is not None:
                self._metrics.inc("media_worker_exits_total")
            log.warning("media_worker_exited", pid=proc.pid, code=code, busy=self.busy)
        error = WorkerDied(f"the worker process exited with code {code}")
        if self._ready is not None and not self._ready.done():
            self._ready.set_exception(error)
            self._ready.exception()  # retrieved here so an unawaited failure is not logged
        if self._current is not None and not self._current[1].done():
            self._current[1].set_exception(error)

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self._heartbeat_s)
            if self._proc is None and not self._closing:
                # A worker that died while idle comes back at once, not on the next job, so the
                # first request after a crash does not also pay for torch's import.
                with contextlib.suppress(OSError):
                    await self.start()
                continue
            silent = loop.time() - self._last_seen
            if self.busy and self._proc is not None and silent > _MISSED_BEATS * self._heartbeat_s:
                log.error("media_worker_unresponsive", pid=self._proc.pid, silent_s=round(silent))
                await self._kill()

    async def _kill(self) -> None:
        proc = self._proc
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
