"""The documented Redis ACL (docker/redis-users.acl.example) works for the job queue and keeps
each role away from everything else: a real redis-server with that file, the bot's queue and a
saq worker as their own users, a job done end to end; other keys and admin commands refused."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from redis import asyncio as aioredis
from redis.exceptions import NoPermissionError
from saq import Worker
from saq.queue.redis import RedisQueue

from tests.support.redis_server import free_port, redis_server_path

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(redis_server_path() is None, reason="redis-server is not on PATH"),
]

ACL = Path(__file__).resolve().parents[2] / "docker" / "redis-users.acl.example"


@pytest.fixture
def acl_redis(tmp_path: Path) -> Iterator[int]:
    acl = tmp_path / "users.acl"
    text = ACL.read_text().replace("BOT_PASSWORD", "b0t-pw").replace("WORKER_PASSWORD", "w0rk-pw")
    acl.write_text("\n".join(line for line in text.splitlines() if not line.startswith("#")))
    port = free_port()
    binary = redis_server_path()
    assert binary is not None
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--aclfile", str(acl)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield port
    finally:
        proc.terminate()
        proc.wait(10)


async def _render(ctx: dict[str, Any], *, task: int) -> dict[str, int]:
    return {"rendered": task}


async def test_the_documented_acl_runs_the_queue_and_refuses_the_rest(acl_redis: int) -> None:
    await asyncio.sleep(0.3)  # redis-server starting
    url = "redis://{}@127.0.0.1:" + f"{acl_redis}/0"
    bot = RedisQueue.from_url(url.format("bot:b0t-pw"), name="studio-media")
    worker_queue = RedisQueue.from_url(url.format("worker:w0rk-pw"), name="studio-media")
    await bot.connect()
    await worker_queue.connect()
    timers: Any = {"abort": 1, "worker_info": 1, "sweep": 60, "schedule": 1}
    worker: Worker[Any] = Worker(
        worker_queue, functions=[("render", _render)], timers=timers, dequeue_timeout=1.0
    )
    running = asyncio.create_task(worker.start())
    try:
        async with asyncio.timeout(10):  # registered, and past saq's start-up sweep
            while not (await bot.info())["workers"]:
                await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        job = await bot.enqueue("render", task=7, key="t-1")
        assert job is not None
        async with asyncio.timeout(10):
            while (done := await bot.job("t-1")) is None or done.status.value != "complete":
                await asyncio.sleep(0.1)
        assert done.result == {"rendered": 7}
        later = await bot.enqueue("render", task=8, key="t-2", scheduled=10**10)
        assert later is not None
        await bot.abort(later, "cancelled")  # a cancel uses the abort marks
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
    plain = aioredis.from_url(url.format("worker:w0rk-pw"))
    with pytest.raises(NoPermissionError):
        await plain.get("studio:anything-else")
    with pytest.raises(NoPermissionError):
        await plain.flushall()
    with pytest.raises(NoPermissionError):
        await plain.config_get("requirepass")
    await plain.aclose()
    await bot.disconnect()
    await worker_queue.disconnect()
