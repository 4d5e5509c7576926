"""The bot side and two real `studio worker` processes (tiny pipelines) on a real redis-server:
jobs spread over both workers and their files come back; priorities hold; a cancel reaches a
task running in the other process; a worker killed with -9 has its job finished by the other one
with exactly one result; a crash and restart of Redis loses neither a running nor a queued task;
a worker stopped with SIGTERM hands its task back for another one to finish."""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from PIL import Image
from redis import asyncio as aioredis

from bot.wiring.jobs import JobSystem, build_job_system
from core.config import Settings, load_settings
from core.jobs.model import JobKind, Priority
from core.metrics import Metrics
from core.ports.progress import JobState
from tests.support.jobs import RecordingSink, ctx
from tests.support.redis_server import RedisServer, WorkerProcess, free_port, redis_server_path
from tests.support.tiny_pipelines import tiny_models
from tools.media.transport.remote import RemoteWorkers

pytestmark = [
    pytest.mark.redis,
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.skipif(
        redis_server_path() is None,
        reason="redis-server is not on PATH (apt-get install redis-server; .ci/run does it)",
    ),
]

LONG_STEPS = 200  # a "final" long enough to cancel or kill mid-run
HEARTBEAT_S = 1.0
WORKER_START_S = 120


def bot_settings(data_dir: Path, redis_url: str) -> Settings:
    tiny = tiny_models()
    return load_settings(
        env={},
        overrides={
            "data_dir": str(data_dir),
            "jobs": {
                "transport": "redis",
                "redis_url": redis_url,
                "heartbeat_s": HEARTBEAT_S,
                "max_queued_per_user": 20,
                "batch_drafts": False,
            },
            "media": {
                "image_model_draft": str(tiny.image),
                "device": "cpu",
                "draft_size": 32,
                "draft_steps": 3,
                "final_size": 96,
                "final_steps": LONG_STEPS,
                "preview_interval_s": 0.1,
            },
        },
    )


def worker_env(http_port: int) -> dict[str, str]:
    return {
        "STUDIO_MEDIA__DEVICE": "cpu",
        "STUDIO_MEDIA__CPU_THREADS": "1",
        "STUDIO_MEDIA__IMAGE_MODEL_DRAFT": str(tiny_models().image),  # preloaded at start
        "STUDIO_JOBS__HEARTBEAT_S": str(HEARTBEAT_S),
        "STUDIO_HTTP__ENABLED": "on",
        "STUDIO_HTTP__PORT": str(http_port),
        "STUDIO_LOGGING__FORMAT": "json",
    }


def worker_id(worker: WorkerProcess) -> str:
    return f"{socket.gethostname()}-{worker.pid}"


@pytest.fixture(scope="module")
def redis() -> Iterator[RedisServer]:
    server = RedisServer().start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def workers(
    redis: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[WorkerProcess]]:
    root = tmp_path_factory.mktemp("workers")
    started = [
        WorkerProcess(redis.url, root / f"w{i}", worker_env(free_port())).start() for i in range(2)
    ]
    yield started
    for worker in started:
        worker.stop()


@pytest.fixture(scope="module")
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture(scope="module")
def metrics() -> Metrics:
    return Metrics()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def system(
    tmp_path_factory: pytest.TempPathFactory,
    redis: RedisServer,
    workers: list[WorkerProcess],
    sink: RecordingSink,
    metrics: Metrics,
) -> AsyncIterator[JobSystem]:
    settings = bot_settings(tmp_path_factory.mktemp("bot"), redis.url)
    built = await build_job_system(settings, sink=sink, metrics=metrics)
    remote = _remote(built)
    try:
        async with asyncio.timeout(WORKER_START_S):
            while len(remote.workers) < len(workers):
                await asyncio.sleep(0.2)
    except TimeoutError:
        logs = "\n".join(w.log_text()[-2000:] for w in workers)
        await built.close()
        raise AssertionError(f"the workers did not register:\n{logs}") from None
    yield built
    await built.close()


def _remote(system: JobSystem) -> RemoteWorkers:
    assert isinstance(system.worker, RemoteWorkers)
    return system.worker


async def _submit(
    system: JobSystem, prompt: str, user: str = "u1", *, priority: Priority | None = None, **params
) -> int:
    ticket = await system.service.submit(
        JobKind.IMAGE, {"prompt": prompt, **params}, ctx(user), priority=priority
    )
    return ticket.unwrap().job.id


