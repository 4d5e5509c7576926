"""Builds the Claude client (`core.ports.llm.LLM`) with its persistent response cache."""

from __future__ import annotations

from bot.wiring.caches import persistent_cache
from core.cache import CacheRegistry
from core.clock import Clock
from core.config import Settings
from core.metrics import Metrics
from tools.llm.anthropic_llm import AnthropicLLM

__all__ = ["LLM_CACHE", "build_llm"]

LLM_CACHE = "llm"  # `/admin cache clear llm` empties it


def build_llm(
    settings: Settings, *, metrics: Metrics, caches: CacheRegistry, clock: Clock | None = None
) -> AnthropicLLM:
    """The client; without an API key it is built anyway and says `available` False, so every
    feature can tell the user it needs a key."""
    cache = persistent_cache(settings, caches, LLM_CACHE) if settings.llm.configured else None
    return AnthropicLLM(settings=settings.llm, metrics=metrics, cache=cache, clock=clock)
