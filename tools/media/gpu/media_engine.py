"""Runs one render task inside the worker process: load, denoise, decode, save.

Progress comes from `callback_on_step_end` (step, total, and a cheap latent preview every
`media.preview_interval_s`); a cancel raises from that callback, so the pipeline stops before the
next step and nothing is decoded. Running out of GPU memory walks the ladder in
`tools.media.gpu.ladder` (at most three steps), and the result says what was lowered.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from core.config import MediaSettings
from core.logging import get_logger
from tools.media.gpu.ladder import OomLadder
from tools.media.gpu.outputs import latent_preview_png, save_png, save_video
from tools.media.gpu.pipelines import ModelLoadError, PipelineCache
from tools.media.protocol import RenderTask, TaskOutcome, WorkerEvent

__all__ = ["MediaEngine", "TaskCancelled"]

log = get_logger(__name__)

Emit = Callable[[WorkerEvent], None]


class TaskCancelled(Exception):
    """Raised from the step callback: diffusers unwinds at once and skips the decode."""


def _version() -> str:
    try:
        return metadata.version("studio")
    except metadata.PackageNotFoundError:
        return "dev"


class MediaEngine:
    def __init__(
        self,
        *,
        media: MediaSettings,
        data_dir: Path,
        cache: PipelineCache | None = None,
    ) -> None:
        import torch

        self.media = media
        self.media_dir = Path(data_dir) / "media"
        self.cache = cache or PipelineCache(
            device=media.device,
            dtype=media.dtype,
            budget_gb=media.memory_budget_gb,
            compile=media.compile,
        )
        if media.cpu_threads:
            torch.set_num_threads(media.cpu_threads)
        _quiet_loaders()
        self._phase = "denoise"
        self._version = _version()

    @property
    def device(self) -> str:
        return self.cache.device

    def preload(self, model: str, kind: str) -> None:
        try:
            self.cache.get(model, kind)
        except ModelLoadError as exc:
            log.warning("preload_failed", model=model, error=str(exc))

    # -- one task --------------------------------------------------------------------------
    def run(self, task: RenderTask, emit: Emit, cancelled: Callable[[], bool]) -> TaskOutcome:
        import torch

        timings: dict[str, float] = {}
        start = time.perf_counter()
        if not self.cache.is_loaded(task.model, task.kind):
            emit(WorkerEvent(task.task_id, "loading model"))
        try:
            pipe = self.cache.get(task.model, task.kind)
        except ModelLoadError as exc:
            return TaskOutcome(
                task.task_id,
                ok=False,
                error_code="unavailable",
                message=f"{exc}. Check the model settings (STUDIO_MEDIA__IMAGE_MODEL_DRAFT, "
                "STUDIO_MEDIA__IMAGE_MODEL_FINAL, STUDIO_MEDIA__VIDEO_MODEL).",
            )
        timings["load_s"] = time.perf_counter() - start
        key = (task.model, task.kind)
        ladder = OomLadder(
            task,
            device=self.device,
            free_others=lambda: self.cache.free_others(keep=key),
            forget_pipeline=lambda: self.cache.drop(*key),
        )
        try:
            while True:
                out_of_memory = False
                try:
                    outputs = self._render(
                        pipe,
                        task=task,
                        ladder=ladder,
                        emit=emit,
                        cancelled=cancelled,
                        timings=timings,
                    )
                    break
                except TaskCancelled:
                    return TaskOutcome(
                        task.task_id, ok=False, error_code="cancelled", message="Cancelled."
                    )
                except torch.OutOfMemoryError:
                    # Recover outside the except block: the exception's frames hold tensors.
                    out_of_memory = True
                if out_of_memory:
                    note = ladder.lower(
                        pipe, phase=self._phase, decodes_itself=_decodes_itself(pipe, task)
                    )
                    if note is None:
                        return self._out_of_memory(task, ladder)
                    emit(WorkerEvent(task.task_id, "retrying", note=note))
        finally:
            ladder.restore(pipe)
        timings["pipeline_s"] = timings.get("denoise_s", 0.0) + timings.get("decode_s", 0.0)
        encode_start = time.perf_counter()
        results = self._save(task, outputs, ladder, timings)
        timings["encode_s"] = time.perf_counter() - encode_start
        timings["total_s"] = time.perf_counter() - start
        return TaskOutcome(task.task_id, ok=True, results=results, timings=timings)

    def _out_of_memory(self, task: RenderTask, ladder: OomLadder) -> TaskOutcome:
        tried = ", ".join(ladder.lowered) or "freeing memory"
        return TaskOutcome(
            task.task_id,
            ok=False,
            error_code="unavailable",
            message=f"The GPU ran out of memory even after {tried}. "
            "Try a draft, a square aspect, or fewer images.",
        )

    # -- rendering -------------------------------------------------------------------------
    def _render(
        self,
        pipe: Any,
        *,
        task: RenderTask,
        ladder: OomLadder,
        emit: Emit,
        cancelled: Callable[[], bool],
        timings: dict[str, float],
    ) -> dict[int, list[Any]]:
        entries = [
            (item.job_id, item.prompt, item.negative_prompt, seed)
            for item in task.items
            for seed in item.seeds
        ]
        one_by_one = ladder.split or task.kind == "video"
        chunks = [[e] for e in entries] if one_by_one else [entries]
        total = task.steps * len(chunks)
        outputs: dict[int, list[Any]] = {}
        for index, chunk in enumerate(chunks):
            latents = ladder.kept.get(index)
            if latents is None:
                self._phase = "denoise"
                began = time.perf_counter()
                latents = self._denoise(
                    pipe,
                    task=task,
                    chunk=chunk,
                    ladder=ladder,
                    emit=emit,
                    cancelled=cancelled,
                    offset=index * task.steps,
                    total=total,
                )
                timings["denoise_s"] = timings.get("denoise_s", 0.0) + time.perf_counter() - began
            if cancelled():
                raise TaskCancelled
            if _decodes_itself(pipe, task):
                decoded = list(latents)
            else:
                self._phase = "decode"
                ladder.kept[index] = latents
                emit(WorkerEvent(task.task_id, "decoding", step=total, total=total))
                began = time.perf_counter()
                decoded = self._decode(pipe, task, latents, ladder)
                timings["decode_s"] = timings.get("decode_s", 0.0) + time.perf_counter() - began
                ladder.kept.pop(index, None)
            for (job_id, *_), output in zip(chunk, decoded, strict=True):
                outputs.setdefault(job_id, []).append(output)
        return outputs

    def _denoise(
        self,
        pipe: Any,
        *,
        task: RenderTask,
        chunk: list[tuple[int, str, str | None, int]],
        ladder: OomLadder,
        emit: Emit,
        cancelled: Callable[[], bool],
        offset: int,
        total: int,
    ) -> Any:
        import torch

        interval = self.media.preview_interval_s
        last_preview: list[float] = []
        first_of_job: dict[int, int] = {}
        for position, (job_id, *_) in enumerate(chunk):
            first_of_job.setdefault(job_id, position)

        def on_step(_pipe: Any, i: int, _t: Any, tensors: dict[str, Any]) -> dict[str, Any]:
            if cancelled():
                raise TaskCancelled
            now = time.perf_counter()
            previews: dict[int, bytes] = {}
            latents = tensors.get("latents")
            due = not last_preview or now - last_preview[0] >= interval
            if due and latents is not None and latents.ndim in (4, 5):
                previews = {job: latent_preview_png(latents[k]) for job, k in first_of_job.items()}
                last_preview[:] = [now]
            emit(WorkerEvent(task.task_id, "denoising", offset + i + 1, total, previews))
            return tensors

        generators = [torch.Generator("cpu").manual_seed(seed) for *_, seed in chunk]
        negatives = [neg or "" for _, _, neg, _ in chunk]
        kwargs: dict[str, Any] = {
            "prompt": [prompt for _, prompt, _, _ in chunk],
            "negative_prompt": negatives if any(negatives) else None,
            "num_inference_steps": task.steps,
            "guidance_scale": task.guidance,
            "width": ladder.width,
            "height": ladder.height,
            "generator": generators if len(generators) > 1 else generators[0],
            "callback_on_step_end": on_step,
        }
        if task.kind == "video":
            kwargs["num_frames"] = ladder.frames
        if _decodes_itself(pipe, task):
            kwargs["output_type"] = "pil" if task.kind == "image" else "np"
        else:
            kwargs["output_type"] = "latent"
        accepted = inspect.signature(pipe.__call__).parameters
        kwargs = {k: v for k, v in kwargs.items() if k in accepted and v is not None}
        with torch.inference_mode():
            result = pipe(**kwargs)
        if task.kind == "image":
            return result.images
        frames = result.frames
        if kwargs["output_type"] == "np":
            return [(video * 255).round().clip(0, 255).astype("uint8") for video in frames]
        return frames

    def _decode(self, pipe: Any, task: RenderTask, latents: Any, ladder: OomLadder) -> list[Any]:
        import torch

        with torch.inference_mode():
            if task.kind == "video":
                video = pipe.decode_latents(latents, decode_chunk_size=1 if ladder.tiled else 16)
                frames = pipe.video_processor.postprocess_video(video=video, output_type="np")
                return [(clip * 255).round().clip(0, 255).astype("uint8") for clip in frames]
            vae = pipe.vae
            config = vae.config
            scaled = latents.to(vae.dtype)
            mean, std = getattr(config, "latents_mean", None), getattr(config, "latents_std", None)
            if mean is not None and std is not None:
                shape = (1, len(mean), 1, 1)
                mean_t = torch.tensor(mean).view(shape).to(scaled.device, scaled.dtype)
                std_t = torch.tensor(std).view(shape).to(scaled.device, scaled.dtype)
                scaled = scaled * std_t / config.scaling_factor + mean_t
            else:
                scaled = scaled / config.scaling_factor
                shift = getattr(config, "shift_factor", None)
                if shift:
                    scaled = scaled + shift
            image = vae.decode(scaled, return_dict=False)[0]
            return list(pipe.image_processor.postprocess(image, output_type="pil"))

    # -- files -----------------------------------------------------------------------------
    def _save(
        self,
        task: RenderTask,
        outputs: dict[int, list[Any]],
        ladder: OomLadder,
        timings: dict[str, float],
    ) -> dict[int, dict[str, Any]]:
        results: dict[int, dict[str, Any]] = {}
        for item in task.items:
            provenance: dict[str, Any] = {
                "prompt": item.prompt,
                "negative_prompt": item.negative_prompt or "",
                "model": task.model,
                "steps": task.steps,
                "guidance": task.guidance,
                "size": f"{ladder.width}x{ladder.height}",
                "software": "Studio",
                "version": self._version,
            }
            files = []
            for output, seed in zip(outputs[item.job_id], item.seeds, strict=True):
                if task.kind == "image":
                    files.append(
                        save_png(
                            output,
                            {**provenance, "seed": seed},
                            self.media_dir,
                            limit_bytes=task.attachment_limit_bytes,
                        )
                    )
                else:
                    files.append(
                        save_video(
                            list(output),
                            fps=task.fps,
                            provenance={**provenance, "seed": seed, "frames": ladder.frames},
                            media_dir=self.media_dir,
                            limit_bytes=task.attachment_limit_bytes,
                        )
                    )
            notes = list(ladder.lowered)
            for ref in files:
                notes += ref.get("fitted", [])
                if ref.get("over_limit"):
                    notes.append(
                        "The file is too large to attach here; it is kept on the bot's machine "
                        f"at {ref['path']}."
                    )
            results[item.job_id] = {
                "kind": task.kind,
                "files": files,
                "seeds": list(item.seeds),
                "model": task.model,
                "quality": task.quality,
                "steps": task.steps,
                "guidance": task.guidance,
                "width": ladder.width,
                "height": ladder.height,
                "frames": ladder.frames,
                "fps": task.fps,
                "lowered": notes,
                "batch_images": task.images,
                "timings": dict(timings),
            }
        return results


def _quiet_loaders() -> None:
    """Loading bars belong in a terminal, not in a worker's log."""
    from diffusers.utils import logging as diffusers_logging
    from transformers.utils import logging as transformers_logging

    for module in (diffusers_logging, transformers_logging):
        disable: Any = module.disable_progress_bar
        disable()


def _decodes_itself(pipe: Any, task: RenderTask) -> bool:
    """UNet-family pipelines hand back latents we decode ourselves (so a decode that runs out of
    memory is retried without denoising again); others decode inside their own call."""
    if not hasattr(pipe, "unet"):
        return True
    if task.kind == "video":
        return not (hasattr(pipe, "decode_latents") and hasattr(pipe, "video_processor"))
    return not (hasattr(pipe, "vae") and hasattr(pipe, "image_processor"))
