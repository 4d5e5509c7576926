"""GPU memory as the worker sees it, sent on its heartbeats (the bot side records it for
`/admin stats` and /metrics: `record_gpu_memory()` in `tools.media.transport.local`).

On a CPU worker nothing is sent and the figures stay absent (shown as "-", never 0).
"""

from __future__ import annotations

__all__ = ["gpu_memory"]


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
