"""The worker's engine on tiny random pipelines loaded from disk through diffusers' real loaders:
progress, previews, cancel, files, and the out-of-memory ladder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import imageio.v2 as imageio
import pytest
import torch
from PIL import Image

from core.config import MediaSettings
from tests.support.tiny_pipelines import TinyModels, tiny_models
from tools.media.gpu.media_engine import MediaEngine
from tools.media.gpu.pipelines import PipelineCache
from tools.media.protocol import RenderItem, RenderTask, TaskOutcome, WorkerEvent


@pytest.fixture(scope="module")
def tiny() -> TinyModels:
    return tiny_models()


@pytest.fixture(scope="module")
def engine(tiny: TinyModels, tmp_path_factory: pytest.TempPathFactory) -> MediaEngine:
    media = MediaSettings(device="cpu", preview_interval_s=0.1)
    return MediaEngine(media=media, data_dir=tmp_path_factory.mktemp("data"))


def _task(tiny: TinyModels, *items: RenderItem, steps: int = 3, size: int = 32) -> RenderTask:
    return RenderTask(
        task_id="t",
        kind="image",
        model=str(tiny.image),
        quality="draft",
        width=size,
        height=size,
        steps=steps,
        guidance=0.0,
        items=items,
    )


def _run(
    engine: MediaEngine,
    task: RenderTask,
    cancelled: Callable[[list[WorkerEvent]], bool] | None = None,
) -> tuple[TaskOutcome, list[WorkerEvent]]:
    events: list[WorkerEvent] = []
    outcome = engine.run(task, events.append, lambda: bool(cancelled and cancelled(events)))
    return outcome, events


def test_progress_in_order_with_previews_and_png_files_per_job(
    engine: MediaEngine, tiny: TinyModels
) -> None:
    task = _task(
        tiny, RenderItem(1, "a red fox", None, (11, 12)), RenderItem(2, "a boat", "fog", (7,))
    )
    outcome, events = _run(engine, task)
    assert outcome.ok, outcome.message
    stages = [(e.stage, e.step) for e in events if e.stage != "loading model"]
    assert stages == [("denoising", 1), ("denoising", 2), ("denoising", 3), ("decoding", 3)]
    first = next(e for e in events if e.stage == "denoising")
    assert set(first.previews) == {1, 2}
    with Image.open(__import__("io").BytesIO(first.previews[1])) as preview:
        assert preview.format == "PNG"
    one, two = outcome.results[1], outcome.results[2]
    assert len(one["files"]) == 2 and len(two["files"]) == 1 and one["batch_images"] == 3
    with Image.open(one["files"][1]["path"]) as png:
        assert png.size == (32, 32)
        assert png.text["prompt"] == "a red fox" and png.text["seed"] == "12"
        assert png.text["model"] == str(tiny.image) and png.text["size"] == "32x32"
    with Image.open(two["files"][0]["path"]) as png:
        assert png.text["negative_prompt"] == "fog"
    assert outcome.timings["pipeline_s"] > 0 and one["lowered"] == []


def test_same_seed_same_image_and_other_seed_other_image(
    engine: MediaEngine, tiny: TinyModels
) -> None:
    a, _ = _run(engine, _task(tiny, RenderItem(1, "fox", None, (5,))))
    b, _ = _run(engine, _task(tiny, RenderItem(1, "fox", None, (5,))))
    c, _ = _run(engine, _task(tiny, RenderItem(1, "fox", None, (6,))))
    path = lambda o: o.results[1]["files"][0]["sha256"]  # noqa: E731
    assert path(a) == path(b) != path(c)


def test_cancel_stops_at_the_next_step_and_skips_the_decode(
    engine: MediaEngine, tiny: TinyModels
) -> None:
    task = _task(tiny, RenderItem(1, "fox", None, (1,)), steps=10)
    outcome, events = _run(engine, task, cancelled=lambda evs: any(e.step == 2 for e in evs))
    assert not outcome.ok and outcome.error_code == "cancelled"
    assert [e.step for e in events if e.stage == "denoising"] == [1, 2]
    assert not any(e.stage == "decoding" for e in events)


def test_out_of_memory_in_decode_retries_the_decode_tiled_without_denoising_again(
    engine: MediaEngine, tiny: TinyModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    vae = engine.cache.get(str(tiny.image), "image").vae
    real_decode = vae.decode

    def decode(*args: Any, **kwargs: Any) -> Any:
        if not vae.use_tiling:
            raise torch.OutOfMemoryError("CUDA out of memory (simulated)")
        return real_decode(*args, **kwargs)

    monkeypatch.setattr(vae, "decode", decode)
    outcome, events = _run(engine, _task(tiny, RenderItem(1, "fox", None, (1,))))
    assert outcome.ok, outcome.message
    assert outcome.results[1]["lowered"] == ["decoded in tiles"]
    notes = [e.note for e in events if e.note]
    assert notes == [
        "Ran out of GPU memory; freed memory and trying again.",
        "Ran out of GPU memory; decoded in tiles.",
    ]
    assert len([e for e in events if e.stage == "denoising"]) == 3  # latents were kept
    assert not vae.use_tiling, "the ladder's change must not slow the next job down"


def test_out_of_memory_ladder_stops_after_three_steps_and_says_what_was_tried(
    engine: MediaEngine, tiny: TinyModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    vae = engine.cache.get(str(tiny.image), "image").vae

    def decode(*_args: Any, **_kwargs: Any) -> Any:
        raise torch.OutOfMemoryError("CUDA out of memory (simulated)")

    monkeypatch.setattr(vae, "decode", decode)
    outcome, events = _run(engine, _task(tiny, RenderItem(1, "fox", None, (1,))))
    assert not outcome.ok and outcome.error_code == "unavailable"
    assert outcome.message is not None
    assert "decoded in tiles, lowered the size from 32x32 to 24x24" in outcome.message
    assert len([e for e in events if e.note]) == 3


def test_out_of_memory_in_a_batch_splits_it(
    engine: MediaEngine, tiny: TinyModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    unet = engine.cache.get(str(tiny.image), "image").unet
    real_forward = unet.forward

    def forward(sample: Any, *args: Any, **kwargs: Any) -> Any:
        if sample.shape[0] > 1:
            raise torch.OutOfMemoryError("CUDA out of memory (simulated)")
        return real_forward(sample, *args, **kwargs)

    monkeypatch.setattr(unet, "forward", forward)
    task = _task(tiny, RenderItem(1, "fox", None, (1,)), RenderItem(2, "owl", None, (2,)))
    outcome, events = _run(engine, task)
    assert outcome.ok, outcome.message
    assert outcome.results[2]["lowered"] == ["made the images one at a time instead of as a batch"]
    assert [e.step for e in events if e.stage == "denoising"][-1] == 6  # 2 passes x 3 steps


def test_text_to_video_writes_an_mp4(engine: MediaEngine, tiny: TinyModels) -> None:
    task = RenderTask(
        task_id="v",
        kind="video",
        model=str(tiny.video),
        quality="draft",
        width=32,
        height=32,
        steps=2,
        guidance=1.0,
        frames=8,
        fps=8,
        items=(RenderItem(5, "a paper boat", None, (3,)),),
    )
    outcome, events = _run(engine, task)
    assert outcome.ok, outcome.message
    assert [e.step for e in events if e.stage == "denoising"] == [1, 2]
    ref = outcome.results[5]["files"][0]
    assert ref["mime"] == "video/mp4" and ref["frames"] == 8
    reader = imageio.get_reader(ref["path"], format="FFMPEG")
    try:
        frames = list(reader.iter_data())
    finally:
        reader.close()
    assert len(frames) == 8 and frames[0].shape == (32, 32, 3)


def test_a_model_that_does_not_load_fails_with_what_to_check(
    engine: MediaEngine, tmp_path: Path
) -> None:
    task = RenderTask(
        task_id="x",
        kind="image",
        model=str(tmp_path / "missing"),
        quality="draft",
        width=32,
        height=32,
        steps=1,
        guidance=0.0,
        items=(RenderItem(1, "fox", None, (1,)),),
    )
    outcome, _ = _run(engine, task)
    assert not outcome.ok and outcome.error_code == "unavailable"
    assert outcome.message is not None and "could not load the model" in outcome.message
    assert "STUDIO_MEDIA__IMAGE_MODEL_DRAFT" in outcome.message


def test_pipelines_over_the_memory_budget_are_unloaded_least_recent_first(tiny: TinyModels) -> None:
    cache = PipelineCache(device="cpu", budget_gb=0.0005)  # 0.5 MB: one fits, not both
    cache.get(str(tiny.image), "image")
    cache.get(str(tiny.video), "video")
    assert cache.loaded() == [str(tiny.video)]
    roomy = PipelineCache(device="cpu", budget_gb=1.0)
    roomy.get(str(tiny.image), "image")
    roomy.get(str(tiny.video), "video")
    roomy.get(str(tiny.image), "image")
    assert roomy.loaded() == [str(tiny.video), str(tiny.image)]
