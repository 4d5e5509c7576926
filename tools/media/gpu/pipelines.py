"""Loading diffusers pipelines and keeping the recently used ones within a memory budget.

Models are a diffusers id (from the local Hugging Face cache) or a local folder, loaded through
the generic path: `AutoPipelineForText2Image` for images (falling back to `DiffusionPipeline` for
classes it does not map), `DiffusionPipeline` for video. On CUDA the UNet/VAE use channels_last,
attention uses PyTorch's SDPA (diffusers' default), and `compile` wraps the denoiser in
`torch.compile` (shapes come from the presets, so a few fixed size buckets get compiled).
"""

from __future__ import annotations

import gc
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, cast

from core.logging import get_logger

__all__ = ["ModelLoadError", "PipelineCache", "pipeline_bytes", "resolve_device"]

log = get_logger(__name__)


class ModelLoadError(Exception):
    """The model could not be loaded; the message says which and why."""


def resolve_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


def resolve_dtype(dtype: str, device: str) -> Any:
    import torch

    if dtype == "auto":
        return torch.bfloat16 if device == "cuda" else torch.float32
    return {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}[dtype]


def pipeline_bytes(pipe: Any) -> int:
    """Bytes held by a pipeline's weights and buffers (what it costs to keep it loaded)."""
    import torch

    total = 0
    for component in getattr(pipe, "components", {}).values():
        if isinstance(component, torch.nn.Module):
            for tensor in (*component.parameters(), *component.buffers()):
                total += tensor.numel() * tensor.element_size()
    return total


def _load(model: str, kind: str, dtype: Any) -> Any:
    import diffusers

    # diffusers' loaders are untyped; the pipelines they return are used dynamically anyway.
    auto: Any = diffusers.AutoPipelineForText2Image
    generic: Any = diffusers.DiffusionPipeline
    if kind == "image":
        try:
            return auto.from_pretrained(model, dtype=dtype)
        except ValueError as exc:
            # AutoPipeline maps known families only; any other text-to-image class still loads.
            log.info("auto_pipeline_fallback", model=model, reason=str(exc)[:200])
    return generic.from_pretrained(model, dtype=dtype)


class PipelineCache:
    """Least recently used pipelines are unloaded when the budget would be exceeded; the one in
    use is always kept, even alone over budget (it is what the user asked for)."""

    def __init__(
        self,
        *,
        device: str = "auto",
        dtype: str = "auto",
        budget_gb: float = 20.0,
        compile: bool = False,
        loader: Callable[[str, str, Any], Any] = _load,
    ) -> None:
        self.device = resolve_device(device)
        self.dtype = resolve_dtype(dtype, self.device)
        self._budget = int(budget_gb * 2**30)
        self._compile = compile and self.device == "cuda"
        self._loader = loader
        self._pipes: OrderedDict[tuple[str, str], tuple[Any, int]] = OrderedDict()

    def loaded(self) -> list[str]:
        return [model for model, _ in self._pipes]

    def is_loaded(self, model: str, kind: str) -> bool:
        return (model, kind) in self._pipes

    def used_bytes(self) -> int:
        return sum(size for _, size in self._pipes.values())

    def get(self, model: str, kind: str) -> Any:
        key = (model, kind)
        if key in self._pipes:
            self._pipes.move_to_end(key)
            return self._pipes[key][0]
        try:
            pipe = self._loader(model, kind, self.dtype)
        except (OSError, ValueError, ImportError) as exc:
            raise ModelLoadError(f"could not load the model {model!r}: {exc}") from exc
        pipe = self._prepare(pipe)
        size = pipeline_bytes(pipe)
        self._pipes[key] = (pipe, size)
        self._evict(keep=key)
        log.info("pipeline_loaded", model=model, kind=kind, mb=round(size / 2**20, 1))
        return pipe

    def drop(self, model: str, kind: str) -> None:
        """Forget a pipeline (e.g. after CPU offload changed it) so it is loaded afresh."""
        if self._pipes.pop((model, kind), None) is not None:
            free_memory()

    def free_others(self, keep: tuple[str, str]) -> int:
        """Unload every pipeline but `keep`; returns how many were unloaded."""
        others = [key for key in self._pipes if key != keep]
        for key in others:
            del self._pipes[key]
        free_memory()
        return len(others)

    def _evict(self, *, keep: tuple[str, str]) -> None:
        while self.used_bytes() > self._budget and len(self._pipes) > 1:
            oldest = next(key for key in self._pipes if key != keep)
            del self._pipes[oldest]
            log.info("pipeline_unloaded", model=oldest[0], reason="memory_budget")
        free_memory()

    def _prepare(self, pipe: Any) -> Any:
        import torch

        pipe.to(self.device)
        pipe.set_progress_bar_config(disable=True)
        if self.device == "cuda":
            for name in ("unet", "vae", "transformer"):
                module: Any = getattr(pipe, name, None)
                if isinstance(module, torch.nn.Module):
                    # Module.to's stubs omit memory_format, which it accepts at runtime.
                    cast(Any, module).to(memory_format=torch.channels_last)
            if self._compile:
                for name in ("unet", "transformer"):
                    module = getattr(pipe, name, None)
                    if isinstance(module, torch.nn.Module):
                        setattr(pipe, name, torch.compile(module, dynamic=False))
        return pipe


def free_memory() -> None:
    import torch

    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
