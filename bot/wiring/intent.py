"""Builds the intent stack: embedder -> analyzer -> orchestrator (bot.wiring.root uses it).

The orchestrator gets whatever tools and job service it is given: a missing one answers
UNAVAILABLE ("... is not available yet"), never a fake result.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import tools.retrieval
from bot.wiring.caches import persistent_cache
from core.cache import CacheRegistry, MemoryCache
from core.clock import Clock
from core.config import Settings
from core.conversation import ConversationStore
from core.guild_limits import GuildLimitsStore
from core.intent.analyzer import IntentAnalyzer
from core.intent.server_titles import ServerTitles, TitleSource
from core.metrics import Metrics
from core.orchestrator import Orchestrator
from core.ports.embedder import Embedder, Vector
from core.ports.jobs import JobService
from core.ports.llm import LLM
from core.ports.tools import Tool
from core.ratelimit import RateLimiter
from core.usage import TenantUsage
from tools.retrieval.embedder import MiniLMEmbedder

__all__ = [
    "CONVERSATIONS_FILE",
    "EMBEDDING_CACHE",
    "build_analyzer",
    "build_embedder",
    "build_orchestrator",
    "starter_titles",
]

CONVERSATIONS_FILE = "conversations.sqlite3"
INTENT_MODEL_DIR = "models"
_STARTER_DIR = Path(tools.retrieval.__file__).resolve().parent / "data"
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
    settings: Settings,
    *,
    embedder: Embedder,
    llm: LLM | None,
    metrics: Metrics,
    server_titles: TitleSource | None = None,
) -> IntentAnalyzer:
    """The analyzer, knowing the starter catalog's titles everywhere and, with `server_titles`,
    each server's own indexed shows in that server's messages."""
    return IntentAnalyzer(
        settings=settings.intent,
        embedder=embedder,
        llm=llm,
        metrics=metrics,
        known_titles=starter_titles(),
        model_dir=settings.data_dir / INTENT_MODEL_DIR,
        server_titles=ServerTitles(server_titles) if server_titles is not None else None,
    )


def starter_titles(folder: Path = _STARTER_DIR) -> list[str]:
    """The starter catalog's show titles, for finding titles in messages (fuzzy matching)."""
    titles: list[str] = []
    for path in sorted(folder.glob("catalog_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                title = json.loads(line).get("title")
                if isinstance(title, str):
                    titles.append(title)
    return titles


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
    usage: TenantUsage | None = None,
) -> Orchestrator:
    return Orchestrator(
        settings=settings,
        metrics=metrics,
        analyzer=analyzer,
        conversations=conversations
        or ConversationStore(
            settings.data_dir / CONVERSATIONS_FILE,
            max_turns=settings.intent.thread_context_turns,
            max_tokens=settings.intent.thread_context_tokens,
            clock=clock,
        ),
        rate_limiter=RateLimiter(per_minute=settings.limits.commands_per_minute, clock=clock),
        clock=clock,
        jobs=jobs,
        tools=tools or {},
        limits=limits,
        usage=usage,
    )