async def _wait_step(sink: RecordingSink, job_id: int, step: int) -> None:
    while not any((u.step or 0) >= step and u.stage == "denoising" for u in sink.of(job_id)):
        await sink.wait_any(timeout=60)


def _running_on(system: JobSystem, workers: list[WorkerProcess]) -> WorkerProcess:
    """The worker process running the (only) task in flight."""
    (assigned,) = [w for w in _remote(system).assignments().values() if w]
    (worker,) = [w for w in workers if worker_id(w) == assigned]
    return worker


def _successes(sink: RecordingSink, job_id: int) -> int:
    return sum(1 for u in sink.of(job_id) if u.state is JobState.SUCCEEDED)


async def test_jobs_spread_over_both_workers_and_their_files_come_back(
    system: JobSystem, sink: RecordingSink, workers: list[WorkerProcess]
) -> None:
    ids = [await _submit(system, f"a red fox {i}", f"user{i}") for i in range(4)]
    await sink.wait_final(*ids, timeout=60)
    finals = [sink.final(i) for i in ids]
    assert all(f is not None and f.state is JobState.SUCCEEDED for f in finals), finals
    assert {f.result["worker_id"] for f in finals if f} == {worker_id(w) for w in workers}
    media = Path(system.store.path).parent / "media"
    for job_id, final in zip(ids, finals, strict=True):
        assert final is not None
        (ref,) = final.result["files"]
        # Written on the bot's side from the bytes that came through Redis.
        assert Path(ref["path"]).is_relative_to(media)
        with Image.open(ref["path"]) as png:
            assert png.size == (32, 32) and png.text["prompt"] == f"a red fox {ids.index(job_id)}"
        assert hashlib.sha256(Path(ref["path"]).read_bytes()).hexdigest() == ref["sha256"]
    port = workers[0].settings["STUDIO_HTTP__PORT"]
    async with aiohttp.ClientSession() as http:
        for path in ("/healthz", "/readyz"):
            async with http.get(f"http://127.0.0.1:{port}{path}") as response:
                assert response.status == 200, await response.text()


async def test_a_waiting_interactive_job_goes_before_waiting_bulk_jobs(
    system: JobSystem, sink: RecordingSink
) -> None:
    longs = [await _submit(system, f"long {i}", f"busy{i}", quality="final") for i in range(2)]
    for job_id in longs:
        await _wait_step(sink, job_id, 1)
    bulk = [
        await _submit(system, f"bulk {i}", "archivist", priority=Priority.BULK) for i in range(3)
    ]
    urgent = await _submit(system, "right now", "artist")
    for job_id in longs:
        assert (await system.service.cancel(job_id, ctx(f"busy{longs.index(job_id)}"))).ok
    await sink.wait_final(*bulk, urgent, timeout=60)
    started = [u.job_id for u in sink.updates if u.stage == "starting"]
    assert started.index(urgent) < min(started.index(b) for b in bulk)
    assert all(sink.final(j).state is JobState.SUCCEEDED for j in [*bulk, urgent])  # type: ignore[union-attr]


async def test_cancel_reaches_a_task_running_in_a_worker_process(
    system: JobSystem, sink: RecordingSink, workers: list[WorkerProcess], metrics: Metrics
) -> None:
    def stops() -> tuple[int, float]:
        timing = metrics.timing("job_cancel_stop_seconds", kind=JobKind.IMAGE)
        return timing.count, timing.total

    before = stops()
    job_id = await _submit(system, "slow", quality="final")
    await _wait_step(sink, job_id, 3)
    worker = _running_on(system, workers)
    assert (await system.service.cancel(job_id, ctx())).ok
    assert sink.final(job_id).state is JobState.CANCELLED  # type: ignore[union-attr]
    # The bot frees the slot once the worker says the task stopped (saq: aborted).
    async with asyncio.timeout(10):
        while stops()[0] == before[0]:
            await asyncio.sleep(0.05)
    assert stops()[1] - before[1] < 2.0
    steps = [u.step or 0 for u in sink.of(job_id) if u.stage == "denoising"]
    assert max(steps) < LONG_STEPS
    assert not any(u.stage == "decoding" for u in sink.of(job_id))
    nxt = await _submit(system, "next")
    await sink.wait_final(nxt, timeout=30)
    assert sink.final(nxt).state is JobState.SUCCEEDED  # type: ignore[union-attr]
    # The worker process itself stopped the task (not only the bot forgetting about it).
    port = worker.settings["STUDIO_HTTP__PORT"]
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/metrics") as response,
    ):
        text = await response.text()
    assert any(
        "remote_tasks_total" in line and 'outcome="stopped"' in line for line in text.splitlines()
    )


