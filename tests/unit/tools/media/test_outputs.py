"""Result files are valid, carry their provenance, are content-addressed and fit the limit."""

from __future__ import annotations

from pathlib import Path

import imageio.v2 as imageio
import numpy as np
import pytest
from PIL import Image

import tools.media.gpu.outputs as outputs
from tools.media.gpu.outputs import save_png, save_video


def _frames(n: int, size: int, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 255, (size, size, 3), dtype=np.uint8) for _ in range(n)]


def test_png_keeps_provenance_in_text_chunks(tmp_path: Path) -> None:
    image = Image.fromarray(_frames(1, 32)[0])
    provenance = {
        "prompt": "a fox in snow ❄",
        "negative_prompt": "",
        "seed": 42,
        "model": "m",
        "steps": 4,
        "size": "32x32",
        "version": "0.1.0",
    }
    ref = save_png(image, provenance, tmp_path, limit_bytes=10**6)
    with Image.open(ref["path"]) as png:
        assert png.format == "PNG" and png.size == (32, 32)
        assert png.text["prompt"] == "a fox in snow ❄"
        assert png.text["seed"] == "42" and png.text["steps"] == "4"
    again = save_png(image, provenance, tmp_path, limit_bytes=10**6)
    assert again["path"] == ref["path"] and Path(ref["path"]).name == f"{ref['sha256']}.png"


def test_mp4_is_h264_and_reads_back_frame_for_frame(tmp_path: Path) -> None:
    ref = save_video(
        _frames(8, 32), fps=8, provenance={"prompt": "boat"}, media_dir=tmp_path, limit_bytes=10**7
    )
    assert ref["mime"] == "video/mp4" and ref["fitted"] == [] and not ref["over_limit"]
    reader = imageio.get_reader(ref["path"], format="FFMPEG")
    try:
        meta = reader.get_meta_data()
        frames = list(reader.iter_data())
    finally:
        reader.close()
    assert meta["codec"] == "h264" and meta["fps"] == 8.0
    assert len(frames) == 8 and frames[0].shape == (32, 32, 3)


def test_video_is_fitted_to_the_attachment_limit(tmp_path: Path) -> None:
    frames = _frames(16, 128)
    full = save_video(frames, fps=8, provenance={}, media_dir=tmp_path, limit_bytes=10**8)
    limit = full["bytes"] // 3
    fitted = save_video(frames, fps=8, provenance={}, media_dir=tmp_path, limit_bytes=limit)
    assert fitted["bytes"] <= limit and fitted["fitted"] and not fitted["over_limit"]
    hopeless = save_video(frames, fps=8, provenance={}, media_dir=tmp_path, limit_bytes=100)
    assert hopeless["over_limit"] and Path(hopeless["path"]).is_file()


def test_without_ffmpeg_the_video_falls_back_to_animated_webp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_ffmpeg(*_args: object) -> bytes:
        raise OSError("ffmpeg not found")

    monkeypatch.setattr(outputs, "_encode_mp4", no_ffmpeg)
    ref = save_video(_frames(6, 32), fps=6, provenance={}, media_dir=tmp_path, limit_bytes=10**7)
    assert ref["mime"] == "image/webp"
    assert ref["fitted"] == ["sent as animated WEBP instead of MP4"]
    with Image.open(ref["path"]) as anim:
        assert anim.n_frames == 6
