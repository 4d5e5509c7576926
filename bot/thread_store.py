"""The threads the bot created (job and studio threads), kept in SQLite so they survive restarts.

Plain messages are routed to the intent analyzer only in these threads. Lookups are served from
memory (every message in every channel asks); writes go through to the database.

Bounded: about the newest `max_threads` are kept (a tenth more before a prune), and none older
than `max_age_s` (Discord archives a quiet thread anyway; a message there after that is read as
in any channel: not a request).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from core.migrations import Step, migrate

__all__ = ["ThreadStore"]

FILENAME = "discord_threads.sqlite3"
MAX_THREADS = 100_000
MAX_AGE_S = 90 * 24 * 3600.0

# Schema versions, oldest first (core.migrations): append a step, never edit a released one.
STEPS = (
    Step(
        "threads the bot created (the schema before versions)",
        "CREATE TABLE IF NOT EXISTS studio_threads (thread_id INTEGER PRIMARY KEY,"
        " guild_id INTEGER, parent_id INTEGER, job_id INTEGER, created_at REAL NOT NULL);",
    ),
    Step(
        "oldest threads found fast, to keep the table bounded",
        "CREATE INDEX IF NOT EXISTS studio_threads_age ON studio_threads (created_at);",
    ),
)


class ThreadStore:
    def __init__(
        self,
        data_dir: Path,
        *,
        max_threads: int = MAX_THREADS,
        max_age_s: float = MAX_AGE_S,
        now: float | None = None,
    ) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._max = max_threads
        self._max_age_s = max_age_s
        path = data_dir / FILENAME
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        migrate(self._db, STEPS, store="threads")
        self._db.execute(
            "DELETE FROM studio_threads WHERE created_at < ?",
            ((now if now is not None else time.time()) - max_age_s,),
        )
        self._prune()
        self._ids = {row[0] for row in self._db.execute("SELECT thread_id FROM studio_threads")}

    def __contains__(self, thread_id: int) -> bool:
        return thread_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def add(
        self,
        thread_id: int,
        *,
        guild_id: int | None,
        parent_id: int | None,
        job_id: int | None = None,
    ) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO studio_threads VALUES (?, ?, ?, ?, ?)",
                (thread_id, guild_id, parent_id, job_id, time.time()),
            )
            self._ids.add(thread_id)
            # Pruned in batches (a tenth of the bound) so each add stays O(1) amortised.
            if len(self._ids) > self._max + max(1, self._max // 10):
                for gone in self._prune():
                    self._ids.discard(gone)

    def _prune(self) -> list[int]:
        """Drop the oldest threads past the bound; returns their ids."""
        gone = [
            int(row[0])
            for row in self._db.execute(
                "SELECT thread_id FROM studio_threads ORDER BY created_at DESC, thread_id DESC"
                " LIMIT -1 OFFSET ?",
                (self._max,),
            )
        ]
        if gone:
            marks = ",".join("?" * len(gone))
            self._db.execute(f"DELETE FROM studio_threads WHERE thread_id IN ({marks})", gone)
        return gone

    def discard(self, thread_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM studio_threads WHERE thread_id = ?", (thread_id,))
            self._ids.discard(thread_id)

    def close(self) -> None:
        with self._lock:
            self._db.close()
