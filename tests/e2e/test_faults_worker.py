"""The media worker killed (kill -9) in the middle of a job, through the real stack: the worker
subprocess running a tiny diffusers pipeline, the SQLite job store and the Discord progress sink.
The member's progress message says the job is being retried, and the result still arrives, once,
in the same thread; the job queued behind it is not lost either."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from bot.render.limits import COLOR_DONE
from bot.wiring import build_services
from tests.e2e.conftest import StudioFactory
from tests.e2e.emulator import Message
from tests.e2e.emulator.model import Channel
from tests.e2e.harness import Studio, share_embedder
from tests.support.tiny_pipelines import tiny_models

RETRYING = "The worker stopped while making this; retrying (attempt 2 of 3)."


def _worker_pids() -> list[int]:
    """This process's media worker(s): `python -m tools.media.gpu.worker_process` children."""
    pids = []
    for task in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        for pid in task.read_text().split():
            cmdline = Path(f"/proc/{pid}/cmdline")
            if cmdline.exists() and b"tools.media.gpu.worker_process" in cmdline.read_bytes():
                pids.append(int(pid))
    return pids


async def _job(studio: Studio, user: str, **options: object) -> tuple[Channel, Message]:
    """Run /imagine; the job's thread and its progress message."""
    emu = studio.emu
    (reply,) = await emu.wait_answered(await emu.invoke(user, "imagine", **options), timeout=30)
    thread = await emu.wait_until(lambda: emu.thread_of(reply), timeout=30, what="the thread")
    progress = await emu.wait_until(
        lambda: next((m for m in emu.visible(thread) if m.embeds), None), what="progress"
    )
    return thread, progress


def _results(studio: Studio, thread: Channel) -> list[Message]:
    return [m for m in studio.emu.visible(thread) if "is done" in m.content]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the worker through /proc")
async def test_a_worker_killed_mid_job_retries_and_the_result_still_arrives(
    make_studio: StudioFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    tiny = tiny_models()
    studio = await make_studio(
        factory=build_services,
        overrides={
            "catalog": {"load_starter": False},
            "http": {"enabled": "off"},
            "jobs": {"heartbeat_s": 1.0},
            "media": {
                "image_model_draft": str(tiny.image),
                "image_model_final": str(tiny.image),
                "device": "cpu",
                "cpu_threads": 1,
                "draft_size": 32,
                "draft_steps": 3,
                "final_size": 64,
                "final_steps": 200,  # long enough to be killed in the middle
                "preview_interval_s": 0.5,
            },
        },
    )
    emu = studio.emu
    thread, progress = await _job(studio, "bob", prompt="a lighthouse", quality="final", seed=3)
    behind, _ = await _job(studio, "carol", prompt="a paper boat")
    await emu.wait_until(
        lambda: "step" in emu.messages[progress.id].text(), timeout=60, what="denoising steps"
    )
    (worker,) = _worker_pids()
    os.kill(worker, signal.SIGKILL)

    (result,) = await emu.wait_until(
        lambda: _results(studio, thread), timeout=90, what="the retried job's result"
    )
    assert result.attachments[0].filename.endswith(".png")
    shown = emu.messages[progress.id]  # the same message, edited: never a second one
    said = [str(edit.embeds) for edit in shown.history]
    assert any(RETRYING in s for s in said), f"the retry was never shown: {said}"
    assert shown.colors[-1] == COLOR_DONE
    assert [m.id for m in emu.visible(thread) if m.embeds] == [progress.id]
    assert len(await emu.wait_until(lambda: _results(studio, behind), timeout=60)) == 1
    assert _worker_pids() and _worker_pids() != [worker]  # a fresh worker took over
