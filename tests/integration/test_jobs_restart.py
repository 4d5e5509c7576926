"""kill -9 of the whole bot with jobs queued and running, then a restart: nothing is lost, the
running job is retried, its progress message is re-attached, and no worker is left behind."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from bot.wiring.jobs import build_job_system
from core.config import load_settings
from core.metrics import Metrics
from core.ports.progress import JobState
from tests.support.jobs import RecordingSink, ctx
from tests.support.tiny_pipelines import tiny_models

ROOT = Path(__file__).resolve().parents[2]


def _env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "STUDIO_DATA_DIR": str(data_dir),
        "STUDIO_MEDIA__IMAGE_MODEL_DRAFT": str(tiny_models().image),
        "STUDIO_MEDIA__DEVICE": "cpu",
        "STUDIO_MEDIA__CPU_THREADS": "1",
        "STUDIO_MEDIA__DRAFT_SIZE": "32",
        "STUDIO_MEDIA__DRAFT_STEPS": "2",
        "STUDIO_MEDIA__FINAL_SIZE": "64",
        "STUDIO_MEDIA__FINAL_STEPS": "200",
        "STUDIO_LOGGING__LEVEL": "warning",
    }


async def _gone(pid: int, timeout: float = 20.0) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        await asyncio.sleep(0.1)
    return False


async def test_bot_killed_with_jobs_queued_and_running_loses_nothing(tmp_path: Path) -> None:
    env = _env(tmp_path)
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.job_child",
        str(tmp_path),
        "4",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    assert child.stdout is not None
    try:
        first = json.loads(await asyncio.wait_for(child.stdout.readline(), 120))
        running = json.loads(await asyncio.wait_for(child.stdout.readline(), 120))
    finally:
        child.kill()  # SIGKILL: no cleanup of any kind (and none left running if this failed)
        await child.wait()
    ids, worker_pid = first["ids"], first["worker_pid"]
    assert running == {"running": ids[0]}
    assert await _gone(worker_pid), "the worker outlived the bot that started it"

    settings = load_settings(env=env)
    sink = RecordingSink()
    system = await build_job_system(settings, sink=sink, metrics=Metrics())
    try:
        await sink.wait_final(*ids, timeout=120)
        for job_id in ids:
            job = (await system.service.get(job_id, ctx("user0"))).unwrap()
            assert job.status is JobState.SUCCEEDED, job
            assert job.result["files"]
        retried = (await system.service.get(ids[0], ctx())).unwrap()
        assert retried.attempts == 2
        notes = [u.note for u in sink.of(ids[0]) if u.note]
        assert notes == ["The bot restarted while making this; retrying (attempt 2 of 3)."]
        assert all(sink.of(j)[0].state is JobState.QUEUED for j in ids)
    finally:
        await system.close()
