"""What to do when the GPU runs out of memory: a ladder of at most three steps.

Free memory (other pipelines unloaded), then, depending on where it ran out: decode in tiles,
make a batch one image at a time, slice attention, a smaller size or fewer frames, keep parts of
the model on the CPU between uses. Each step that lowers something says so; the notes end up in
the job's result. `restore()` undoes what would slow the next job down.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.logging import get_logger
from tools.media.gpu.pipelines import free_memory
from tools.media.protocol import RenderTask

__all__ = ["MAX_LADDER_STEPS", "OomLadder"]

log = get_logger(__name__)

MAX_LADDER_STEPS = 3
_DENOISE = ("free", "split", "slice", "smaller", "offload")
_DECODE = ("free", "tiled", "smaller", "offload")
# Pipelines that decode inside their own call: there is no separate decode to retry.
_WHOLE = ("free", "tiled", "split", "slice", "smaller", "offload")


class OomLadder:
    def __init__(
        self,
        task: RenderTask,
        *,
        device: str,
        free_others: Callable[[], object],
        forget_pipeline: Callable[[], object],
    ) -> None:
        self.task = task
        self.width, self.height, self.frames = task.width, task.height, task.frames
        self.split = False
        self.tiled = False
        self.sliced = False
        self.offloaded = False
        self.taken: list[str] = []
        self.lowered: list[str] = []
        # Latents of chunks whose decode ran out of memory: a retry decodes them without
        # denoising again.
        self.kept: dict[int, Any] = {}
        self._device = device
        self._free_others = free_others
        self._forget_pipeline = forget_pipeline

    def lower(self, pipe: Any, *, phase: str, decodes_itself: bool) -> str | None:
        """Apply the next step that applies; None when the ladder is used up."""
        if len(self.taken) >= MAX_LADDER_STEPS:
            return None
        order = _WHOLE if decodes_itself else (_DECODE if phase == "decode" else _DENOISE)
        for step in order:
            if step in self.taken:
                continue
            note = self._apply(step, pipe)
            if note is not None:
                self.taken.append(step)
                log.warning("out_of_memory_step", task_id=self.task.task_id, step=step, phase=phase)
                return note
        return None

    def restore(self, pipe: Any) -> None:
        """Undo what the ladder changed on the cached pipeline, so the next job runs at speed."""
        vae = getattr(pipe, "vae", None)
        if self.tiled and vae is not None:
            vae.disable_tiling()
            if hasattr(vae, "disable_slicing"):
                vae.disable_slicing()
        if self.sliced:
            pipe.disable_attention_slicing()
        if self.offloaded:
            self._forget_pipeline()

    def _apply(self, step: str, pipe: Any) -> str | None:
        vae = getattr(pipe, "vae", None)
        if step == "free":
            self._free_others()
            free_memory()
            return "Ran out of GPU memory; freed memory and trying again."
        if step == "tiled" and vae is not None and hasattr(vae, "enable_tiling"):
            vae.enable_tiling()
            if hasattr(vae, "enable_slicing"):
                vae.enable_slicing()
            self.tiled = True
            return self._lowered("decoded in tiles")
        if step == "split" and self.task.kind == "image" and self.task.images > 1:
            self.split = True
            return self._lowered("made the images one at a time instead of as a batch")
        if step == "slice" and hasattr(pipe, "enable_attention_slicing"):
            pipe.enable_attention_slicing()
            self.sliced = True
            return self._lowered("sliced attention to save memory")
        if step == "smaller":
            return self._shrink()
        if (
            step == "offload"
            and self._device == "cuda"
            and hasattr(pipe, "enable_model_cpu_offload")
        ):
            pipe.enable_model_cpu_offload()
            self.offloaded = True
            return self._lowered("kept parts of the model on the CPU between uses")
        return None

    def _shrink(self) -> str | None:
        multiple = 64 if max(self.width, self.height) >= 256 else 8
        width = max(multiple, int(self.width * 0.75) // multiple * multiple)
        height = max(multiple, int(self.height * 0.75) // multiple * multiple)
        frames = max(2, int(self.frames * 0.75)) if self.task.kind == "video" else self.frames
        if (width, height, frames) == (self.width, self.height, self.frames):
            return None
        parts = []
        if (width, height) != (self.width, self.height):
            parts.append(f"lowered the size from {self.width}x{self.height} to {width}x{height}")
        if frames != self.frames:
            parts.append(f"lowered the frames from {self.frames} to {frames}")
        self.width, self.height, self.frames = width, height, frames
        self.kept.clear()
        return self._lowered(" and ".join(parts))

    def _lowered(self, what: str) -> str:
        self.lowered.append(what)
        return f"Ran out of GPU memory; {what}."
