"""The bot side and a real worker subprocess running tiny pipelines loaded from disk: progress in
order, files, cancel of a running job, batching of queued drafts, and a worker killed with -9."""

from __future__ import annotations

import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import imageio.v2 as imageio
import pytest
import pytest_asyncio
from PIL import Image

from bot.wiring.jobs import JobSystem, build_job_system
from core.config import Settings, load_settings
from core.jobs.model import JobKind
from core.metrics import Metrics
from core.ports.progress import JobState
from tests.support.jobs import RecordingSink, ctx
from tests.support.tiny_pipelines import tiny_models

pytestmark = pytest.mark.asyncio(loop_scope="module")

LONG_STEPS = 200  # a "final" long enough to cancel or kill mid-run (a few ms per step)


def worker_settings(data_dir: Path) -> Settings:
    tiny = tiny_models()
    return load_settings(
        env={},
        overrides={
            "data_dir": str(data_dir),
            "jobs": {"max_queued_per_user": 20, "heartbeat_s": 1.0},
            "media": {
                "image_model_draft": str(tiny.image),
                "video_model": str(tiny.video),
                "device": "cpu",
                "cpu_threads": 1,
                "draft_size": 32,
                "draft_steps": 3,
                "final_size": 64,
                "final_steps": LONG_STEPS,
                "video_size_draft": 32,
                "video_steps_draft": 2,
                "video_fps": 4,
                "preview_interval_s": 0.1,
            },
        },
    )


@pytest.fixture(scope="module")
def sink() -> RecordingSink:
    return RecordingSink()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def system(
    tmp_path_factory: pytest.TempPathFactory, sink: RecordingSink
) -> AsyncIterator[JobSystem]:
    settings = worker_settings(tmp_path_factory.mktemp("data"))
    built = await build_job_system(settings, sink=sink, metrics=Metrics())
    await built.worker.wait_ready()
    yield built
    await built.close()


async def _wait_step(sink: RecordingSink, job_id: int, step: int) -> None:
    while not any((u.step or 0) >= step and u.stage == "denoising" for u in sink.of(job_id)):
        await sink.wait_any(timeout=30)


async def test_an_image_job_reports_in_order_and_yields_pngs_with_provenance(
    system: JobSystem, sink: RecordingSink
) -> None:
    ticket = (
        await system.service.submit(JobKind.IMAGE, {"prompt": "a red fox", "count": 2}, ctx())
    ).unwrap()
    await sink.wait_final(ticket.job.id, timeout=60)
    updates = sink.of(ticket.job.id)
    assert updates[0].state is JobState.QUEUED and updates[0].queue_position == 1
    stages = [u.stage for u in updates if u.stage not in ("loading model",)]
    assert stages[:2] == ["queued", "starting"]
    assert [u.step for u in updates if u.stage == "denoising"] == [1, 2, 3]
    assert stages[-2:] == ["decoding", "done"]
    assert any(u.preview_png for u in updates)
    final = updates[-1]
    assert final.state is JobState.SUCCEEDED
    files = final.result["files"]
    assert len(files) == 2
    seed = ticket.job.params["seed"]
    for i, ref in enumerate(files):
        with Image.open(ref["path"]) as png:
            assert png.size == (32, 32) and png.text["prompt"] == "a red fox"
            assert png.text["seed"] == str(seed + i)
        assert Path(ref["path"]).is_relative_to(system.worker._data_dir / "media")


async def test_a_video_job_yields_an_mp4(system: JobSystem, sink: RecordingSink) -> None:
    ticket = (
        await system.service.submit(JobKind.VIDEO, {"prompt": "a paper boat", "seconds": 2}, ctx())
    ).unwrap()
    await sink.wait_final(ticket.job.id, timeout=60)
    final = sink.final(ticket.job.id)
    assert final is not None and final.state is JobState.SUCCEEDED, final
    (ref,) = final.result["files"]
    reader = imageio.get_reader(ref["path"], format="FFMPEG")
    try:
        assert len(list(reader.iter_data())) == 8
    finally:
        reader.close()


