"""Setting up the Redis transport: `studio worker` and the bot say what they need when it is
missing, and a bot whose Redis is not up yet still starts and keeps its users' jobs queued."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.cli import main
from bot.wiring.jobs import build_job_system
from core.config import load_settings
from core.errors import ConfigError
from core.jobs.model import JobKind
from core.metrics import Metrics
from core.ports.progress import JobState
from tests.support.jobs import RecordingSink, ctx
from tools.media.transport.remote import RemoteWorkers


def test_studio_worker_without_a_redis_url_says_how_to_give_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("STUDIO_JOBS__REDIS_URL", raising=False)
    monkeypatch.delenv("STUDIO_CONFIG", raising=False)
    assert main(["worker"]) == 2
    err = capsys.readouterr().err
    assert "--redis URL" in err and "STUDIO_JOBS__REDIS_URL" in err


async def test_the_redis_transport_without_a_url_names_the_setting(tmp_path: Path) -> None:
    settings = load_settings(
        env={}, overrides={"data_dir": str(tmp_path), "jobs": {"transport": "redis"}}
    )
    with pytest.raises(ConfigError, match=r"jobs\.redis_url"):
        await build_job_system(settings, sink=RecordingSink(), metrics=Metrics())


async def test_a_bot_whose_redis_is_down_starts_and_keeps_jobs_queued(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    settings = load_settings(
        env={},
        overrides={
            "data_dir": str(tmp_path),
            "jobs": {"transport": "redis", "redis_url": f"redis://127.0.0.1:{port}/0"},
            "media": {"image_model_draft": "some/model"},
        },
    )
    sink = RecordingSink()
    system = await build_job_system(settings, sink=sink, metrics=Metrics())
    try:
        assert isinstance(system.worker, RemoteWorkers)
        assert not system.worker.alive  # /readyz reports it
        ticket = (await system.service.submit(JobKind.IMAGE, {"prompt": "a fox"}, ctx())).unwrap()
        assert ticket.position == 1
        stored = (await system.service.get(ticket.job.id, ctx())).unwrap()
        assert stored.status is JobState.QUEUED
    finally:
        await system.close()
