"""Job system + worker process on tiny random pipelines (CPU): overheads, latencies, ETA, losses.

    python benchmarks/worker.py [--quick]

Everything runs through the real path: SQLite store, JobQueue, MediaRunner, the worker
subprocess, diffusers loading a pipeline saved to disk. The final line is one JSON object:
- overhead_ratio: median over jobs of (submit -> final update, minus the time inside the
  pipeline call) / (time inside the pipeline call), for jobs of >= 0.5 s (goal <= 0.05)
- first_progress_s: submit -> the first progress the worker itself sent ("loading model" or a
  step, not the bot's own "queued" or "starting"; goal <= 1.0); first_step_s: submit -> first
  denoising step on an idle, warm worker; queued_ack_s: submit -> the "queued #1" update the
  submit path publishes itself (reported apart so it is never taken for the worker's progress)
- cancel_latency_s: cancel of a running job -> the runner stopped (goal <= step_s + 0.2)
- eta_mape: mean |ETA promised at submit - actual| / actual over a burst of queued jobs of
  mixed sizes, after 20 jobs of history (goal <= 0.20)
- lost_jobs: jobs not finished after kill -9 of the worker with jobs queued and running (0);
  lost_jobs_bot_kill (full run only): the same after kill -9 of the whole bot, then a restart
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.wiring.jobs import JobSystem, build_job_system  # noqa: E402
from core.config import Settings, load_settings  # noqa: E402
from core.jobs.model import JobKind  # noqa: E402
from core.logging import configure_logging  # noqa: E402
from core.metrics import Metrics  # noqa: E402
from core.ports.progress import JobState, ProgressUpdate  # noqa: E402
from tests.support.jobs import ctx  # noqa: E402
from tests.support.tiny_pipelines import build_tiny_image_pipeline  # noqa: E402

ASPECTS = ("square", "portrait", "landscape")


class TimedSink:
    """Records every update with the time it arrived."""

    def __init__(self) -> None:
        self.seen: list[tuple[float, ProgressUpdate]] = []
        self._changed = asyncio.Event()

    async def publish(self, update: ProgressUpdate) -> None:
        self.seen.append((time.perf_counter(), update))
        self._changed.set()

    def of(self, job_id: int) -> list[tuple[float, ProgressUpdate]]:
        return [(t, u) for t, u in self.seen if u.job_id == job_id]

    def final(self, job_id: int) -> tuple[float, ProgressUpdate] | None:
        return next(((t, u) for t, u in self.of(job_id) if u.state.terminal), None)

    async def wait(self, predicate: Any, within_s: float = 300.0) -> None:
        async def loop() -> None:
            # Woken by updates, and every 20 ms for conditions that are not updates (metrics).
            while not predicate():
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), 0.02)

        await asyncio.wait_for(loop(), within_s)


def settings_for(data_dir: Path, model: Path, steps: int) -> Settings:
    return load_settings(
        env={},
        overrides={
            "data_dir": str(data_dir),
            "logging": {"level": "warning"},
            "jobs": {"max_queued_per_user": 100, "max_queued_per_guild": 1000},
            "media": {
                "image_model_draft": str(model),
                "image_model_final": str(model),
                "device": "cpu",
                "cpu_threads": 1,
                "draft_size": 64,
                "draft_steps": 4,
                "final_size": 96,
                "final_steps": steps,
                "preview_interval_s": 0.5,
            },
        },
    )


async def submit(system: JobSystem, prompt: str, aspect: str = "square", **extra: Any) -> int:
    params = {"prompt": prompt, "quality": "final", "aspect": aspect, **extra}
    return (await system.service.submit(JobKind.IMAGE, params, ctx())).unwrap().job.id


async def sequential(system: JobSystem, sink: TimedSink, count: int) -> dict[str, Any]:
    overheads, queued_ack, first_progress, first_step = [], [], [], []
    for i in range(count):
        start = time.perf_counter()
        job_id = await submit(system, f"history {i}", ASPECTS[i % 3])
        await sink.wait(lambda j=job_id: sink.final(j) is not None)
        updates = sink.of(job_id)
        queued_ack.append(updates[0][0] - start)
        # The submit path's own "queued" update is not the worker's progress.
        first_progress.append(
            next(t for t, u in updates if u.stage not in ("queued", "starting")) - start
        )
        first_step.append(next(t for t, u in updates if u.stage == "denoising") - start)
        end, final = updates[-1]
        inside = final.result["timings"]["pipeline_s"]
        if end - start >= 0.5:
            overheads.append((end - start - inside) / inside)
    return {
        "overhead_ratio": statistics.median(overheads) if overheads else None,
        "overhead_jobs": len(overheads),
        "first_progress_s": statistics.median(first_progress),
        "first_step_s": statistics.median(first_step),
        "queued_ack_s": statistics.median(queued_ack),
    }


async def burst_eta(system: JobSystem, sink: TimedSink, count: int) -> float:
    promised: dict[int, tuple[float, float]] = {}
    for i in range(count):
        start = time.perf_counter()
        params = {"prompt": f"burst {i}", "quality": "final", "aspect": ASPECTS[(i * 2) % 3]}
        ticket = (await system.service.submit(JobKind.IMAGE, params, ctx(f"u{i}"))).unwrap()
        assert ticket.eta_s is not None
        promised[ticket.job.id] = (start, ticket.eta_s)
    await sink.wait(lambda: all(sink.final(j) for j in promised))
    errors = []
    for job_id, (start, eta) in promised.items():
        done = sink.final(job_id)
        assert done is not None
        actual = done[0] - start
        errors.append(abs(eta - actual) / actual)
    return statistics.mean(errors)


async def cancel_latency(system: JobSystem, sink: TimedSink, metrics: Metrics) -> dict[str, float]:
    job_id = await submit(system, "to be cancelled")
    await sink.wait(lambda: any((u.step or 0) >= 3 for _, u in sink.of(job_id)))
    await system.service.cancel(job_id, ctx())
    await sink.wait(lambda: metrics.timing("job_cancel_stop_seconds", kind=JobKind.IMAGE).count)
    steps = [t for t, u in sink.of(job_id) if u.stage == "denoising"]
    step_s = statistics.median(b - a for a, b in itertools.pairwise(steps))
    stop = metrics.timing("job_cancel_stop_seconds", kind=JobKind.IMAGE).max
    return {"cancel_latency_s": stop, "step_s": step_s}


async def worker_kill(system: JobSystem, sink: TimedSink, count: int) -> int:
    ids = [await submit(system, f"kill {i}", ASPECTS[i % 3]) for i in range(count)]
    await sink.wait(lambda: any((u.step or 0) >= 2 for _, u in sink.of(ids[0])))
    pid = system.worker.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    await sink.wait(lambda: all(sink.final(j) for j in ids))
    return sum(1 for j in ids if sink.final(j)[1].state is not JobState.SUCCEEDED)  # type: ignore[index]


async def bot_kill(root: Path, model: Path, steps: int, count: int) -> int:
    data = root / "botkill"
    env = {
        **os.environ,
        "STUDIO_DATA_DIR": str(data),
        "STUDIO_LOGGING__LEVEL": "warning",
        "STUDIO_MEDIA__IMAGE_MODEL_DRAFT": str(model),
        "STUDIO_MEDIA__DEVICE": "cpu",
        "STUDIO_MEDIA__CPU_THREADS": "1",
        "STUDIO_MEDIA__DRAFT_SIZE": "64",
        "STUDIO_MEDIA__FINAL_SIZE": "96",
        "STUDIO_MEDIA__FINAL_STEPS": str(steps),
    }
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.support.job_child", str(data), str(count),
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert child.stdout is not None
    try:
        ids = json.loads(await child.stdout.readline())["ids"]
        await child.stdout.readline()  # the first job is running
    finally:
        child.kill()  # SIGKILL, mid-queue
        await child.wait()
    sink = TimedSink()
    system = await build_job_system(load_settings(env=env), sink=sink, metrics=Metrics())
    try:
        await sink.wait(lambda: all(sink.final(j) for j in ids))
        return sum(1 for j in ids if sink.final(j)[1].state is not JobState.SUCCEEDED)  # type: ignore[index]
    finally:
        await system.close()


async def main(quick: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="studio-bench-worker-") as tmp:
        return await measure(Path(tmp), quick)


async def measure(root: Path, quick: bool) -> dict[str, Any]:
    history, burst, kill_jobs, steps = (20, 5, 4, 14) if quick else (30, 12, 10, 30)
    model = build_tiny_image_pipeline(root / "models", width=32)
    metrics = Metrics()
    sink = TimedSink()
    system = await build_job_system(
        settings_for(root / "data", model, steps), sink=sink, metrics=metrics
    )
    try:
        await system.worker.wait_ready()
        warm = await submit(system, "warm-up")  # loads the pipeline once
        await sink.wait(lambda: sink.final(warm) is not None)
        out: dict[str, Any] = {"quick": quick, "history_jobs": history}
        out |= await sequential(system, sink, history)
        out["eta_mape"] = await burst_eta(system, sink, burst)
        out |= await cancel_latency(system, sink, metrics)
        out["lost_jobs"] = await worker_kill(system, sink, kill_jobs)
    finally:
        await system.close()
    if not quick:
        out["lost_jobs_bot_kill"] = await bot_kill(root, model, steps, 6)
    out["goals"] = {
        "overhead_ratio": 0.05,
        "first_progress_s": 1.0,
        "cancel_latency_s": "step_s + 0.2",
        "eta_mape": 0.20,
        "lost_jobs": 0,
    }
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer jobs; under a minute")
    args = parser.parse_args()
    configure_logging(level="warning", stream=sys.stderr)
    began = time.perf_counter()
    result = asyncio.run(main(args.quick))
    result["bench_s"] = round(time.perf_counter() - began, 1)
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}))
