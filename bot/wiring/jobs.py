"""Builds the job system: the SQLite store, the job service, and the local media worker.

The worker subprocess starts only when a media model is configured (importing torch costs
seconds and memory; without a model every image or video request is refused at submit with a
message naming the setting). Runners of other kinds are added by their own wiring with
`system.service.add_runner(...)` before `system.start()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.clock import Clock, SystemClock
from core.config import Settings
from core.errors import ConfigError
from core.jobs.service import JobQueue
from core.jobs.store import JobStore
from core.logging import get_logger
from core.metrics import Metrics
from core.ports.jobs import JobRunner
from core.ports.progress import ProgressSink
from tools.media.client import LocalWorker
from tools.media.runner import MediaRunner

__all__ = ["STORE_FILE", "JobSystem", "build_job_system"]

log = get_logger(__name__)

STORE_FILE = "jobs.sqlite3"


@dataclass
class JobSystem:
    store: JobStore
    service: JobQueue
    runner: MediaRunner
    worker: LocalWorker
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


async def build_job_system(
    settings: Settings,
    *,
    sink: ProgressSink,
    metrics: Metrics,
    clock: Clock | None = None,
    runners: Iterable[JobRunner] = (),
    worker_env: Mapping[str, str] | None = None,
    start: bool = True,
) -> JobSystem:
    if settings.jobs.transport != "local":
        raise ConfigError(
            f"jobs.transport = {settings.jobs.transport!r} is not available in this version; "
            "set STUDIO_JOBS__TRANSPORT=local"
        )
    store = await JobStore.open(settings.data_dir / STORE_FILE)
    service = JobQueue(
        store, settings=settings.jobs, sink=sink, metrics=metrics, clock=clock or SystemClock()
    )
    media = settings.media
    preload = [(media.image_model_draft, "image")] if media.image_model_draft else []
    worker = LocalWorker(
        media=media,
        data_dir=settings.data_dir,
        heartbeat_s=settings.jobs.heartbeat_s,
        log_level=settings.logging.level,
        preload=preload,
        env=worker_env,
        metrics=metrics,
    )
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
