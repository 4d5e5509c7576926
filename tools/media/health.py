"""GPU memory as the worker sees it, carried on its heartbeats into `/admin stats` and /metrics.

On a CPU worker nothing is sent and the figures stay absent (shown as "-", never 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.metrics import Metrics
from core.stats import GPU_TOTAL, GPU_USED

__all__ = ["gpu_memory", "record_gpu_memory"]


def gpu_memory(device: str) -> dict[str, int]:
    """Used and total bytes of the worker's CUDA device (what every process on it uses, which
    is what decides whether the next model fits), or {} off CUDA."""
    if not device.startswith("cuda"):
        return {}
    import torch

    if not torch.cuda.is_available():
        return {}
    free, total = torch.cuda.mem_get_info(torch.device(device))
    return {"gpu_used_bytes": int(total - free), "gpu_total_bytes": int(total)}


def record_gpu_memory(metrics: Metrics | None, message: Mapping[str, Any]) -> None:
    if metrics is None or "gpu_total_bytes" not in message:
        return
    metrics.set_gauge(GPU_USED, float(message["gpu_used_bytes"]))
    metrics.set_gauge(GPU_TOTAL, float(message["gpu_total_bytes"]))
