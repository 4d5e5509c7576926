"""Builds the intent stack (embedder -> analyzer -> orchestrator) and the console's services.

The orchestrator gets whatever tools and job service it is given: a missing one answers
UNAVAILABLE ("... is not available yet"), never a fake result.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

from bot.console import ConsoleProgress, ConsoleServices
from bot.wiring.caches import persistent_cache
from bot.wiring.llm import build_llm
from core.cache import CacheRegistry, MemoryCache, PersistentCache
from core.clock import Clock, SystemClock
from core.config import Settings
from core.conversation import ConversationStore
from core.guild_limits import GuildLimitsStore
from core.intent.analyzer import IntentAnalyzer
from core.metrics import Metrics
from core.orchestrator import Orchestrator
from core.ports.embedder import Embedder, Vector
from core.ports.jobs import JobService
from core.ports.llm import LLM
from core.ports.progress import ProgressSink
from core.ports.tools import Tool
from core.ratelimit import RateLimiter
from tools.retrieval.embedder import MiniLMEmbedder

__all__ = [
    "CONVERSATIONS_FILE",
    "EMBEDDING_CACHE",
    "build_analyzer",
    "build_console_services",
    "build_embedder",
    "build_orchestrator",
]

CONVERSATIONS_FILE = "conversations.sqlite3"
EMBEDDING_CACHE = "embeddings"


def build_embedder(
    settings: Settings, *, metrics: Metrics, caches: CacheRegistry | None = None
) -> MiniLMEmbedder:
    """MiniLM with a memory cache and, under the data dir, a persistent vector cache (the intent
    examples and catalog texts are embedded once, not at every start)."""
    memory: MemoryCache[str, Vector] = MemoryCache(
        "embeddings_memory", max_entries=settings.cache.memory_entries
    )
    disk = persistent_cache(settings, caches, EMBEDDING_CACHE)
    if caches is not None:
        caches.register(memory)
    return MiniLMEmbedder(
        batch_size=settings.embedding.batch_size,
        device=settings.embedding.device,
        memory_cache=memory,
        persistent_cache=disk,
        metrics=metrics,
    )


def build_analyzer(
    settings: Settings, *, embedder: Embedder, llm: LLM | None, metrics: Metrics
) -> IntentAnalyzer:
    return IntentAnalyzer(settings=settings.intent, embedder=embedder, llm=llm, metrics=metrics)


def build_orchestrator(
    settings: Settings,
    *,
    analyzer: IntentAnalyzer,
    metrics: Metrics,
    clock: Clock,
    jobs: JobService | None = None,
    tools: Mapping[str, Tool] | None = None,
    conversations: ConversationStore | None = None,
    limits: GuildLimitsStore | None = None,
) -> Orchestrator:
    return Orchestrator(
        settings=settings,
        metrics=metrics,
        analyzer=analyzer,
        conversations=conversations
        or ConversationStore(
            settings.data_dir / CONVERSATIONS_FILE,
            max_turns=settings.intent.thread_context_turns,
            clock=clock,
        ),
        rate_limiter=RateLimiter(per_minute=settings.limits.commands_per_minute, clock=clock),
        clock=clock,
        jobs=jobs,
        tools=tools or {},
        limits=limits,
    )


JobsFactory = Callable[[ProgressSink], Awaitable[tuple[JobService, Callable[[], Awaitable[None]]]]]


async def build_console_services(
    settings: Settings,
    progress: ConsoleProgress,
    *,
    tools: Mapping[str, Tool] | None = None,
    jobs_factory: JobsFactory | None = None,
    embedder: Embedder | None = None,
    metrics: Metrics | None = None,
    clock: Clock | None = None,
) -> ConsoleServices:
    """What `studio console` runs on: the same orchestrator as the bot. `jobs_factory` builds a
    job service that publishes to the console's progress bar (and returns its closer)."""
    metrics = metrics or Metrics()
    clock = clock or SystemClock()
    caches = CacheRegistry()
    closers: list[Callable[[], Awaitable[None]]] = []
    if embedder is None:
        built = build_embedder(settings, metrics=metrics, caches=caches)

        async def close_embedder() -> None:
            built.close()

        closers.append(close_embedder)
        embedder = built
    llm = build_llm(settings, metrics=metrics, caches=caches, clock=clock)
    closers.append(llm.aclose)
    analyzer = build_analyzer(settings, embedder=embedder, llm=llm, metrics=metrics)
    await analyzer.warm_up()
    jobs: JobService | None = None
    if jobs_factory is not None:
        jobs, close_jobs = await jobs_factory(progress)
        closers.append(close_jobs)
    conversations = ConversationStore(
        Path(settings.data_dir) / CONVERSATIONS_FILE,
        max_turns=settings.intent.thread_context_turns,
        clock=clock,
    )

    async def close_conversations() -> None:
        conversations.close()

    closers.append(close_conversations)
    orchestrator = build_orchestrator(
        settings,
        analyzer=analyzer,
        metrics=metrics,
        clock=clock,
        jobs=jobs,
        tools=tools,
        conversations=conversations,
    )

    async def close_caches() -> None:
        for name in caches.names():
            cache = caches.get(name)
            if isinstance(cache, PersistentCache):
                cache.close()

    closers.insert(0, close_caches)  # closers run in reverse: the caches close last
    return ConsoleServices(
        commands=orchestrator, data_dir=Path(settings.data_dir), jobs=jobs, closers=closers
    )
