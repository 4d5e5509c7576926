"""GPU memory from the worker's heartbeats reaches /admin stats; a CPU worker leaves it absent."""

from __future__ import annotations

import pytest
import torch

from core.metrics import Metrics
from core.stats import collect_stats
from tools.media.gpu.memory import gpu_memory
from tools.media.transport.local import record_gpu_memory


def test_a_cpu_worker_reports_no_gpu_figures_so_stats_show_them_as_missing() -> None:
    metrics = Metrics()
    beat = {"op": "heartbeat", **gpu_memory("cpu")}
    record_gpu_memory(metrics, beat)
    worker = collect_stats(metrics).worker
    assert worker.gpu_used_bytes is None and worker.gpu_total_bytes is None


def test_a_cuda_workers_heartbeat_sets_the_gpu_figures() -> None:
    metrics = Metrics()
    record_gpu_memory(metrics, {"gpu_used_bytes": 6 * 2**30, "gpu_total_bytes": 80 * 2**30})
    worker = collect_stats(metrics).worker
    assert worker.gpu_used_bytes == 6 * 2**30 and worker.gpu_total_bytes == 80 * 2**30


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_the_cuda_reading_is_of_the_real_device() -> None:
    before = gpu_memory("cuda")
    block = torch.empty(256 * 2**20, dtype=torch.uint8, device="cuda")
    after = gpu_memory("cuda")
    assert 0 < before["gpu_used_bytes"] < before["gpu_total_bytes"]
    assert after["gpu_used_bytes"] >= before["gpu_used_bytes"] + 200 * 2**20
    del block
