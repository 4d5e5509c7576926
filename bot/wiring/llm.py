"""Builds the Claude client (`core.ports.llm.LLM`) with its persistent response cache."""

from __future__ import annotations

from core.cache import CacheRegistry, PersistentCache
from core.clock import Clock
from core.config import Settings
from core.metrics import Metrics
from tools.llm.client import AnthropicLLM

__all__ = ["CACHE_FILE", "LLM_CACHE", "build_llm"]

LLM_CACHE = "llm"  # `/admin cache clear llm` empties it
CACHE_FILE = "cache.sqlite3"  # every persistent cache namespace shares this file
_MB = 1024 * 1024


def build_llm(
    settings: Settings, *, metrics: Metrics, caches: CacheRegistry, clock: Clock | None = None
) -> AnthropicLLM:
    """The client; without an API key it is built anyway and says `available` False, so every
    feature can tell the user it needs a key."""
    cache: PersistentCache | None = None
    if settings.llm.configured:
        existing = caches.get(LLM_CACHE)
        if isinstance(existing, PersistentCache):
            cache = existing
        else:
            cache = PersistentCache(
                settings.data_dir / CACHE_FILE,
                LLM_CACHE,
                max_bytes=int(settings.cache.persistent_max_mb * _MB),
            )
            caches.register(cache)
    return AnthropicLLM(settings=settings.llm, metrics=metrics, cache=cache, clock=clock)
