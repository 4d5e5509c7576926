"""The threads the bot created (job and studio threads), kept in SQLite so they survive restarts.

Plain messages are routed to the intent analyzer only in these threads. Lookups are served from
memory (every message in every channel asks); writes go through to the database.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

__all__ = ["ThreadStore"]

FILENAME = "discord_threads.sqlite3"


class ThreadStore:
    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        path = data_dir / FILENAME
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS studio_threads (thread_id INTEGER PRIMARY KEY,"
            " guild_id INTEGER, parent_id INTEGER, job_id INTEGER, created_at REAL NOT NULL)"
        )
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

    def discard(self, thread_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM studio_threads WHERE thread_id = ?", (thread_id,))
            self._ids.discard(thread_id)

    def close(self) -> None:
        with self._lock:
            self._db.close()
