"""The composition root: every concrete adapter wired into the services the frontends use.

One function builds what `studio bot` and `studio console` run on, in dependency order:
metrics and caches -> embedder and Claude -> vector store, DNA and the starter catalog -> the job
system with its runners (GPU media, show analysis, script writing) -> per-server limits -> intent
analyzer and orchestrator. A part that cannot start (Qdrant unreachable, say) is logged and its
features answer "not available" instead of stopping the bot.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.services import ConsoleServices, Services
from bot.wiring.intent import (
    CONVERSATIONS_FILE,
    build_analyzer,
    build_embedder,
    build_orchestrator,
)
from bot.wiring.jobs import build_job_system
from bot.wiring.llm import build_llm
from bot.wiring.recovery import (
    RecoveringRunner,
    RecoveringShows,
    RecoveringTool,
    RetrievalRecovery,
)
from bot.wiring.retrieval import CurrentCarryOver, build_retrieval
from bot.wiring.transform import build_transform_runner
from core.cache import CacheRegistry, PersistentCache
from core.clock import Clock, SystemClock
from core.config import Settings
from core.conversation import ConversationStore
from core.guild_limits import GuildLimitsStore
from core.logging import get_logger
from core.metrics import Metrics
from core.ports.progress import ProgressSink
from core.ports.tools import FIND_SIMILAR_TOOL, SHOW_DNA_TOOL, Tool
from core.stats import watch_caches
from core.usage import TenantUsage
from tools.narrative.feedback import FeedbackStore

__all__ = ["LIMITS_FILE", "build_console_services", "build_services"]

log = get_logger(__name__)

LIMITS_FILE = "guild_limits.sqlite3"
SHOW_TOOLS = (SHOW_DNA_TOOL, FIND_SIMILAR_TOOL)
Closer = Callable[[], Awaitable[None]]


async def build_services(
    settings: Settings,
    sink: ProgressSink,
    *,
    metrics: Metrics | None = None,
    clock: Clock | None = None,
) -> Services:
    metrics = metrics or Metrics()
    clock = clock or SystemClock()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    caches = CacheRegistry()
    watch_caches(metrics, caches)
    closers: list[Closer] = []
    try:
        return await _build(
            settings, sink, metrics=metrics, clock=clock, caches=caches, closers=closers
        )
    except BaseException:
        for close in reversed(closers):
            await close()
        raise


async def _build(
    settings: Settings,
    sink: ProgressSink,
    *,
    metrics: Metrics,
    clock: Clock,
    caches: CacheRegistry,
    closers: list[Closer],
) -> Services:
    async def close_caches() -> None:
        for name in caches.names():
            cache = caches.get(name)
            if isinstance(cache, PersistentCache):
                cache.close()

    closers.append(close_caches)  # closers run in reverse: the caches close last

    embedder = build_embedder(settings, metrics=metrics, caches=caches)

    async def close_embedder() -> None:
        embedder.close()

    closers.append(close_embedder)
    llm = build_llm(settings, metrics=metrics, caches=caches, clock=clock)
    closers.append(llm.aclose)

    # Members' votes on similar-show answers: SQLite under the data dir, kept across restarts
    # and across reopenings of the vector store.
    feedback = FeedbackStore(settings.data_dir)

    async def close_feedback() -> None:
        feedback.close()

    closers.append(close_feedback)
    library = RetrievalRecovery(
        lambda: build_retrieval(
            settings,
            metrics=metrics,
            caches=caches,
            embedder=embedder,
            llm=llm,
            feedback=feedback,
        ),
        clock=clock,
        every_s=settings.qdrant.reopen_every_s,
    )
    closers.append(library.close)
    # A library that cannot open now (Qdrant down) is logged; its features say why and it is
    # retried on demand, while the rest of the bot serves.
    await library.ensure()
    tools: dict[str, Tool] = {name: RecoveringTool(name, library) for name in SHOW_TOOLS}

    usage = TenantUsage()  # each server's own commands and Claude spend (/admin stats)
    system = await build_job_system(
        settings, sink=sink, metrics=metrics, clock=clock, start=False, usage=usage
    )
    closers.append(system.close)  # closers run in reverse: jobs stop before the library closes
    system.service.add_runner(RecoveringRunner(library))
    system.service.add_runner(
        build_transform_runner(
            settings,
            metrics=metrics,
            caches=caches,
            llm=llm,
            show_library=RecoveringShows(library),
            jobs=system.service,
        )
    )
    await system.start()

    limits = GuildLimitsStore(settings.data_dir / LIMITS_FILE, clock=clock)
    await limits.open()
    closers.append(limits.close)

    async def server_titles(tenant: str) -> list[str]:
        """A server's indexed shows, so its members' messages find them as titles."""
        opened = await library.ensure()
        if opened.error is not None:
            raise RuntimeError(opened.error.message)
        found = await opened.unwrap().store.titles([tenant])
        if found.error is not None:
            raise RuntimeError(found.error.message)
        return found.unwrap()

    analyzer = build_analyzer(
        settings, embedder=embedder, llm=llm, metrics=metrics, server_titles=server_titles
    )
    await analyzer.warm_up()
    conversations = ConversationStore(
        settings.data_dir / CONVERSATIONS_FILE,
        max_turns=settings.intent.thread_context_turns,
        max_tokens=settings.intent.thread_context_tokens,
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
        jobs=system.service,
        tools=tools,
        conversations=conversations,
        limits=limits,
        usage=usage,
    )

    async def store_ready() -> str | None:
        return None if await system.store.integrity_ok() else "the job store failed its check"

    async def worker_ready() -> str | None:
        if settings.jobs.transport == "redis":
            # Workers on other machines come and go; the bot is ready while Redis answers
            # (jobs wait in the queue, with a position and ETA, until a worker has room).
            return None if system.worker.alive else "Redis (the job transport) is not answering"
        if not system.start_worker:
            return None  # no media model configured: image jobs are refused, nothing to run
        return None if system.worker.alive else "the media worker process is not running"

    async def vectors_ready() -> str | None:
        opened = await library.ensure()  # a probe is also a (throttled) chance to reopen it
        return None if opened.error is None else "the vector store could not be opened"

    return Services(
        settings=settings,
        metrics=metrics,
        caches=caches,
        clock=clock,
        commands=orchestrator,
        jobs=system.service,
        closers=closers,
        limits=limits,
        readiness={"job_store": store_ready, "worker": worker_ready, "vectors": vectors_ready},
        usage=usage,
        feedback=feedback,
        carry_over=CurrentCarryOver(lambda: library.parts),
    )


async def build_console_services(settings: Settings, progress: ProgressSink) -> ConsoleServices:
    """The console runs on the same services as the bot, its progress bar as the sink."""
    services = await build_services(settings, progress)
    return ConsoleServices(
        commands=services.commands,
        data_dir=settings.data_dir,
        jobs=services.jobs,
        closers=[services.aclose],
        feedback=services.feedback,
    )
