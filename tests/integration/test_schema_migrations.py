"""Every SQLite store opens a database written before schema versions existed (the exact schema
the bot wrote until then, with data in it), keeps the data and lands on the latest version; a
database from a newer bot is refused with a message saying so; a failed step changes nothing."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.thread_store import FILENAME as THREADS_FILE
from bot.thread_store import STEPS as THREAD_STEPS
from bot.thread_store import ThreadStore
from core.cache_store import STEPS as CACHE_STEPS
from core.cache_store import PersistentCache
from core.conversation import STEPS as CONVERSATION_STEPS
from core.conversation import ConversationStore
from core.guild_limits import STEPS as LIMITS_STEPS
from core.guild_limits import GuildLimitsStore
from core.jobs.store import STEPS as JOB_STEPS
from core.jobs.store import JobStore
from core.migrations import NewerSchema, Step, migrate
from core.ports.progress import JobState

JOBS_BEFORE_VERSIONS = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    tenant TEXT NOT NULL,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    priority INTEGER NOT NULL,
    channel_id TEXT,
    thread_id TEXT,
    message_id TEXT,
    request_id TEXT,
    progress REAL NOT NULL DEFAULT 0,
    stage TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL,
    result TEXT NOT NULL DEFAULT '{}',
    error_code TEXT,
    error_message TEXT,
    parent_id INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_request ON jobs (tenant, request_id)
    WHERE request_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_active ON jobs (status) WHERE status IN ('queued', 'running');
CREATE INDEX IF NOT EXISTS jobs_user ON jobs (tenant, user_id, id);
CREATE TABLE IF NOT EXISTS eta_stats (
    shape_key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    work_per_step REAL NOT NULL,
    step_s REAL NOT NULL,
    fixed_s REAL NOT NULL,
    samples INTEGER NOT NULL
);
"""


def _old_db(path: Path, script: str, *rows: tuple[str, tuple[object, ...]]) -> None:
    with sqlite3.connect(path) as db:
        db.executescript(script)
        for sql, args in rows:
            db.execute(sql, args)
    db.close()


def _version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


