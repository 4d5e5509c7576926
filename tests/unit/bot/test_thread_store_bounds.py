"""The threads the bot remembers are bounded: the newest `max_threads`, none older than
`max_age_s`, in the database and in memory alike."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from bot.thread_store import FILENAME, ThreadStore


def test_only_the_newest_threads_are_kept(tmp_path: Path) -> None:
    store = ThreadStore(tmp_path, max_threads=100)
    for thread_id in range(1, 1001):
        store.add(thread_id, guild_id=1, parent_id=2)
        assert len(store) <= 110  # pruned in batches of a tenth
    assert 1000 in store and 901 in store and 1 not in store and 800 not in store
    store.close()
    with sqlite3.connect(tmp_path / FILENAME) as db:
        assert db.execute("SELECT COUNT(*) FROM studio_threads").fetchone()[0] <= 110
    assert len(ThreadStore(tmp_path, max_threads=100)) == 100


def test_threads_older_than_the_age_limit_are_forgotten_at_start(tmp_path: Path) -> None:
    store = ThreadStore(tmp_path)
    store.add(7, guild_id=1, parent_id=2)
    store.close()
    month = 30 * 24 * 3600.0
    assert 7 in ThreadStore(tmp_path, max_age_s=3 * month, now=time.time() + month)
    assert 7 not in ThreadStore(tmp_path, max_age_s=3 * month, now=time.time() + 4 * month)
