"""The GPU worker process: `python -m tools.media.gpu.worker_process`, started by `LocalWorker`.

Protocol: JSON, one message per line. stdin carries `init` (first), then `run`, `cancel` and
`shutdown`; stdout carries `ready`, `event`, `done` and `heartbeat`. Anything else the libraries
print goes to stderr (fd 1 is pointed there), so stray output never corrupts the protocol. The
process exits when stdin closes, so it never outlives the bot that started it.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

__all__ = ["main"]


class _Out:
    """Protocol writer shared by the task thread and the heartbeat thread."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._closed = False

    def send(self, message: dict[str, Any]) -> None:
        line = json.dumps(message, separators=(",", ":"))
        with self._lock:
            if self._closed:
                return  # a heartbeat racing the exit: the bot no longer reads
            self._stream.write(line + "\n")
            self._stream.flush()

    def close(self) -> None:
        """After this no line is half-written, so the process may end at once."""
        with self._lock:
            self._closed = True
            self._stream.flush()


def main() -> int:
    # Keep the real stdout for the protocol; everything else printing to fd 1 lands on stderr.
    out = _Out(os.fdopen(os.dup(1), "w", encoding="utf-8"))
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    init = json.loads(sys.stdin.readline() or "{}")
    if init.get("op") != "init":
        print("worker: expected an init message first", file=sys.stderr)
        return 2

    from core.config import MediaSettings
    from core.logging import configure_logging, get_logger

    configure_logging(level=init.get("log_level", "info"), fmt=init.get("log_format", "auto"))
    log = get_logger("tools.media.gpu.worker_process")
    media = MediaSettings.model_validate(init["media"])

    from tools.media.gpu.media_engine import MediaEngine
    from tools.media.gpu.memory import gpu_memory

    engine = MediaEngine(media=media, data_dir=Path(init["data_dir"]))
    tasks: queue.Queue[dict[str, Any] | None] = queue.Queue()
    cancelled: set[str] = set()

    parent_gone = threading.Event()

    def read_commands() -> None:
        for line in sys.stdin:
            message = json.loads(line)
            op = message.get("op")
            if op == "run":
                tasks.put(message["task"])
            elif op == "cancel":
                cancelled.add(str(message["task_id"]))
            elif op == "shutdown":
                tasks.put(None)  # finish the current task, then exit
                return
        # stdin closed without a shutdown: the bot died. Stop the current task at its next
        # step, so a restarted bot's new worker does not compete with it for GPU memory.
        parent_gone.set()
        tasks.put(None)

    stop = threading.Event()

    def heartbeat() -> None:
        while not stop.wait(float(init.get("heartbeat_s", 5.0))):
            out.send({"op": "heartbeat", **gpu_memory(engine.device)})

    threading.Thread(target=read_commands, name="worker-stdin", daemon=True).start()
    threading.Thread(target=heartbeat, name="worker-heartbeat", daemon=True).start()
    out.send(
        {"op": "ready", "pid": os.getpid(), "device": engine.device, **gpu_memory(engine.device)}
    )
    log.info("worker_ready", pid=os.getpid(), device=engine.device)
    for model, kind in init.get("preload", []):
        engine.preload(model, kind)

    try:
        _serve(
            engine, tasks, lambda task_id: parent_gone.is_set() or task_id in cancelled, out, log
        )
    except BrokenPipeError:
        log.warning("worker_parent_gone")
    finally:
        stop.set()
        out.close()
    return 0


def _serve(
    engine: Any,
    tasks: queue.Queue[dict[str, Any] | None],
    is_cancelled: Callable[[str], bool],
    out: _Out,
    log: Any,
) -> None:
    from core.errors import new_error_id
    from core.logging import bind_context
    from tools.media.protocol import RenderTask, TaskOutcome, WorkerEvent

    while (raw := tasks.get()) is not None:
        task = RenderTask.from_json(raw)

        def emit(event: WorkerEvent) -> None:
            out.send({"op": "event", **event.to_json()})

        with bind_context(task_id=task.task_id):
            try:
                outcome = engine.run(task, emit, lambda t=task.task_id: is_cancelled(t))
            except BrokenPipeError:
                raise
            except Exception:  # the worker's outer boundary: the bot is told the error id
                error_id = new_error_id()
                log.exception("task_crashed", error_id=error_id)
                outcome = TaskOutcome(
                    task.task_id,
                    ok=False,
                    error_code="internal",
                    message="The image worker hit an unexpected error.",
                    error_id=error_id,
                )
        out.send({"op": "done", **outcome.to_json()})


if __name__ == "__main__":
    code = main()
    # End without the interpreter's teardown: torch's C++ thread pools, destroyed while their
    # threads still run, abort it with "terminate called without an active exception" (exit
    # code -6). Every result has been sent and flushed by now, and files are closed per task.
    sys.stderr.flush()
    os._exit(code)
