"""Presets: what gets rendered for what a user asked, and the refusal when no model is set."""

from __future__ import annotations

import random

import pytest

from core.config import MediaSettings
from core.jobs.model import JobKind
from core.result import ErrorCode
from tools.media.jobs.media_runner import RenderSpec, resolve, size_for


@pytest.mark.parametrize(
    ("aspect", "edge", "size"),
    [
        ("square", 512, (512, 512)),
        ("portrait", 1024, (768, 1024)),
        ("landscape", 512, (512, 384)),
        ("portrait", 32, (24, 32)),
    ],
)
def test_aspect_gives_a_size_every_unet_level_divides(
    aspect: str, edge: int, size: tuple[int, int]
) -> None:
    assert size_for(aspect, edge) == size


def test_no_model_configured_refuses_at_once_naming_the_setting() -> None:
    result = resolve(JobKind.IMAGE, {"prompt": "a fox"}, MediaSettings())
    assert result.error is not None and result.error.code is ErrorCode.UNAVAILABLE
    assert result.error.message.startswith(
        "no image model configured: set STUDIO_MEDIA__IMAGE_MODEL_DRAFT"
    )
    video = resolve(JobKind.VIDEO, {"prompt": "a boat"}, MediaSettings(image_model_draft="m"))
    assert video.error is not None and "STUDIO_MEDIA__VIDEO_MODEL" in video.error.message


def test_draft_and_final_presets_seeds_and_fallback_model() -> None:
    media = MediaSettings(image_model_draft="turbo", draft_steps=2, final_steps=20)
    rng = random.Random(7)
    draft = resolve(JobKind.IMAGE, {"prompt": "fox", "count": 3, "style": "ink"}, media, rng=rng)
    spec = RenderSpec.from_dict(draft.unwrap()["render"])
    assert (spec.model, spec.steps, spec.width, spec.height) == ("turbo", 2, 512, 512)
    assert spec.prompt == "fox, ink" and len(set(spec.seeds)) == 3
    assert draft.unwrap()["seed"] == spec.seeds[0]
    final = resolve(JobKind.IMAGE, {"prompt": "fox", "quality": "final", "seed": 5}, media)
    fspec = RenderSpec.from_dict(final.unwrap()["render"])
    assert (fspec.model, fspec.steps, fspec.width, fspec.seeds) == ("turbo", 20, 1024, (5,))


def test_video_frames_follow_seconds_and_are_capped() -> None:
    media = MediaSettings(video_model="anim", video_fps=8, video_max_frames=24)
    short = RenderSpec.from_dict(
        resolve(JobKind.VIDEO, {"prompt": "boat", "seconds": 2}, media).unwrap()["render"]
    )
    long = RenderSpec.from_dict(
        resolve(JobKind.VIDEO, {"prompt": "boat", "seconds": 10}, media).unwrap()["render"]
    )
    assert (short.frames, short.fps, long.frames) == (16, 8, 24)


def test_bad_params_are_invalid_input_saying_which() -> None:
    media = MediaSettings(image_model_draft="m")
    result = resolve(JobKind.IMAGE, {"prompt": "fox", "count": 9}, media)
    assert result.error is not None and result.error.code is ErrorCode.INVALID_INPUT
    assert result.error.message.startswith("count:")


def test_server_caps_lower_steps_and_size_keeping_the_aspect() -> None:
    media = MediaSettings(image_model_draft="turbo", final_steps=20, final_size=1024)
    params = {"prompt": "fox", "quality": "final", "aspect": "portrait"}
    capped = resolve(JobKind.IMAGE, {**params, "caps": {"max_steps": 8, "max_side": 512}}, media)
    spec = RenderSpec.from_dict(capped.unwrap()["render"])
    assert (spec.steps, spec.width, spec.height) == (8, 384, 512)
    loose = resolve(JobKind.IMAGE, {**params, "caps": {"max_steps": 50, "max_side": 4096}}, media)
    spec = RenderSpec.from_dict(loose.unwrap()["render"])
    assert (spec.steps, spec.width, spec.height) == (20, 768, 1024)  # caps never raise a preset
