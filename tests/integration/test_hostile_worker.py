"""A hostile worker on the Redis queue (anyone who can write to Redis can be one) answers render
tasks with forged results: file refs that name the bot's own secrets by absolute path, by `../`,
by a link planted in the shared folder, or through a crafted file type. The bot never takes a
worker's word for a path: the member is told the file could not be brought back, and nothing
outside the bot's media and shared folders is ever handed to Discord."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from saq import Worker
from saq.queue.redis import RedisQueue

from bot.wiring.jobs import JobSystem, build_job_system
from core.config import Settings, load_settings
from core.jobs.model import JobKind
from core.metrics import Metrics
from core.ports.progress import JobState
from tests.support.jobs import RecordingSink, ctx
from tests.support.redis_server import RedisServer, redis_server_path
from tools.media.transport.remote import RemoteWorkers
from tools.media.transport.remote.wire import FUNCTION

pytestmark = [
    pytest.mark.redis,
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.skipif(
        redis_server_path() is None,
        reason="redis-server is not on PATH (apt-get install redis-server; .ci/run does it)",
    ),
]

SECRET = b'[discord]\ntoken = "MTIz.the-bots-own-token"\n'
PNG_BYTES = b"\x89PNG\r\n\x1a\n not really an image"

# Builds the forged file ref from (the secret file, the shared folder).
Forgery = Callable[[Path, Path], dict[str, Any]]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _absolute(secret: Path, shared: Path) -> dict[str, Any]:
    return {"shared": str(secret), "ext": "png", "bytes": len(SECRET), "sha256": _sha(SECRET)}


def _dot_dot(secret: Path, shared: Path) -> dict[str, Any]:
    rel = Path("..") / secret.relative_to(shared.parent)
    return {"shared": rel.as_posix(), "ext": "png", "bytes": len(SECRET), "sha256": _sha(SECRET)}


def _planted_link(secret: Path, shared: Path) -> dict[str, Any]:
    digest = _sha(SECRET)
    link = shared / "media" / digest[:2] / f"{digest}.png"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    return {"shared": f"{digest}.png", "ext": "png", "bytes": len(SECRET), "sha256": digest}


def _bare_path(secret: Path, shared: Path) -> dict[str, Any]:
    return {"path": str(secret), "bytes": len(SECRET), "sha256": _sha(SECRET), "ext": "png"}


def _crafted_ext(secret: Path, shared: Path) -> dict[str, Any]:
    return {
        "inline": base64.b64encode(PNG_BYTES).decode(),
        "ext": "png/../../../../planted",
        "bytes": len(PNG_BYTES),
        "sha256": _sha(PNG_BYTES),
    }


def _wrong_types(secret: Path, shared: Path) -> dict[str, Any]:
    return {"inline": 12345, "shared": ["a"], "ext": "png", "bytes": "many", "sha256": None}


FORGERIES: dict[str, Forgery] = {
    "absolute path": _absolute,
    "dot-dot": _dot_dot,
    "link planted in the shared folder": _planted_link,
    "a bare path": _bare_path,
    "a crafted file type": _crafted_ext,
    "fields of the wrong type": _wrong_types,
}


class HostileWorker:
    """Registers like a real worker and answers every task with the next forged ref."""

    def __init__(self, url: str, secret: Path, shared: Path) -> None:
        self.queue = RedisQueue.from_url(url, name="studio-media")
        self.secret, self.shared = secret, shared
        self.forgery: Forgery = _absolute
        self._task: asyncio.Task[None] | None = None

    async def render(self, ctx: dict[str, Any], *, task: dict[str, Any]) -> dict[str, Any]:
        ref = self.forgery(self.secret, self.shared)
        results = {
            str(item["job_id"]): {"kind": "image", "files": [ref], "lowered": []}
            for item in task["items"]
        }
        outcome = {"task_id": task["task_id"], "ok": True, "results": results}
        return {"outcome": outcome, "lost": None, "worker_id": "evil-box"}

    async def start(self) -> None:
        timers: Any = {"abort": 0.25, "worker_info": 1, "sweep": 60, "schedule": 1}
        worker: Worker[Any] = Worker(
            self.queue,
            functions=[(FUNCTION, self.render)],
            id="evil-box",
            concurrency=1,
            timers=timers,
            dequeue_timeout=1.0,
            metadata={"slots": 1, "host": "evil", "pid": 1, "device": "cuda"},
        )
        await self.queue.connect()
        self._task = asyncio.create_task(worker.start())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        await self.queue.disconnect()


@pytest.fixture(scope="module")
def redis() -> Iterator[RedisServer]:
    server = RedisServer().start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bot")
    (root / "shared").mkdir()
    (root / "studio.toml").write_bytes(SECRET)  # what a forged ref would like the bot to post
    return root


def _settings(data_dir: Path, url: str) -> Settings:
    return load_settings(
        env={},
        overrides={
            "data_dir": str(data_dir),
            "jobs": {
                "transport": "redis",
                "redis_url": url,
                "heartbeat_s": 1.0,
                "shared_dir": str(data_dir / "shared"),
                "batch_drafts": False,
            },
            "media": {"image_model_draft": "tiny/not-loaded-here", "device": "cpu"},
        },
    )


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(
    redis: RedisServer, data_dir: Path
) -> AsyncIterator[tuple[JobSystem, RecordingSink, HostileWorker]]:
    sink = RecordingSink()
    system = await build_job_system(_settings(data_dir, redis.url), sink=sink, metrics=Metrics())
    hostile = HostileWorker(redis.url, data_dir / "studio.toml", data_dir / "shared")
    await hostile.start()
    remote = system.worker
    assert isinstance(remote, RemoteWorkers)
    async with asyncio.timeout(30):
        while not remote.workers:
            await asyncio.sleep(0.1)
    yield system, sink, hostile
    await system.close()
    await hostile.stop()


@pytest.mark.parametrize("forgery", list(FORGERIES))
async def test_a_forged_result_never_hands_a_local_file_to_discord(
    bot: tuple[JobSystem, RecordingSink, HostileWorker], data_dir: Path, forgery: str
) -> None:
    system, sink, hostile = bot
    hostile.forgery = FORGERIES[forgery]
    ticket = await system.service.submit(JobKind.IMAGE, {"prompt": "a red fox"}, ctx("u1"))
    job_id = ticket.unwrap().job.id
    await sink.wait_final(job_id, timeout=30)
    final = sink.final(job_id)
    assert final is not None
    files = (final.result or {}).get("files", [])
    posted = [Path(ref["path"]) for ref in files if ref.get("path")]
    # Nothing the member would be sent is the bot's secret, and nothing lies outside its media.
    assert all(p.resolve().is_relative_to((data_dir / "media").resolve()) for p in posted), posted
    assert all(p.read_bytes() != SECRET for p in posted if p.exists())
    assert not list(data_dir.rglob("planted*"))
    if forgery == "a bare path":  # read as "kept on the worker": nothing is attached
        assert final.state is JobState.SUCCEEDED and not posted and files[0]["over_limit"]
        return
    assert final.state is JobState.FAILED, final
    assert final.error is not None and "could not be brought back" in final.error.message
