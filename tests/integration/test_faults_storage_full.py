"""Each SQLite store meeting a full disk, on real files, everywhere (no root, no namespaces).

`PRAGMA max_page_count` set to a database's current size makes SQLite answer the next write that
needs a page with SQLITE_FULL, the same error (and the same code path in each store) as a disk
with no space left. test_faults_disk_full.py fills a real filesystem where the machine allows it.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from core.cache import PersistentCache
from core.context import RequestContext
from core.conversation import ConversationStore, Turn
from core.errors import is_storage_full
from core.intent.schema import Intent
from core.jobs.model import Job, JobKind
from core.jobs.store import JobStore

BIG = b"\x01" * 20_000  # several pages: it cannot fit in the free space of a page


def _cap(db: sqlite3.Connection) -> None:
    (pages,) = db.execute("PRAGMA page_count").fetchone()
    db.execute(f"PRAGMA max_page_count = {pages}")


def _verdict(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def test_what_counts_as_a_full_disk() -> None:
    full = sqlite3.connect(":memory:")
    full.execute("CREATE TABLE t (x BLOB)")
    _cap(full)
    with pytest.raises(sqlite3.OperationalError) as raised:
        full.execute("INSERT INTO t VALUES (?)", (BIG,))
    assert is_storage_full(raised.value)
    assert is_storage_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_storage_full(sqlite3.OperationalError("no such table: jobs"))
    assert not is_storage_full(OSError(errno.EACCES, "Permission denied"))


def test_a_full_cache_serves_what_it_has_and_skips_what_it_cannot_keep(tmp_path: Path) -> None:
    cache = PersistentCache(tmp_path / "cache.sqlite3", "llm", max_bytes=10**9)
    cache.set("kept", b"an answer")
    cache.flush()
    _cap(cache._wdb)  # the cache's own writing connection (no public way to fill a disk)
    cache.set("new", BIG)  # refused by the disk: not stored, and the request goes on
    cache.set_many({"a": BIG, "b": BIG})
    cache.flush()
    assert cache.get("kept") == b"an answer"
    assert cache.get("new") is None and cache.get("a") is None
    cache.close()
    assert _verdict(tmp_path / "cache.sqlite3") == "ok"


def test_a_full_conversation_store_keeps_earlier_turns_and_does_not_fail(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "conversations.sqlite3", max_turns=8)
    store.record("thread", Turn(intent=Intent.GENERATE_IMAGE, params={"prompt": "a fox"}))
    # The biggest turn the store keeps (long values are dropped before it is written): one
    # nearly fills the page, so the next one needs a page the full disk does not have.
    pads = {f"pad{i}": "y" * 800 for i in range(3)}
    store.record("thread", Turn(intent=Intent.CHAT, text="x" * 2000, params=pads))
    _cap(store._db)
    store.record("thread", Turn(intent=Intent.CHAT, text="x" * 2000, params=pads))
    assert [t.params for t in store.recent("thread")] == [{"prompt": "a fox"}, pads]
    store.close()
    assert _verdict(tmp_path / "conversations.sqlite3") == "ok"


def _job(**params: Any) -> Job:
    ctx = RequestContext(tenant="g1", user_id="u1")
    return Job(id=0, kind=JobKind.IMAGE, params=params, tenant=ctx.tenant, user_id=ctx.user_id)


async def test_a_full_job_store_refuses_the_insert_and_keeps_working(tmp_path: Path) -> None:
    store = await JobStore.open(tmp_path / "jobs.sqlite3")
    first, _ = await store.insert(_job(prompt="a fox"))
    db = store._db  # the store's own connection
    (pages,) = await (await db.execute("PRAGMA page_count")).fetchone()
    await db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(sqlite3.OperationalError) as raised:
        await store.insert(_job(prompt="p" * 20_000))
    assert is_storage_full(raised.value)
    assert not db.in_transaction  # nothing half-written left open
    await store.update(first.evolve(stage="still writable"))  # fits in its page
    assert (await store.get(first.id)).stage == "still writable"  # type: ignore[union-attr]
    assert await store.integrity_ok()
    await store.close()
    assert _verdict(tmp_path / "jobs.sqlite3") == "ok"