async def test_a_job_store_from_before_versions_keeps_its_jobs(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    _old_db(
        path,
        JOBS_BEFORE_VERSIONS,
        (
            "INSERT INTO jobs (kind, params, tenant, user_id, status, priority, created_at) "
            "VALUES ('image', '{\"prompt\": \"a fox\"}', 'g1', 'u1', 'queued', 1, 1.0)",
            (),
        ),
    )
    store = await JobStore.open(path)
    job = await store.get(1, tenant="g1")
    assert job is not None and job.params == {"prompt": "a fox"}
    assert job.status is JobState.QUEUED
    assert await store.count_active("g1", "u1") == 1
    await store.close()
    assert _version(path) == len(JOB_STEPS)


def test_a_conversation_store_from_before_versions_keeps_its_turns(tmp_path: Path) -> None:
    path = tmp_path / "conversations.sqlite3"
    _old_db(
        path,
        "CREATE TABLE IF NOT EXISTS turns (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " key TEXT NOT NULL, at REAL NOT NULL, intent TEXT NOT NULL, params TEXT NOT NULL,"
        " missing TEXT NOT NULL, text TEXT NOT NULL);"
        "CREATE INDEX IF NOT EXISTS turns_key ON turns (key, id);",
        (
            "INSERT INTO turns (key, at, intent, params, missing, text) VALUES (?, ?, ?, ?, ?, ?)",
            ("g1:t1", 1.0, "generate_image", '{"prompt": "a fox"}', "[]", "draw a fox"),
        ),
    )
    store = ConversationStore(path, max_turns=8)
    (turn,) = store.recent("g1:t1")
    assert turn.params == {"prompt": "a fox"} and turn.text == "draw a fox"
    store.close()
    assert _version(path) == len(CONVERSATION_STEPS)


def test_a_cache_from_before_versions_keeps_its_entries_and_counts_them(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    _old_db(
        path,
        "CREATE TABLE IF NOT EXISTS cache (ns TEXT NOT NULL, key TEXT NOT NULL,"
        " value BLOB NOT NULL, size INTEGER NOT NULL, created REAL NOT NULL,"
        " accessed REAL NOT NULL, PRIMARY KEY (ns, key));"
        "CREATE INDEX IF NOT EXISTS cache_lru ON cache (ns, accessed);",
        ("INSERT INTO cache VALUES ('llm', 'k', ?, 6, 1.0, 1.0)", (b"answer",)),
        ("INSERT INTO cache VALUES ('embeddings', 'k', ?, 6, 1.0, 1.0)", (b"vector",)),
    )
    cache = PersistentCache(path, "llm", max_bytes=10**6)
    assert cache.get("k") == b"answer"
    assert cache.total() == (12, 2)
    cache.close()
    assert _version(path) == len(CACHE_STEPS)


async def test_server_limits_from_before_versions_still_apply(tmp_path: Path) -> None:
    path = tmp_path / "limits.sqlite3"
    _old_db(
        path,
        "CREATE TABLE IF NOT EXISTS guild_limits (tenant TEXT PRIMARY KEY,"
        " limits TEXT NOT NULL, updated_at REAL NOT NULL, updated_by TEXT NOT NULL)",
        ("INSERT INTO guild_limits VALUES ('g1', '{\"jobs_per_user\": 2}', 1.0, 'admin')", ()),
    )
    store = GuildLimitsStore(path)
    await store.open()
    assert (await store.get("g1")).jobs_per_user == 2
    await store.close()
    assert _version(path) == len(LIMITS_STEPS)


def test_threads_from_before_versions_are_still_studio_threads(tmp_path: Path) -> None:
    _old_db(
        tmp_path / THREADS_FILE,
        "CREATE TABLE IF NOT EXISTS studio_threads (thread_id INTEGER PRIMARY KEY,"
        " guild_id INTEGER, parent_id INTEGER, job_id INTEGER, created_at REAL NOT NULL)",
        ("INSERT INTO studio_threads VALUES (123, 1, 2, 3, ?)", (1_000_000.0,)),
    )
    store = ThreadStore(tmp_path, now=1_000_100.0)
    assert 123 in store
    store.close()
    assert _version(tmp_path / THREADS_FILE) == len(THREAD_STEPS)


async def test_a_database_from_a_newer_bot_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    _old_db(path, JOBS_BEFORE_VERSIONS + "PRAGMA user_version = 99;")
    with pytest.raises(NewerSchema, match="newer Studio"):
        await JobStore.open(path)
    assert _version(path) == 99  # untouched


def test_a_step_that_fails_leaves_the_previous_version_whole(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "x.sqlite3", isolation_level=None)
    steps = [
        Step("a table", "CREATE TABLE t (a INTEGER);"),
        Step(
            "a column, then a mistake",
            "ALTER TABLE t ADD COLUMN b TEXT; INSERT INTO nope VALUES (1);",
        ),
    ]
    with pytest.raises(sqlite3.OperationalError, match="nope"):
        migrate(db, steps, store="test")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert [row[1] for row in db.execute("PRAGMA table_info(t)")] == ["a"]
    steps[1] = Step("a column", "ALTER TABLE t ADD COLUMN b TEXT;")
    assert migrate(db, steps, store="test") == 2  # the next start finishes the upgrade
    db.close()


def test_two_processes_opening_at_once_apply_each_step_once(tmp_path: Path) -> None:
    """The bot and a `studio` command may open the same file at the same moment: a step that
    cannot run twice (adding a column) is applied once, and both end on the last version."""
    path = tmp_path / "shared.sqlite3"
    steps = [
        Step(
            "a table, filled (slow: the others read the version meanwhile)",
            "CREATE TABLE IF NOT EXISTS t (a INTEGER); WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL"
            " SELECT x + 1 FROM n WHERE x < 200000) INSERT INTO t SELECT x FROM n;",
        ),
        Step("a column", "ALTER TABLE t ADD COLUMN b TEXT;"),
        Step("a trigger", "CREATE TRIGGER t_b AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;"),
    ]
    barrier = threading.Barrier(4)
    versions: list[int] = []

    def open_and_migrate() -> None:
        db = sqlite3.connect(path, isolation_level=None, timeout=10)
        barrier.wait()
        versions.append(migrate(db, steps, store="test"))
        db.close()

    workers = [threading.Thread(target=open_and_migrate) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert versions == [3, 3, 3, 3]
    with sqlite3.connect(path) as db:
        assert [row[1] for row in db.execute("PRAGMA table_info(t)")] == ["a", "b"]
        assert db.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 200000  # filled once
