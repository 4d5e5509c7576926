"""Soak: resident memory over 10,000 jobs, with what grows per job bounded (issue 20, hole 9).

In one process, the real parts a job touches besides the GPU: the orchestrator (slash path), the
job service on SQLite (WAL, synchronous=FULL), a studio thread remembered per job (ThreadStore),
the thread's conversation turn (ConversationStore, with a 3,000-character prompt so size bounds
matter), and the per-server usage counters. The runner finishes each job at once (no GPU), so
what is measured is the bookkeeping. Jobs come from 200 members of 50 servers, 5 at a time.

The run is made twice in one process, each in its own data dir: "bounded" (what ships: thread
store capped at `--max-threads`, turns kept short) and the baseline "unbounded" (thread store
never pruned, as before). RSS (VmRSS) is read every 1,000 jobs, after a 500-job warm-up.

Figures (one JSON line): per run, rss_mb at 0 and 10k jobs and its growth per 1k jobs, threads
kept in memory, conversation bytes on disk; and jobs_per_s.

    .venv/bin/python benchmarks/soak.py [--jobs 10000] [--max-threads 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.thread_store import ThreadStore
from core.clock import SystemClock
from core.config import load_settings
from core.context import RequestContext
from core.conversation import ConversationStore
from core.intent.analyzer import IntentAnalyzer
from core.intent.schema import Intent
from core.jobs.model import Job, JobKind, WorkProfile
from core.jobs.service import JobQueue
from core.jobs.store import JobStore
from core.logging import configure_logging
from core.metrics import Metrics
from core.orchestrator import Orchestrator
from core.ports.jobs import JobReporter
from core.ports.progress import ProgressUpdate
from core.ratelimit import RateLimiter
from core.replies import JobAccepted
from core.result import StepResult
from core.usage import TenantUsage

WARM_UP = 500
SAMPLE_EVERY = 1000
CONCURRENCY = 5
PROMPT = "a lighthouse keeper's logbook, storm after storm, " * 60  # ~3,000 characters


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class InstantRunner:
    kinds = frozenset({JobKind.IMAGE})

    def profile(self, job: Job) -> WorkProfile:
        return WorkProfile(model="none", width=64, height=64, steps=1)

    async def run(self, job: Job, reporter: JobReporter) -> StepResult[dict[str, Any]]:
        await reporter.progress(stage="denoising", step=1, total=1)
        return StepResult.success({"files": []})


class CountingSink:
    def __init__(self) -> None:
        self.finished = 0
        self.changed = asyncio.Event()

    async def publish(self, update: ProgressUpdate) -> None:
        if update.state.terminal:
            self.finished += 1
            self.changed.set()


async def soak(root: Path, jobs: int, max_threads: int) -> dict[str, Any]:
    settings = load_settings(
        env={},
        overrides={
            "data_dir": str(root),
            "jobs": {"max_queued_per_user": 1000, "max_queued_per_guild": 1000},
            "limits": {"commands_per_minute": 10000},
        },
    )
    metrics, clock, sink = Metrics(), SystemClock(), CountingSink()
    store = await JobStore.open(root / "jobs.sqlite3")
    service = JobQueue(
        store, settings=settings.jobs, sink=sink, metrics=metrics, clock=clock,
        runners=[InstantRunner()],
    )  # fmt: skip
    await service.start()
    threads = ThreadStore(root, max_threads=max_threads)
    conversations = ConversationStore(root / "conv.sqlite3", max_turns=8)
    usage = TenantUsage()
    orchestrator = Orchestrator(
        settings=settings,
        metrics=metrics,
        analyzer=IntentAnalyzer(settings=settings.intent, embedder=None),  # type: ignore[arg-type]
        conversations=conversations,
        rate_limiter=RateLimiter(per_minute=10**6, clock=clock),
        clock=clock,
        jobs=service,
        tools={},
        usage=usage,
    )
    samples: dict[int, float] = {}
    started = time.perf_counter()

    async def one(i: int) -> None:
        ctx = RequestContext(
            tenant=f"g{i % 50}", user_id=f"u{i % 200}", channel_id="c", thread_id=str(10**6 + i)
        )
        done = await orchestrator.run_command(Intent.GENERATE_IMAGE, {"prompt": PROMPT[:900]}, ctx)
        reply = done.unwrap()
        assert isinstance(reply, JobAccepted)
        threads.add(10**6 + i, guild_id=i % 50, parent_id=1, job_id=reply.ticket.job.id)

    for start in range(0, WARM_UP + jobs, CONCURRENCY):
        await asyncio.gather(*(one(i) for i in range(start, start + CONCURRENCY)))
        while sink.finished < start + CONCURRENCY:
            sink.changed.clear()
            await sink.changed.wait()
        done = start + CONCURRENCY - WARM_UP
        if done >= 0 and done % SAMPLE_EVERY == 0:
            samples[done] = rss_mb()
    seconds = time.perf_counter() - started
    kept = len(threads)
    await service.close()
    await store.close()
    threads.close()
    conversations.close()
    first, last = samples[0], samples[max(samples)]
    return {
        "rss_mb_start": round(first, 1),
        "rss_mb_end": round(last, 1),
        "rss_mb_per_1k_jobs": round((last - first) / (max(samples) / 1000), 2),
        "threads_in_memory": kept,
        "conversation_db_kb": _disk_kb(root, "conv.sqlite3*"),
        "jobs_per_s": round((WARM_UP + jobs) / seconds, 1),
    }


def _disk_kb(root: Path, pattern: str) -> int:
    return round(sum(p.stat().st_size for p in root.glob(pattern)) / 1024)


async def main(jobs: int, max_threads: int) -> dict[str, Any]:
    out: dict[str, Any] = {"benchmark": "soak", "jobs": jobs}
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        out["bounded"] = await soak(Path(tmp) / "bounded", jobs, max_threads)
        out["unbounded"] = await soak(Path(tmp) / "unbounded", jobs, 10**9)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--max-threads", type=int, default=2_000)
    parser.add_argument("--quick", action="store_true", help="1,000 jobs")
    args = parser.parse_args()
    if args.quick:
        args.jobs = 1_000
    configure_logging(level="warning", stream=sys.stderr)
    print(json.dumps(asyncio.run(main(args.jobs, args.max_threads))))
