"""The Redis transport, for scale-out: image and video tasks run by `studio worker` processes on
other machines, through saq. Why saq (against arq, taskiq and streaq), and how retries stay with
the job service: docs/queue.md."""

from __future__ import annotations

from tools.media.transport.remote.dispatcher import RemoteWorkers
from tools.media.transport.remote.wire import close_queue, open_queue
from tools.media.transport.remote.worker import RemoteWorker, default_worker_id

__all__ = [
    "RemoteWorker",
    "RemoteWorkers",
    "close_queue",
    "default_worker_id",
    "open_queue",
]
