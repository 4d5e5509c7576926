"""What every named cache reports (`/admin cache stats`) and answers to a clear."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["CacheStats", "ClearReport", "NamedCache"]


@dataclass(frozen=True, slots=True)
class CacheStats:
    name: str
    entries: int
    size_bytes: int
    hits: int
    misses: int
    evictions: int
    max_entries: int | None = None
    max_bytes: int | None = None

    @property
    def hit_rate(self) -> float:
        total = self.hits + self.misses
        return self.hits / total if total else 0.0


@dataclass(frozen=True, slots=True)
class ClearReport:
    name: str
    entries: int
    size_bytes: int


class NamedCache(Protocol):
    @property
    def name(self) -> str: ...

    def stats(self) -> CacheStats: ...

    def clear(self) -> ClearReport: ...
