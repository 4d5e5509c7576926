"""Scale-out through Redis: throughput with one and two `studio worker` processes, and a kill -9.

    python benchmarks/scaleout.py [--quick]

Everything runs through the real path, side by side in one run: a redis-server this script starts
(127.0.0.1, a temp folder), the bot's job system with jobs.transport = "redis", and `studio worker`
processes (`python -m bot worker --redis URL`) rendering a tiny random pipeline on the CPU with
one torch thread each (media.cpu_threads = 1), so on two cores each worker gets one core. Jobs are
CPU-bound drafts of about a second, submitted together by several users, never batched.
The final line is one JSON object:
- jobs: jobs per throughput run; throughput_1_worker_jobs_s and throughput_2_workers_jobs_s:
  jobs / (first submit -> last result), median over `rounds` alternating runs (1 with --quick,
  3 otherwise); throughput_ratio: 2 workers / 1 (goal >= 1.7)
- render_cpu_share_1_worker / _2_workers: the share of a core each render process got during
  those runs; well under 1 means other programs were using the cores, which caps the ratio
- redelivered_after_kill: jobs the bot ran again after one of two workers was killed with -9
  mid-job (expected 1)
- lost_jobs: jobs of any run that did not succeed (must be 0); duplicate_results: results
  posted more than once for one job (must be 0)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.wiring.jobs import JobSystem, build_job_system  # noqa: E402
from core.config import load_settings  # noqa: E402
from core.jobs.model import JobKind  # noqa: E402
from core.logging import configure_logging  # noqa: E402
from core.metrics import Metrics  # noqa: E402
from core.ports.progress import JobState  # noqa: E402
from tests.support.jobs import RecordingSink, ctx  # noqa: E402
from tests.support.redis_server import RedisServer, WorkerProcess  # noqa: E402
from tests.support.tiny_pipelines import build_tiny_image_pipeline  # noqa: E402
from tools.media.transport.remote import RemoteWorkers  # noqa: E402

SIZE = 64
STEPS = 80  # about a second per job on one core with the width-16 UNet
HEARTBEAT_S = 1.0
USERS = 4


def worker_env(model: Path) -> dict[str, str]:
    return {
        "STUDIO_MEDIA__DEVICE": "cpu",
        "STUDIO_MEDIA__CPU_THREADS": "1",
        "STUDIO_MEDIA__IMAGE_MODEL_DRAFT": str(model),
        "STUDIO_MEDIA__PREVIEW_INTERVAL_S": "5",
        "STUDIO_JOBS__HEARTBEAT_S": str(HEARTBEAT_S),
        "STUDIO_HTTP__ENABLED": "off",
        "STUDIO_LOGGING__LEVEL": os.environ.get("BENCH_WORKER_LOG", "warning"),
    }


async def wait_workers(remote: RemoteWorkers, count: int) -> None:
    async with asyncio.timeout(120):
        # The registry is refreshed by the transport's monitor; nothing to wait on but time.
        while len(remote.workers) != count or remote.capacity < count:  # noqa: ASYNC110
            await asyncio.sleep(0.1)


async def burst(
    system: JobSystem, sink: RecordingSink, n: int, tag: str
) -> tuple[list[int], float]:
    """Submit n jobs at once from several users; (ids, seconds until the last result)."""
    start = time.perf_counter()
    ids = []
    for i in range(n):
        ticket = await system.service.submit(
            JobKind.IMAGE, {"prompt": f"{tag} {i}"}, ctx(f"user{i % USERS}")
        )
        ids.append(ticket.unwrap().job.id)
    await sink.wait_final(*ids, timeout=60 + 5 * n)
    return ids, time.perf_counter() - start


def render_cpu_s(workers: list[WorkerProcess]) -> float:
    """CPU seconds used so far by the render subprocesses of these workers (Linux /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for worker in workers:
        if worker.proc is None or worker.proc.poll() is not None:
            continue
        children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children")
        for pid in children.read_text().split() if children.exists() else []:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
    return total


async def timed_burst(
    system: JobSystem, sink: RecordingSink, workers: list[WorkerProcess], n: int, tag: str
) -> tuple[list[int], float, float]:
    """A burst, plus the share of a core each render process got while it ran."""
    live = [w for w in workers if w.proc is not None and w.proc.poll() is None]
    cpu = render_cpu_s(live)
    ids, seconds = await burst(system, sink, n, tag)
    return ids, seconds, (render_cpu_s(live) - cpu) / (seconds * len(live))


async def warm(system: JobSystem, sink: RecordingSink, workers: int) -> None:
    """One job per worker, so both have the pipeline loaded before anything is timed."""
    await burst(system, sink, workers, "warm-up")


async def kill_mid_job(
    system: JobSystem, sink: RecordingSink, workers: list[WorkerProcess], n: int
) -> list[int]:
    remote = system.worker
    assert isinstance(remote, RemoteWorkers)
    ids = []
    for i in range(n):
        ticket = await system.service.submit(
            JobKind.IMAGE, {"prompt": f"kill {i}"}, ctx(f"user{i % USERS}")
        )
        ids.append(ticket.unwrap().job.id)
    while not any((u.step or 0) >= 2 for u in sink.updates if u.job_id in ids):
        await sink.wait_any(timeout=60)
    assigned = next(w for w in remote.assignments().values() if w)
    victim = next(w for w in workers if f"{socket.gethostname()}-{w.pid}" == assigned)
    victim.kill()
    await sink.wait_final(*ids, timeout=120)
    return ids


async def run(quick: bool) -> dict[str, float | int]:
    configure_logging(level="warning", stream=sys.stderr)
    n = 8 if quick else 24
    rounds = 1 if quick else 3
    tmp = Path(tempfile.mkdtemp(prefix="studio-scaleout-"))
    model = build_tiny_image_pipeline(tmp / "model", width=16)
    redis = RedisServer(tmp / "redis").start()
    settings = load_settings(
        env={},
        overrides={
            "data_dir": str(tmp / "bot"),
            "jobs": {
                "transport": "redis",
                "redis_url": redis.url,
                "heartbeat_s": HEARTBEAT_S,
                "batch_drafts": False,
                "max_queued_per_user": 100,
                "max_queued_per_guild": 1000,
            },
            "media": {
                "image_model_draft": str(model),
                "device": "cpu",
                "draft_size": SIZE,
                "draft_steps": STEPS,
            },
        },
    )
    sink = RecordingSink()
    metrics = Metrics()
    system = await build_job_system(settings, sink=sink, metrics=metrics)
    remote = system.worker
    assert isinstance(remote, RemoteWorkers)
    workers: list[WorkerProcess] = []
    all_ids: list[int] = []
    ones: list[float] = []
    twos: list[float] = []
    one_share: list[float] = []
    two_share: list[float] = []
    try:
        workers.append(WorkerProcess(redis.url, tmp / "w0", worker_env(model)).start())
        await wait_workers(remote, 1)
        await warm(system, sink, 1)
        # Alternate one and two workers, so a neighbour's load on the machine falls on both.
        for r in range(rounds):
            if r:
                workers[-1].stop()
                await wait_workers(remote, 1)
            ids, seconds, share = await timed_burst(system, sink, workers, n, f"one worker {r}")
            all_ids += ids
            ones.append(seconds)
            one_share.append(share)
            workers.append(WorkerProcess(redis.url, tmp / f"w{r + 1}", worker_env(model)).start())
            await wait_workers(remote, 2)
            await warm(system, sink, 2)
            ids, seconds, share = await timed_burst(system, sink, workers, n, f"two workers {r}")
            all_ids += ids
            twos.append(seconds)
            two_share.append(share)
        alive = [w for w in workers if w.proc is not None and w.proc.poll() is None]

        requeued_before = metrics.counter("jobs_requeued_total", kind=JobKind.IMAGE)
        all_ids += await kill_mid_job(system, sink, alive, 6 if quick else 12)
        redelivered = metrics.counter("jobs_requeued_total", kind=JobKind.IMAGE) - requeued_before
    finally:
        await system.close()
        for worker in workers:
            worker.stop()
        redis.close()
    finals = [sink.final(i) for i in all_ids]
    lost = sum(1 for f in finals if f is None or f.state is not JobState.SUCCEEDED)
    duplicates = sum(
        max(0, sum(1 for u in sink.of(i) if u.state is JobState.SUCCEEDED) - 1) for i in all_ids
    )
    one, two = statistics.median(ones), statistics.median(twos)
    return {
        "jobs": n,
        "job_steps": STEPS,
        "rounds": rounds,
        "throughput_1_worker_jobs_s": n / one,
        "throughput_2_workers_jobs_s": n / two,
        "throughput_ratio": one / two,
        # How much of a core each render process got: below ~0.95 with two workers, other
        # programs on the machine were taking CPU, and the ratio says less about the transport.
        "render_cpu_share_1_worker": statistics.median(one_share),
        "render_cpu_share_2_workers": statistics.median(two_share),
        "redelivered_after_kill": int(redelivered),
        "lost_jobs": lost,
        "duplicate_results": duplicates,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer jobs; under a minute")
    args = parser.parse_args()
    result = asyncio.run(run(args.quick))
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}))


if __name__ == "__main__":
    main()
