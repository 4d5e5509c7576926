"""`MediaRunner`: the job runner for images and videos, in front of a worker transport.

It resolves presets at submit (`prepare`), tells the ETA model what a job costs (`profile`),
groups compatible drafts (`batch_key`), turns jobs into one render task, relays the worker's
progress to each job's reporter, and sends a cancel to the worker once every job in the pass
has been cancelled.

Presets (`resolve()`, below the runner) go from what a user asked (prompt, quality, aspect,
count, seconds, seed) to exactly what to render, a `RenderSpec`. It is resolved once, at submit,
and stored with the job under `render`: a retry after a restart renders the same thing with the
same seeds, and the ETA model knows the job's shape before it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from pydantic import ValidationError

from core.config import JobSettings, MediaSettings
from core.intent.schema import GenerateImageParams, GenerateVideoParams
from core.jobs.model import Job, JobKind, WorkProfile
from core.logging import get_logger
from core.ports.jobs import REQUEUE, JobReporter
from core.result import ErrorCode, StepResult
from tools.media.protocol import (
    RenderItem,
    RenderTask,
    TaskOutcome,
    WorkerDied,
    WorkerEvent,
    WorkerTransport,
)

__all__ = ["MediaRunner", "RenderSpec", "resolve", "size_for"]

log = get_logger(__name__)
_CANCEL_POLL_S = 0.05
_task_ids = itertools.count(1)
MediaKind = Literal["image", "video"]
_MAX_SEED = 2**32 - 1


class MediaRunner:
    """The one media runner, whatever the transport: its room is the transport's (an elastic
    runner to the job service, so remote workers joining start waiting jobs at once)."""

    kinds = frozenset({JobKind.IMAGE, JobKind.VIDEO})

    def __init__(self, worker: WorkerTransport, *, media: MediaSettings, jobs: JobSettings):
        self._worker = worker
        self._media = media
        self._jobs = jobs

    @property
    def concurrency(self) -> int:
        return self._worker.capacity

    def on_capacity(self, wake: Callable[[], None]) -> None:
        self._worker.on_capacity(wake)

    # -- at submit -------------------------------------------------------------------------
    def prepare(self, kind: JobKind, params: dict[str, Any]) -> StepResult[dict[str, Any]]:
        return resolve(kind, params, self._media)

    def profile(self, job: Job) -> WorkProfile:
        spec = _spec(job)
        return WorkProfile(
            model=spec.model,
            width=spec.width,
            height=spec.height,
            steps=spec.steps,
            frames=spec.frames,
            batch=spec.count,
        )

    def batch_key(self, job: Job) -> str | None:
        spec = _spec(job)
        if spec.kind != "image" or spec.quality != "draft":
            return None
        return f"{spec.model}|{spec.width}x{spec.height}|{spec.steps}|{spec.guidance}"

    def batch_cost(self, job: Job) -> int:
        return _spec(job).count

    # -- running ---------------------------------------------------------------------------
    async def run(self, job: Job, reporter: JobReporter) -> StepResult[dict[str, Any]]:
        return (await self.run_batch([job], [reporter]))[0]

    async def run_batch(
        self, jobs: Sequence[Job], reporters: Sequence[JobReporter]
    ) -> list[StepResult[dict[str, Any]]]:
        limit = min(
            int(self._media.max_attachment_mb * 2**20),
            *(int(j.params.get("attachment_limit_bytes") or 2**62) for j in jobs),
        )
        task = _task(
            f"{os.getpid()}-{next(_task_ids)}-{jobs[0].id}",
            [(job.id, _spec(job)) for job in jobs],
            attachment_limit_bytes=limit,
        )
        by_job = dict(zip((j.id for j in jobs), reporters, strict=True))

        async def relay(event: WorkerEvent) -> None:
            for job_id, reporter in by_job.items():
                await reporter.progress(
                    stage=event.stage,
                    step=event.step,
                    total=event.total,
                    preview_png=event.previews.get(job_id),
                    note=event.note,
                )

        watcher = asyncio.create_task(self._cancel_when_all_cancelled(task.task_id, reporters))
        try:
            outcome = await self._worker.run(task, relay)
        except WorkerDied as exc:
            log.warning("media_worker_lost_task", task_id=task.task_id, error=str(exc))
            lost = StepResult[dict[str, Any]].failure(
                ErrorCode.UNAVAILABLE,
                "The image worker stopped while making this.",
                details={REQUEUE: True},
            )
            return [lost for _ in jobs]
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        return [self._result(outcome, job.id) for job in jobs]

    async def _cancel_when_all_cancelled(
        self, task_id: str, reporters: Sequence[JobReporter]
    ) -> None:
        # A batch keeps going while anyone in it still wants their picture. The reporter port
        # exposes cancellation as a flag; checking it every 50 ms costs nothing and adds at
        # most 50 ms to the stop, well inside one denoising step.
        while not all(r.cancelled for r in reporters):  # noqa: ASYNC110
            await asyncio.sleep(_CANCEL_POLL_S)
        await self._worker.cancel(task_id)

    @staticmethod
    def _result(outcome: TaskOutcome, job_id: int) -> StepResult[dict[str, Any]]:
        if outcome.ok:
            return StepResult.success(outcome.results[job_id])
        code = ErrorCode(outcome.error_code or ErrorCode.INTERNAL.value)
        return StepResult.failure(
            code,
            outcome.message or "The image worker failed.",
            retryable=False,
            error_id=outcome.error_id,
        )


def _spec(job: Job) -> RenderSpec:
    render = job.params.get("render")
    if not isinstance(render, dict):
        # Only prepared jobs reach a runner; a job without `render` is a bug upstream.
        raise ValueError(f"job {job.id} has no resolved render spec")
    return RenderSpec.from_dict(render)


def _task(
    task_id: str, specs: list[tuple[int, RenderSpec]], *, attachment_limit_bytes: int
) -> RenderTask:
    """One task for jobs that share a shape (the first spec gives it)."""
    first = specs[0][1]
    return RenderTask(
        task_id=task_id,
        kind=first.kind,
        model=first.model,
        quality=first.quality,
        width=first.width,
        height=first.height,
        steps=first.steps,
        guidance=first.guidance,
        frames=first.frames,
        fps=first.fps,
        attachment_limit_bytes=attachment_limit_bytes,
        items=tuple(
            RenderItem(job_id, spec.prompt, spec.negative_prompt, spec.seeds)
            for job_id, spec in specs
        ),
    )


# -- presets: what to render, resolved at submit ----------------------------------------------
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