async def test_cancel_a_running_job_stops_the_worker_within_a_step(
    system: JobSystem, sink: RecordingSink
) -> None:
    job = (
        (await system.service.submit(JobKind.IMAGE, {"prompt": "slow", "quality": "final"}, ctx()))
        .unwrap()
        .job
    )
    await _wait_step(sink, job.id, 3)
    assert (await system.service.cancel(job.id, ctx())).ok
    # The worker is free again soon: the next job runs.
    nxt = (await system.service.submit(JobKind.IMAGE, {"prompt": "next"}, ctx())).unwrap().job
    await sink.wait_final(nxt.id, timeout=30)
    steps = [u.step or 0 for u in sink.of(job.id) if u.stage == "denoising"]
    assert max(steps) < LONG_STEPS
    assert not any(u.stage == "decoding" for u in sink.of(job.id))
    assert sink.final(job.id).state is JobState.CANCELLED  # type: ignore[union-attr]
    stop = system.service._rt.metrics.timing("job_cancel_stop_seconds", kind=JobKind.IMAGE)
    assert stop.count == 1 and stop.max < 1.0


async def test_queued_drafts_run_as_one_batch_behind_a_running_job(
    system: JobSystem, sink: RecordingSink
) -> None:
    long = (
        (await system.service.submit(JobKind.IMAGE, {"prompt": "long", "quality": "final"}, ctx()))
        .unwrap()
        .job
    )
    await _wait_step(sink, long.id, 1)
    drafts = [
        (await system.service.submit(JobKind.IMAGE, {"prompt": f"d{i}"}, ctx(f"user{i}")))
        .unwrap()
        .job.id
        for i in range(3)
    ]
    await system.service.cancel(long.id, ctx())
    await sink.wait_final(*drafts, timeout=30)
    for job_id in drafts:
        final = sink.final(job_id)
        assert final is not None and final.state is JobState.SUCCEEDED
        assert final.result["batch_images"] == 3 and len(final.result["files"]) == 1


async def test_a_worker_killed_mid_queue_loses_no_job(
    system: JobSystem, sink: RecordingSink
) -> None:
    victim = (
        (
            await system.service.submit(
                JobKind.IMAGE, {"prompt": "doomed", "quality": "final"}, ctx()
            )
        )
        .unwrap()
        .job
    )
    queued = [
        (await system.service.submit(JobKind.IMAGE, {"prompt": f"q{i}"}, ctx())).unwrap().job.id
        for i in range(2)
    ]
    await _wait_step(sink, victim.id, 2)
    pid = system.worker.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    await sink.wait_final(victim.id, *queued, timeout=120)
    assert all(sink.final(j).state is JobState.SUCCEEDED for j in [victim.id, *queued])  # type: ignore[union-attr]
    notes = [u.note for u in sink.of(victim.id) if u.note]
    assert "The worker stopped while making this; retrying (attempt 2 of 3)." in notes
    assert system.worker.restarts == 1 and system.worker.pid != pid
    stored = (await system.service.get(victim.id, ctx())).unwrap()
    assert stored.attempts == 2


async def test_a_hung_worker_is_killed_after_three_missed_heartbeats_and_the_job_retried(
    system: JobSystem, sink: RecordingSink
) -> None:
    job = (
        (await system.service.submit(JobKind.IMAGE, {"prompt": "hangs", "quality": "final"}, ctx()))
        .unwrap()
        .job
    )
    await _wait_step(sink, job.id, 2)
    pid = system.worker.pid
    assert pid is not None
    restarts = system.worker.restarts
    os.kill(pid, signal.SIGSTOP)  # alive but silent, like a wedged driver call
    await sink.wait_final(job.id, timeout=120)
    assert sink.final(job.id).state is JobState.SUCCEEDED  # type: ignore[union-attr]
    assert system.worker.restarts == restarts + 1 and system.worker.pid != pid
    notes = [u.note for u in sink.of(job.id) if u.note]
    assert any(n and n.startswith("The worker stopped while making this") for n in notes)
