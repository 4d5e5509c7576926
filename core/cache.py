"""Named caches with size and TTL bounds and hit/miss/eviction stats, and one registry of them.

`/admin cache stats` lists every registered cache; `/admin cache clear [name]` clears one or all.
`MemoryCache` is an LRU map with a TTL; `PersistentCache` is a SQLite table (one per namespace in a
shared file) for LLM responses, embeddings and transformation stages, bounded by total bytes.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from core.clock import Clock, SystemClock
from core.errors import is_storage_full
from core.logging import get_logger

__all__ = [
    "CacheRegistry",
    "CacheStats",
    "ClearReport",
    "MemoryCache",
    "NamedCache",
    "PersistentCache",
]

log = get_logger(__name__)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


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


class PersistentCache:
    """Bytes by string key in SQLite (WAL), LRU-bounded by total size, optional TTL.

    Namespaces share one database file; each namespace is its own named cache. Calls are short
    local I/O (well under a millisecond for a point lookup), so they run inline.
    """

    def __init__(
        self,
        path: Path | str,
        namespace: str,
        *,
        max_bytes: int,
        ttl_s: float | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._path = Path(path)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._ns = namespace
        self._max_bytes = max_bytes
        self._ttl = ttl_s
        self._clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS cache (ns TEXT NOT NULL, key TEXT NOT NULL,"
            " value BLOB NOT NULL, size INTEGER NOT NULL, created REAL NOT NULL,"
            " accessed REAL NOT NULL, PRIMARY KEY (ns, key))"
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS cache_lru ON cache (ns, accessed)")
        self.hits = self.misses = self.evictions = 0

    @property
    def name(self) -> str:
        return self._ns

    def get(self, key: str) -> bytes | None:
        now = self._clock.time()
        with self._lock:
            row = self._db.execute(
                "SELECT value, created FROM cache WHERE ns = ? AND key = ?", (self._ns, key)
            ).fetchone()
            if row is None:
                self.misses += 1
                return None
            value, created = row
            if self._ttl is not None and created + self._ttl <= now:
                self._write("DELETE FROM cache WHERE ns = ? AND key = ?", (self._ns, key))
                self.evictions += 1
                self.misses += 1
                return None
            # The access time only orders evictions: on a full disk the value is still served.
            self._write(
                "UPDATE cache SET accessed = ? WHERE ns = ? AND key = ?", (now, self._ns, key)
            )
            self.hits += 1
            return bytes(value)

    def _write(self, sql: str, args: tuple[object, ...]) -> bool:
        """One write; False (and nothing stored) when the disk is full: a cache that cannot
        remember must not fail the request it serves."""
        try:
            self._db.execute(sql, args)
        except sqlite3.Error as exc:
            self._refused(exc)
            return False
        return True

    def _refused(self, exc: BaseException) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")
        if not is_storage_full(exc):
            raise exc
        log.warning("cache_not_saved", cache=self._ns, reason="storage_full", error=str(exc))

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        """Batch lookup (embeddings are looked up a batch at a time)."""
        found: dict[str, bytes] = {}
        for key in keys:
            value = self.get(key)
            if value is not None:
                found[key] = value
        return found

    def set(self, key: str, value: bytes) -> None:
        now = self._clock.time()
        with self._lock:
            stored = self._write(
                "INSERT OR REPLACE INTO cache (ns, key, value, size, created, accessed)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (self._ns, key, value, len(value), now, now),
            )
            if stored:
                self._evict_over_budget()

    def set_many(self, items: dict[str, bytes]) -> None:
        now = self._clock.time()
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(
                    "INSERT OR REPLACE INTO cache (ns, key, value, size, created, accessed)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [(self._ns, k, v, len(v), now, now) for k, v in items.items()],
                )
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._refused(exc)
                return
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            self._evict_over_budget()

    def _evict_over_budget(self) -> None:
        total = self._size()
        while total > self._max_bytes:
            row = self._db.execute(
                "SELECT key, size FROM cache WHERE ns = ? ORDER BY accessed LIMIT 1", (self._ns,)
            ).fetchone()
            if row is None:
                break
            if not self._write("DELETE FROM cache WHERE ns = ? AND key = ?", (self._ns, row[0])):
                break
            self.evictions += 1
            total -= row[1]

    def _size(self) -> int:
        row = self._db.execute(
            "SELECT COALESCE(SUM(size), 0) FROM cache WHERE ns = ?", (self._ns,)
        ).fetchone()
        return int(row[0])

    def stats(self) -> CacheStats:
        with self._lock:
            entries = self._db.execute(
                "SELECT COUNT(*) FROM cache WHERE ns = ?", (self._ns,)
            ).fetchone()[0]
            return CacheStats(
                self._ns,
                int(entries),
                self._size(),
                self.hits,
                self.misses,
                self.evictions,
                max_bytes=self._max_bytes,
            )

    def clear(self) -> ClearReport:
        with self._lock:
            entries = self._db.execute(
                "SELECT COUNT(*) FROM cache WHERE ns = ?", (self._ns,)
            ).fetchone()[0]
            report = ClearReport(self._ns, int(entries), self._size())
            self._db.execute("DELETE FROM cache WHERE ns = ?", (self._ns,))
            return report

    def close(self) -> None:
        with self._lock:
            self._db.close()


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
