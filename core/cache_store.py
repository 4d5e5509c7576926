"""`PersistentCache`: bytes by string key in one SQLite file shared by every namespace (LLM
answers, embeddings, DNA, transformation stages), LRU-bounded by the *total* size of the file's
entries, optional TTL.

Costs, whatever the size: a write is O(log n) (an upsert, a running total kept by triggers in a
one-row table, and eviction of the oldest entries across all namespaces while over budget); a
hit is one indexed read and writes nothing unless its access time is a minute stale. Writes are
handed to one writer thread per cache (`set` only queues them), so the event loop never waits
for a commit; reads see queued writes at once. `flush()` waits for the queue (tests, `stats`).
A full disk skips the write: a cache that cannot remember must not fail the request it serves.

Why not diskcache: it would fit (global size limit, LRU), but its last release is from 2023 and
what this needs (a running total, a global LRU, namespaces as views) is ~20 lines of SQL.
"""

from __future__ import annotations

import atexit
import queue
import sqlite3
import threading
import weakref
from pathlib import Path

from core.cache_types import CacheStats, ClearReport
from core.clock import Clock, SystemClock
from core.errors import is_storage_full
from core.logging import get_logger
from core.migrations import Step, migrate

__all__ = ["PersistentCache"]

log = get_logger(__name__)

# A hit refreshes its access time (the LRU order) at most this often: most hits write nothing.
TOUCH_EVERY_S = 60.0
# Entries deleted per eviction round while over budget.
_EVICT_BATCH = 64
# Writes waiting for the writer thread: past this a write waits for room, and after
# `_FULL_QUEUE_WAIT_S` it is dropped (counted): a cache may forget.
MAX_QUEUED_WRITES = 10_000
_FULL_QUEUE_WAIT_S = 10.0

# Schema versions, oldest first (core.migrations): append a step, never edit a released one.
STEPS = (
    Step(
        "entries by namespace and key (the schema before versions)",
        """CREATE TABLE IF NOT EXISTS cache (ns TEXT NOT NULL, key TEXT NOT NULL,
        value BLOB NOT NULL, size INTEGER NOT NULL, created REAL NOT NULL,
        accessed REAL NOT NULL, PRIMARY KEY (ns, key));
        CREATE INDEX IF NOT EXISTS cache_lru ON cache (ns, accessed);""",
    ),
    Step(
        "a running total of the file's entries and bytes, and one LRU order for all namespaces",
        """CREATE INDEX IF NOT EXISTS cache_lru_all ON cache (accessed);
        DROP INDEX IF EXISTS cache_lru;
        CREATE TABLE IF NOT EXISTS cache_total (id INTEGER PRIMARY KEY CHECK (id = 0),
            bytes INTEGER NOT NULL, entries INTEGER NOT NULL);
        INSERT OR IGNORE INTO cache_total (id, bytes, entries)
            SELECT 0, COALESCE(SUM(size), 0), COUNT(*) FROM cache;
        CREATE TRIGGER IF NOT EXISTS cache_added AFTER INSERT ON cache BEGIN
            UPDATE cache_total SET bytes = bytes + NEW.size, entries = entries + 1
            WHERE id = 0; END;
        CREATE TRIGGER IF NOT EXISTS cache_dropped AFTER DELETE ON cache BEGIN
            UPDATE cache_total SET bytes = bytes - OLD.size, entries = entries - 1
            WHERE id = 0; END;
        CREATE TRIGGER IF NOT EXISTS cache_resized AFTER UPDATE OF size ON cache BEGIN
            UPDATE cache_total SET bytes = bytes - OLD.size + NEW.size WHERE id = 0; END;""",
    ),
)
_UPSERT = (
    "INSERT INTO cache (ns, key, value, size, created, accessed) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, size = excluded.size, "
    "created = excluded.created, accessed = excluded.accessed"
)

# A queued write: ("set", key, value, now) | ("touch", key, None, now) | ("drop", key, None, 0).
_Op = tuple[str, str, bytes | None, float]
_STOP: _Op = ("stop", "", None, 0.0)


