"""Text embeddings (all-MiniLM-L6-v2 by default), always batched."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = ["Embedder", "Vector"]

Vector = list[float]


class Embedder(Protocol):
    @property
    def model_name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int:
        """Longer inputs are split by the caller (into facets or chunks), never cut silently."""
        ...

    async def embed(self, texts: Sequence[str]) -> list[Vector]:
        """Unit-normalised vectors, one per text, in order. Runs off the event loop."""
        ...

    def embed_sync(self, texts: Sequence[str]) -> list[Vector]:
        """The same, for callers already on a worker thread or in a CLI."""
        ...
