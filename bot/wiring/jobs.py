"""Builds the job system: the SQLite store, the job service, and the media worker transport.

`jobs.transport = "local"` (the default): one worker subprocess, started only when a media model
is configured (importing torch costs seconds and memory; without a model every image or video
request is refused at submit with a message naming the setting).
`jobs.transport = "redis"`: no local worker; image and video jobs go through Redis to
`studio worker` processes (tools.media.transport.remote), as many at once as workers have room.
The bot's media model settings still name the models the workers load.
Runners of other kinds are added by their own wiring with `system.service.add_runner(...)` before
`system.start()`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from core.clock import Clock, SystemClock
from core.config import Settings
from core.errors import ConfigError
from core.jobs.service import JobQueue
from core.jobs.store import JobStore
from core.logging import get_logger
from core.metrics import Metrics
from core.ports.jobs import JobRunner
from core.ports.progress import ProgressSink
from core.usage import TenantUsage
from tools.media.jobs.media_runner import MediaRunner
from tools.media.transport.local import LocalWorker
from tools.media.transport.remote import RemoteWorkers, open_queue

__all__ = ["STORE_FILE", "JobSystem", "build_job_system", "build_local_worker"]

log = get_logger(__name__)

STORE_FILE = "jobs.sqlite3"


@dataclass
class JobSystem:
    store: JobStore
    service: JobQueue
    runner: MediaRunner
    worker: LocalWorker | RemoteWorkers
    start_worker: bool

    async def start(self) -> None:
        """Start the worker process (in the background) and the service; the service re-queues
        what the store holds from before a restart."""
        if self.start_worker:
            await self.worker.start()
        await self.service.start()

    async def close(self) -> None:
        await self.service.close()
        await self.worker.close()
        await self.store.close()


def build_local_worker(
    settings: Settings, *, metrics: Metrics, env: Mapping[str, str] | None = None
) -> LocalWorker:
    """The render subprocess, as the bot runs it locally and `studio worker` runs it remotely;
    the draft image model is loaded as soon as it starts."""
    media = settings.media
    return LocalWorker(
        media=media,
        data_dir=settings.data_dir,
        heartbeat_s=settings.jobs.heartbeat_s,
        log_level=settings.logging.level,
        preload=[(media.image_model_draft, "image")] if media.image_model_draft else [],
        env=env,
        metrics=metrics,
    )


async def build_job_system(
    settings: Settings,
    *,
    sink: ProgressSink,
    metrics: Metrics,
    clock: Clock | None = None,
    runners: Iterable[JobRunner] = (),
    worker_env: Mapping[str, str] | None = None,
    start: bool = True,
    usage: TenantUsage | None = None,
) -> JobSystem:
    if settings.jobs.transport == "redis" and not settings.jobs.redis_url:
        raise ConfigError(
            'jobs.transport = "redis" needs jobs.redis_url (e.g. STUDIO_JOBS__REDIS_URL='
            "redis://127.0.0.1:6379/0)"
        )
    store = await JobStore.open(settings.data_dir / STORE_FILE)
    service = JobQueue(
        store,
        settings=settings.jobs,
        sink=sink,
        metrics=metrics,
        clock=clock or SystemClock(),
        usage=usage,
    )
    if settings.jobs.transport == "redis":
        system = _remote_system(settings, store, service, metrics=metrics, runners=runners)
        if start:
            await system.start()
        return system
    media = settings.media
    worker = build_local_worker(settings, metrics=metrics, env=worker_env)
    runner = MediaRunner(worker, media=media, jobs=settings.jobs)
    service.add_runner(runner)
    for extra in runners:
        service.add_runner(extra)
    configured = bool(media.image_model_draft or media.image_model_final or media.video_model)
    system = JobSystem(store, service, runner, worker, start_worker=configured)
    if not configured:
        log.info("media_worker_not_started", reason="no media model configured")
    if start:
        await system.start()
    return system


def _remote_system(
    settings: Settings,
    store: JobStore,
    service: JobQueue,
    *,
    metrics: Metrics,
    runners: Iterable[JobRunner],
) -> JobSystem:
    # saq logs every enqueue, start and finish at INFO; our own events say as much, with job ids.
    logging.getLogger("saq").setLevel(logging.WARNING)
    jobs = settings.jobs
    workers = RemoteWorkers(
        open_queue(jobs.redis_url, jobs.redis_queue),
        media_dir=settings.data_dir / "media",
        shared_dir=Path(jobs.shared_dir) if jobs.shared_dir else None,
        heartbeat_s=jobs.heartbeat_s,
        metrics=metrics,
    )
    runner = MediaRunner(workers, media=settings.media, jobs=jobs)
    service.add_runner(runner)
    for extra in runners:
        service.add_runner(extra)
    log.info("media_transport_redis", queue=jobs.redis_queue)
    return JobSystem(store, service, runner, workers, start_worker=True)