class PersistentCache:
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
        # Reads and writes have their own connections (WAL lets a read run during a commit),
        # so a lookup on the event loop never waits for the writer's transaction.
        self._lock = threading.Lock()  # the pending map and the read connection
        self._write_lock = threading.Lock()  # the write connection
        self._wdb = _connect(self._path)
        migrate(self._wdb, STEPS, store="cache")
        self._db = _connect(self._path)
        self._pending: dict[str, bytes] = {}  # queued, not yet written: served by `get`
        self._ops: queue.Queue[_Op] = queue.Queue(maxsize=MAX_QUEUED_WRITES)
        self.hits = self.misses = self.evictions = self.dropped = 0
        self._writer = threading.Thread(
            target=self._write_loop, name=f"cache-{namespace}", daemon=True
        )
        self._writer.start()
        # A program that never calls close() (a script, a benchmark) still keeps what it wrote.
        atexit.register(_close_at_exit, weakref.ref(self))

    @property
    def name(self) -> str:
        return self._ns

    # -- reads (inline: one indexed lookup) ------------------------------------------------
    def get(self, key: str) -> bytes | None:
        now = self._clock.time()
        with self._lock:
            queued = self._pending.get(key)
            if queued is not None:
                self.hits += 1
                return queued
            row = self._db.execute(
                "SELECT value, created, accessed FROM cache WHERE ns = ? AND key = ?",
                (self._ns, key),
            ).fetchone()
            if row is None:
                self.misses += 1
                return None
            value, created, accessed = row
            if self._ttl is not None and created + self._ttl <= now:
                self.misses += 1
                self._queue(("drop", key, None, 0.0))
                return None
            self.hits += 1
        if now - accessed >= TOUCH_EVERY_S:
            self._queue(("touch", key, None, now))
        return bytes(value)

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        """Batch lookup (embeddings are looked up a batch at a time)."""
        found: dict[str, bytes] = {}
        for key in keys:
            value = self.get(key)
            if value is not None:
                found[key] = value
        return found

    # -- writes (queued for the writer thread) ---------------------------------------------
    def set(self, key: str, value: bytes) -> None:
        now = self._clock.time()
        with self._lock:
            self._pending[key] = value
        self._queue(("set", key, value, now))

    def set_many(self, items: dict[str, bytes]) -> None:
        for key, value in items.items():
            self.set(key, value)

    def _queue(self, op: _Op) -> None:
        try:
            # A full queue (a bulk import outrunning the disk) slows the writer's callers down
            # to the disk's pace; a disk that stops altogether makes the cache forget instead.
            self._ops.put(op, timeout=_FULL_QUEUE_WAIT_S)
        except queue.Full:
            with self._lock:
                self.dropped += 1
                if op[0] == "set" and self._pending.get(op[1]) is op[2]:
                    del self._pending[op[1]]
            log.warning("cache_write_dropped", cache=self._ns, queued=MAX_QUEUED_WRITES)

    def flush(self) -> None:
        """Wait until every queued write is in the file (or skipped on a full disk)."""
        if self._writer.is_alive():
            self._ops.join()

    def _write_loop(self) -> None:
        while True:
            ops = [self._ops.get()]
            while len(ops) < 512:
                try:
                    ops.append(self._ops.get_nowait())
                except queue.Empty:
                    break
            try:
                self._apply([op for op in ops if op is not _STOP])
            except Exception:  # a writer that dies would leave flush() waiting forever
                log.exception("cache_write_failed", cache=self._ns)
            finally:
                for _ in ops:
                    self._ops.task_done()
            if any(op is _STOP for op in ops):
                return

    def _apply(self, ops: list[_Op]) -> None:
        if not ops:
            return
        db = self._wdb
        try:
            with self._write_lock:
                try:
                    db.execute("BEGIN IMMEDIATE")
                    for kind, key, value, at in ops:
                        if kind == "set" and value is not None:
                            db.execute(_UPSERT, (self._ns, key, value, len(value), at, at))
                        elif kind == "touch":
                            db.execute(
                                "UPDATE cache SET accessed = ? WHERE ns = ? AND key = ?",
                                (at, self._ns, key),
                            )
                        elif kind == "drop":
                            db.execute(
                                "DELETE FROM cache WHERE ns = ? AND key = ?", (self._ns, key)
                            )
                    self._evict_over_budget()
                    db.execute("COMMIT")
                except sqlite3.Error as exc:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    if not is_storage_full(exc):
                        raise
                    log.warning("cache_not_saved", cache=self._ns, reason="storage_full")
        finally:
            with self._lock:
                for kind, key, value, _ in ops:
                    if kind == "set" and self._pending.get(key) is value:
                        del self._pending[key]

    def _evict_over_budget(self) -> None:
        """Oldest first across every namespace (the budget is the file's, not one cache's),
        just enough entries to fit."""
        over = self._total()[0] - self._max_bytes
        while over > 0:
            oldest = self._wdb.execute(
                "SELECT rowid, size FROM cache ORDER BY accessed LIMIT ?", (_EVICT_BATCH,)
            ).fetchall()
            if not oldest:
                return
            victims: list[int] = []
            for rowid, size in oldest:
                if over <= 0:
                    break
                victims.append(rowid)
                over -= size
            marks = ",".join("?" * len(victims))
            self._wdb.execute(f"DELETE FROM cache WHERE rowid IN ({marks})", victims)
            self.evictions += len(victims)

    def _total(self) -> tuple[int, int]:
        row = self._wdb.execute("SELECT bytes, entries FROM cache_total WHERE id = 0").fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    # -- admin -----------------------------------------------------------------------------
    def stats(self) -> CacheStats:
        """This namespace's entries and bytes (an indexed count: admin and metrics only)."""
        self.flush()
        with self._lock:
            entries, size = self._db.execute(
                "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM cache WHERE ns = ?", (self._ns,)
            ).fetchone()
            return CacheStats(
                self._ns,
                int(entries),
                int(size),
                self.hits,
                self.misses,
                self.evictions,
                max_bytes=self._max_bytes,
            )

    def total(self) -> tuple[int, int]:
        """Bytes and entries of every namespace in the file (what the budget bounds)."""
        self.flush()
        with self._write_lock:
            return self._total()

    def clear(self) -> ClearReport:
        self.flush()
        with self._write_lock:
            entries, size = self._wdb.execute(
                "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM cache WHERE ns = ?", (self._ns,)
            ).fetchone()
            self._wdb.execute("DELETE FROM cache WHERE ns = ?", (self._ns,))
            return ClearReport(self._ns, int(entries), int(size))

    def close(self) -> None:
        if self._writer.is_alive():
            self._ops.put(_STOP)  # waits for room: every queued write goes in first
            self._writer.join()
        with self._write_lock, self._lock:
            self._wdb.close()
            self._db.close()


def _close_at_exit(cache: weakref.ref[PersistentCache]) -> None:
    alive = cache()
    if alive is not None:
        alive.close()


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA busy_timeout=5000")
    return db
