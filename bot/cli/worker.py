"""`studio worker --redis URL`: a GPU worker for scale-out, on this machine or another one.

It starts the render subprocess (torch, the configured preload model), registers on the Redis
queue named by `jobs.redis_queue`, and runs image and video tasks the bot hands out until SIGINT or
SIGTERM, when the task in hand goes back to the queue for another worker. `/healthz` (alive) and
`/readyz` (Redis answers, render process up) are served on `http.host`:`http.port` unless
`http.enabled = "off"`. The worker's own settings choose the device, dtype, memory budget, CPU
threads and data dir; the bot's settings choose which model each task uses, so every worker must
be able to load the models the bot names (same Hugging Face ids, or the same local paths).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bot.http_server import HealthServer
from bot.wiring.jobs import build_local_worker
from core.config import Settings
from core.logging import get_logger
from core.metrics import Metrics
from tools.media.protocol import WorkerDied
from tools.media.transport.remote import RemoteWorker, close_queue, open_queue

__all__ = ["run"]

log = get_logger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNAVAILABLE = 2


def run(args: argparse.Namespace, settings: Settings) -> int:
    url = getattr(args, "redis", None) or settings.jobs.redis_url
    if not url:
        print(
            "studio worker: give the Redis URL of the bot's job queue with --redis URL "
            "(or set STUDIO_JOBS__REDIS_URL), e.g. --redis redis://10.0.0.5:6379/0",
            file=sys.stderr,
        )
        return EXIT_UNAVAILABLE
    return asyncio.run(serve(url, settings))


async def serve(url: str, settings: Settings) -> int:
    # saq logs every enqueue, start and finish at INFO; our own events say as much, with job ids.
    logging.getLogger("saq").setLevel(logging.WARNING)
    metrics = Metrics()
    local = build_local_worker(settings, metrics=metrics)
    jobs = settings.jobs
    worker = RemoteWorker(
        open_queue(url, jobs.redis_queue),
        local,
        heartbeat_s=jobs.heartbeat_s,
        inline_limit_bytes=int(jobs.inline_result_mb * 2**20),
        shared_dir=Path(jobs.shared_dir) if jobs.shared_dir else None,
        metrics=metrics,
    )
    health: HealthServer | None = None
    try:
        if settings.http.enabled != "off":
            health = HealthServer(metrics, host=settings.http.host, port=settings.http.port)
            health.add_check("worker", worker.reachable)
            await health.start()
        await worker.serve()
    except (WorkerDied, TimeoutError) as exc:
        log.error("remote_worker_start_failed", error=str(exc))
        print(f"studio worker: the render process did not start: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if health is not None:
            await health.stop()
        await local.close()
        await close_queue(worker.queue)
    return EXIT_OK
