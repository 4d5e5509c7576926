"""Scale-out: image and video tasks run by `studio worker` processes on other machines, via Redis.

Library: saq (0.26, on redis-py). Chosen among saq, arq, taskiq and streaq by the four things this
transport needs, read from their source:

- Aborting a running job: saq marks the job `aborting`; its worker checks for aborts every
  `timers["abort"]` seconds (0.25 s here) and cancels the running coroutine, which stops the render
  at its next step. arq can abort too (`allow_abort_jobs`); taskiq has no abort of a running task;
  streaq has one.
- Progress and heartbeats: `job.update(progress=..., meta=...)` writes the job and stamps
  `touched`, which is the heartbeat; saq's per-job `heartbeat` lets any worker's sweep abort a job
  nobody touches. arq has neither progress nor heartbeats; taskiq has progress through a result
  backend only; streaq renews an idle timeout but has no progress record.
- A dead worker's job: saq's sweep plus the registry of live workers (`queue.info()["workers"]`,
  each entry expiring unless its worker refreshes it) cover it, and the bot sees the missed
  heartbeats itself. arq re-runs a job only after its whole timeout; streaq and taskiq's streams
  broker re-deliver by themselves after an idle time, which would run a job twice behind the job
  service's back.
- Priorities: only saq's Postgres queue has them (streaq has them on Redis). They do not matter
  here: the bot's SQLite store stays the source of truth and its fair queue decides the order; a
  job is handed to Redis only when a worker has room for it, so Redis never holds a backlog that
  could run in another order.

Also decisive: saq works with the redis-py 8 client the project already has (arq pins redis < 6),
and adds no dependency (streaq needs coredis, anyio task groups, typer and more).

Retries stay with the job service: each dispatch is a new saq job (`retries=0`), and when a
worker dies its job comes back through the REQUEUE path (attempt + 1, "retrying (attempt 2 of
3)" in the progress message), so a result from a stale attempt is never read.
"""

from __future__ import annotations

from tools.media.remote.dispatcher import RemoteWorkers, close_queue, open_queue
from tools.media.remote.runner import RemoteMediaRunner
from tools.media.remote.worker import RemoteWorker, default_worker_id

__all__ = [
    "RemoteMediaRunner",
    "RemoteWorker",
    "RemoteWorkers",
    "close_queue",
    "default_worker_id",
    "open_queue",
]
