"""From what a user asked (prompt, quality, aspect, count, seconds, seed) to exactly what to render.

Resolved once, at submit, and stored with the job under `render`: a retry after a restart renders
the same thing with the same seeds, and the ETA model knows the job's shape before it runs.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from pydantic import ValidationError

from core.config import MediaSettings
from core.intent.schema import GenerateImageParams, GenerateVideoParams
from core.jobs.model import JobKind
from core.result import ErrorCode, StepResult

__all__ = ["RenderSpec", "resolve", "size_for"]

MediaKind = Literal["image", "video"]
_MAX_SEED = 2**32 - 1


@dataclass(frozen=True, slots=True)
class RenderSpec:
    kind: MediaKind
    model: str
    quality: str
    prompt: str
    negative_prompt: str | None
    width: int
    height: int
    steps: int
    guidance: float
    seeds: tuple[int, ...]  # one per image (images) or one (video)
    frames: int = 1
    fps: int = 0

    @property
    def count(self) -> int:
        return len(self.seeds)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["seeds"] = list(self.seeds)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RenderSpec:
        return cls(**{**data, "seeds": tuple(data["seeds"])})


def size_for(aspect: str, edge: int) -> tuple[int, int]:
    """(width, height) for an aspect, with `edge` the longer side; 3:4 portrait, 4:3 landscape.
    Sides are multiples of 64 (8 for tiny test sizes) so every UNet level divides evenly."""
    step = 64 if edge >= 256 else 8
    edge = max(step, edge // step * step)
    short = max(step, round(edge * 3 / 4 / step) * step)
    if aspect == "portrait":
        return short, edge
    if aspect == "landscape":
        return edge, short
    return edge, edge


def resolve(
    kind: JobKind, params: dict[str, Any], media: MediaSettings, *, rng: random.Random | None = None
) -> StepResult[dict[str, Any]]:
    """Validate the user's params and add `render` (a RenderSpec as a dict)."""
    rng = rng or random.SystemRandom()
    model_cls = GenerateImageParams if kind is JobKind.IMAGE else GenerateVideoParams
    fields = {k: v for k, v in params.items() if k in model_cls.model_fields}
    try:
        asked = model_cls.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "request"
        return StepResult.failure(ErrorCode.INVALID_INPUT, f"{where}: {first['msg']}.")
    seed = asked.seed if asked.seed is not None else rng.randint(0, _MAX_SEED)
    final = asked.quality == "final"
    if isinstance(asked, GenerateImageParams):
        model = (
            (media.image_model_final or media.image_model_draft)
            if final
            else (media.image_model_draft or media.image_model_final)
        )
        if not model:
            return StepResult.failure(
                ErrorCode.UNAVAILABLE,
                "no image model configured: set STUDIO_MEDIA__IMAGE_MODEL_DRAFT (and optionally "
                "STUDIO_MEDIA__IMAGE_MODEL_FINAL) to a diffusers model id or a local folder.",
                retryable=False,
            )
        width, height = size_for(asked.aspect, media.final_size if final else media.draft_size)
        prompt = f"{asked.prompt}, {asked.style}" if asked.style else asked.prompt
        spec = RenderSpec(
            kind="image",
            model=model,
            quality=asked.quality,
            prompt=prompt,
            negative_prompt=asked.negative_prompt,
            width=width,
            height=height,
            steps=media.final_steps if final else media.draft_steps,
            guidance=media.final_guidance if final else media.draft_guidance,
            seeds=tuple((seed + i) % (_MAX_SEED + 1) for i in range(asked.count)),
        )
    else:
        if not media.video_model:
            return StepResult.failure(
                ErrorCode.UNAVAILABLE,
                "no video model configured: set STUDIO_MEDIA__VIDEO_MODEL to a diffusers "
                "text-to-video model id or a local folder (e.g. an AnimateDiff pipeline).",
                retryable=False,
            )
        width, height = size_for(
            asked.aspect, media.video_size_final if final else media.video_size_draft
        )
        spec = RenderSpec(
            kind="video",
            model=media.video_model,
            quality=asked.quality,
            prompt=asked.prompt,
            negative_prompt=None,
            width=width,
            height=height,
            steps=media.video_steps_final if final else media.video_steps_draft,
            guidance=media.video_guidance,
            seeds=(seed,),
            frames=min(media.video_max_frames, asked.seconds * media.video_fps),
            fps=media.video_fps,
        )
    spec = _apply_caps(spec, params.get("caps") or {})
    return StepResult.success({**params, "seed": seed, "render": spec.to_dict()})


def _apply_caps(spec: RenderSpec, caps: dict[str, Any]) -> RenderSpec:
    """A server's `/admin limits` caps (added to the params by the orchestrator) only lower the
    preset: fewer steps, a smaller longest side with the aspect kept."""
    changes: dict[str, Any] = {}
    max_steps = caps.get("max_steps")
    if isinstance(max_steps, int) and spec.steps > max_steps:
        changes["steps"] = max_steps
    max_side = caps.get("max_side")
    longest = max(spec.width, spec.height)
    if isinstance(max_side, int) and longest > max_side:
        aspect = (
            "square"
            if spec.width == spec.height
            else ("portrait" if spec.height > spec.width else "landscape")
        )
        changes["width"], changes["height"] = size_for(aspect, max_side)
    return replace(spec, **changes) if changes else spec
