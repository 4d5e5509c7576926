"""/readyz over the real composition root: unhealthy while the media worker is dead, healthy
again once it has been restarted, with the failing part named for the operator."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import aiohttp
import pytest

from bot.http_server import HealthServer
from bot.wiring.root import build_services
from core.config import load_settings
from tests.e2e.harness import share_embedder
from tests.support.jobs import RecordingSink
from tests.support.tiny_pipelines import tiny_models


async def _ready(url: str) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.json()


async def _until(url: str, status: int, timeout: float = 30.0) -> dict[str, object]:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        code, body = await _ready(url)
        if code == status:
            return body
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"/readyz stayed {code} ({body}), wanted {status}")
        await asyncio.sleep(0.1)


async def test_readyz_follows_the_worker_dying_and_coming_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    settings = load_settings(
        env={},
        overrides={
            "data_dir": str(tmp_path),
            "catalog": {"load_starter": False},
            "jobs": {"heartbeat_s": 0.5},
            "media": {"image_model_draft": str(tiny_models().image), "device": "cpu"},
        },
    )
    services = await build_services(settings, RecordingSink())
    server = HealthServer(services.metrics, port=0)
    for name, check in services.readiness.items():
        server.add_check(name, check)
    url = f"http://127.0.0.1:{await server.start()}/readyz"
    try:
        await _until(url, 200)
        own = _children("tools.media.gpu.worker_process")
        assert own, "the bot's worker process is not running"
        os.kill(own[0], signal.SIGKILL)
        body = await _until(url, 503)
        assert body["failing"] == {"worker": "the media worker process is not running"}
        await _until(url, 200)  # the watchdog restarts it within a heartbeat or two
    finally:
        await server.stop()
        await services.aclose()


def _children(module: str) -> list[int]:
    """Pids of this process's children running `python -m module` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # the process ended while we looked
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and module.encode() in cmdline:
            found.append(int(entry.name))
    return found
