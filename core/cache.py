"""Named caches with size and TTL bounds and hit/miss/eviction stats, and one registry of them.

`/admin cache stats` lists every registered cache; `/admin cache clear [name]` clears one or all.
`MemoryCache` is an LRU map with a TTL; `PersistentCache` (core.cache_store) is a SQLite file
shared by every namespace (LLM responses, embeddings, DNA, transformation stages), bounded by the
total bytes of all of them.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from core.cache_store import PersistentCache
from core.cache_types import CacheStats, ClearReport, NamedCache
from core.clock import Clock, SystemClock

__all__ = [
    "CacheRegistry",
    "CacheStats",
    "ClearReport",
    "MemoryCache",
    "NamedCache",
    "PersistentCache",
]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class MemoryCache(Generic[K, V]):
    """LRU with a TTL. Safe to share between the event loop and worker threads."""

    def __init__(
        self,
        name: str,
        *,
        max_entries: int,
        ttl_s: float | None = None,
        clock: Clock | None = None,
        sizeof: Callable[[V], int] = sys.getsizeof,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._name = name
        self._max = max_entries
        self._ttl = ttl_s
        self._clock = clock or SystemClock()
        self._sizeof = sizeof
        self._data: OrderedDict[K, tuple[float, V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = self.evictions = 0

    @property
    def name(self) -> str:
        return self._name

    def get(self, key: K) -> V | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                self.misses += 1
                return None
            expires, value, _ = item
            if expires <= self._clock.monotonic():
                self._drop(key)
                self.evictions += 1
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def __contains__(self, key: K) -> bool:
        with self._lock:
            item = self._data.get(key)
            return item is not None and item[0] > self._clock.monotonic()

    def set(self, key: K, value: V) -> None:
        size = self._sizeof(value)
        expires = self._clock.monotonic() + self._ttl if self._ttl else float("inf")
        with self._lock:
            if key in self._data:
                self._drop(key)
            self._data[key] = (expires, value, size)
            self._bytes += size
            while len(self._data) > self._max:
                oldest = next(iter(self._data))
                self._drop(oldest)
                self.evictions += 1

    def delete(self, key: K) -> bool:
        with self._lock:
            if key not in self._data:
                return False
            self._drop(key)
            return True

    def _drop(self, key: K) -> None:
        _, _, size = self._data.pop(key)
        self._bytes -= size

    def __len__(self) -> int:
        return len(self._data)

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(
                self._name,
                len(self._data),
                self._bytes,
                self.hits,
                self.misses,
                self.evictions,
                max_entries=self._max,
            )

    def clear(self) -> ClearReport:
        with self._lock:
            report = ClearReport(self._name, len(self._data), self._bytes)
            self._data.clear()
            self._bytes = 0
            return report


class CacheRegistry:
    """Every named cache in the process, so admins can list and clear them by name."""

    def __init__(self) -> None:
        self._caches: dict[str, NamedCache] = {}

    def register(self, cache: NamedCache) -> None:
        if cache.name in self._caches and self._caches[cache.name] is not cache:
            raise ValueError(f"a cache named {cache.name!r} is already registered")
        self._caches[cache.name] = cache

    def names(self) -> list[str]:
        return sorted(self._caches)

    def get(self, name: str) -> NamedCache | None:
        return self._caches.get(name)

    def stats(self) -> list[CacheStats]:
        return [self._caches[n].stats() for n in self.names()]

    def clear(self, name: str | None = None) -> list[ClearReport]:
        """Clear one cache, or all of them when `name` is None. Unknown names raise KeyError."""
        if name is None:
            return [self._caches[n].clear() for n in self.names()]
        if name not in self._caches:
            raise KeyError(name)
        return [self._caches[name].clear()]
