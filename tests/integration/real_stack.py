"""The real orchestrator on the real job service (SQLite in a temp dir), the real analyzer, the
real conversation and server-limits stores; only the GPU is a `StepRunner` that can be held."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.clock import FakeClock
from core.config import Settings, load_settings
from core.conversation import ConversationStore
from core.guild_limits import GuildLimitsStore
from core.intent.analyzer import IntentAnalyzer
from core.jobs.model import JobKind
from core.jobs.service import JobQueue
from core.jobs.store import JobStore
from core.metrics import Metrics
from core.orchestrator import Orchestrator
from core.ports.llm import LLM
from core.ratelimit import RateLimiter
from tests.fakes import shared_embedder
from tests.support.jobs import RecordingSink, StepRunner

__all__ = ["RealStack", "real_stack"]


@dataclass
class RealStack:
    orchestrator: Orchestrator
    jobs: JobQueue
    store: JobStore
    limits: GuildLimitsStore
    runner: StepRunner
    sink: RecordingSink
    conversations: ConversationStore
    settings: Settings


@asynccontextmanager
async def real_stack(
    tmp_path: Path, *, llm: LLM | None = None, **overrides: Any
) -> AsyncIterator[RealStack]:
    settings = load_settings(env={}, overrides={"data_dir": str(tmp_path), **overrides})
    clock = FakeClock()
    metrics = Metrics()
    store = await JobStore.open(tmp_path / "jobs.sqlite3")
    sink = RecordingSink()
    runner = StepRunner(clock, kinds=frozenset(JobKind))
    jobs = JobQueue(
        store, settings=settings.jobs, sink=sink, metrics=metrics, clock=clock, runners=[runner]
    )
    await jobs.start()
    limits = GuildLimitsStore(tmp_path / "limits.sqlite3")
    await limits.open()
    analyzer = IntentAnalyzer(
        settings=settings.intent, embedder=shared_embedder(), llm=llm, metrics=metrics
    )
    await analyzer.warm_up()
    conversations = ConversationStore(
        tmp_path / "conv.sqlite3",
        max_turns=settings.intent.thread_context_turns,
        max_tokens=settings.intent.thread_context_tokens,
        clock=clock,
    )
    orchestrator = Orchestrator(
        settings=settings,
        metrics=metrics,
        analyzer=analyzer,
        conversations=conversations,
        rate_limiter=RateLimiter(per_minute=1000, clock=clock),
        clock=clock,
        jobs=jobs,
        tools={},
        limits=limits,
    )
    try:
        yield RealStack(orchestrator, jobs, store, limits, runner, sink, conversations, settings)
    finally:
        runner.gate.set()
        await jobs.close()
        await store.close()
        await limits.close()
        conversations.close()