async def test_a_worker_killed_mid_job_has_it_finished_by_the_other_with_one_result(
    system: JobSystem, sink: RecordingSink, workers: list[WorkerProcess]
) -> None:
    job_id = await _submit(system, "doomed", quality="final")
    await _wait_step(sink, job_id, 2)
    victim = _running_on(system, workers)
    (survivor,) = [w for w in workers if w is not victim]
    victim.kill()
    await sink.wait_final(job_id, timeout=90)
    final = sink.final(job_id)
    assert final is not None and final.state is JobState.SUCCEEDED
    assert final.result["worker_id"] == worker_id(survivor)
    assert _successes(sink, job_id) == 1
    notes = [u.note for u in sink.of(job_id) if u.note]
    assert "The worker stopped while making this; retrying (attempt 2 of 3)." in notes
    assert (await system.service.get(job_id, ctx())).unwrap().attempts == 2
    async with asyncio.timeout(10):  # the dead worker drops out of the registry
        while worker_id(victim) in _remote(system).workers:
            await asyncio.sleep(0.2)


async def test_a_redis_crash_and_restart_loses_no_job(
    system: JobSystem, sink: RecordingSink, redis: RedisServer
) -> None:
    running = await _submit(system, "through the restart", quality="final")
    waiting = [await _submit(system, f"after {i}", f"user{i}") for i in range(3)]
    await _wait_step(sink, running, 2)
    redis.restart(crash=True)
    await sink.wait_final(running, *waiting, timeout=90)
    for job_id in [running, *waiting]:
        final = sink.final(job_id)
        assert final is not None and final.state is JobState.SUCCEEDED, final
        assert _successes(sink, job_id) == 1


async def test_a_task_handed_back_by_a_stopping_worker_survives_a_redis_crash(
    system: JobSystem,
    sink: RecordingSink,
    redis: RedisServer,
    workers: list[WorkerProcess],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    running = await _submit(system, "handed back", quality="final")
    waiting = [await _submit(system, f"meanwhile {i}", f"user{i}") for i in range(2)]
    await _wait_step(sink, running, 2)
    (alive,) = [w for w in workers if w.proc is not None and w.proc.poll() is None]
    assert await asyncio.to_thread(alive.stop) == 0  # SIGTERM: the task goes back to the queue

    async def queued_in_redis() -> int:
        client = aioredis.from_url(redis.url)
        try:
            return int(await client.llen("saq:studio-media:queued"))
        finally:
            await client.aclose()

    assert await queued_in_redis() == 1
    redis.restart(crash=True)
    assert await queued_in_redis() == 1  # still there after the crash
    replacement = WorkerProcess(
        redis.url, tmp_path_factory.mktemp("replacement"), worker_env(free_port())
    ).start()
    workers.append(replacement)  # stopped with the others at the end
    await sink.wait_final(running, *waiting, timeout=90)
    for job_id in [running, *waiting]:
        final = sink.final(job_id)
        assert final is not None and final.state is JobState.SUCCEEDED, final
        assert final.result["worker_id"] == worker_id(replacement)
        assert _successes(sink, job_id) == 1
    # The same task ran on: the bot did not have to start the job again.
    assert (await system.service.get(running, ctx())).unwrap().attempts == 1


async def test_a_bot_restart_stops_its_remote_task_and_the_new_bot_runs_the_job_again(
    redis: RedisServer, workers: list[WorkerProcess], tmp_path_factory: pytest.TempPathFactory
) -> None:
    data = tmp_path_factory.mktemp("restarted-bot")
    sink = RecordingSink()
    first = await build_job_system(bot_settings(data, redis.url), sink=sink, metrics=Metrics())
    job_id = await _submit(first, "interrupted", quality="final")
    await _wait_step(sink, job_id, 2)
    client = aioredis.from_url(redis.url)
    try:
        (record,) = await client.lrange("saq:studio-media:active", 0, -1)
        await first.close()  # the bot stops: its task on the worker is aborted, not left running
        async with asyncio.timeout(10):
            while json.loads(await client.get(record))["status"] != "aborted":
                await asyncio.sleep(0.1)
    finally:
        await client.aclose()
    again = RecordingSink()
    second = await build_job_system(bot_settings(data, redis.url), sink=again, metrics=Metrics())
    try:
        await again.wait_final(job_id, timeout=60)
        assert again.final(job_id).state is JobState.SUCCEEDED  # type: ignore[union-attr]
    finally:
        await second.close()
