"""Today's (before issue 20) persistent cache, kept verbatim as the benchmark baseline: a SUM(size)
per namespace on every write, a write on every hit, everything inline."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from core.cache import CacheStats, ClearReport
from core.clock import Clock, SystemClock
from core.errors import is_storage_full
from core.logging import get_logger

__all__ = ["BaselinePersistentCache"]

log = get_logger(__name__)


class BaselinePersistentCache:
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
