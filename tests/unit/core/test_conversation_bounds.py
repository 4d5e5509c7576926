"""A thread's context is bounded by size, not only by count: long texts are never stored, and
what the next message is read with fits the token budget."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core.clock import FakeClock
from core.conversation import ConversationStore, Turn
from core.intent.schema import Intent


def test_a_long_text_is_not_stored_but_the_request_it_came_with_is(tmp_path: Path) -> None:
    path = tmp_path / "conv.sqlite3"
    store = ConversationStore(path, max_turns=8, clock=FakeClock())
    synopsis = "the keeper climbs the stair " * 3000
    store.record("g1:t1", Turn(Intent.ANALYZE_SHOW, {"title": "Lighthouse", "text": synopsis}))
    (turn,) = store.recent("g1:t1")
    assert turn.params == {"title": "Lighthouse"}
    store.close()
    with sqlite3.connect(path) as db:
        stored = sum(
            len(row[0]) + len(row[1]) for row in db.execute("SELECT params, text FROM turns")
        )
    assert stored < 200


def test_the_context_read_with_the_next_message_fits_the_token_budget(tmp_path: Path) -> None:
    store = ConversationStore(None, max_turns=50, max_tokens=1000, clock=FakeClock())
    for i in range(50):
        prompt = f"{i:02d} " + "a lighthouse in a storm, oil painting, " * 24  # ~900 characters
        store.record("g1:t1", Turn(Intent.GENERATE_IMAGE, {"prompt": prompt}, text=prompt))
    turns = store.recent("g1:t1")
    assert 1 <= len(turns) < 5
    assert sum(len(str(t.params)) + len(t.text) for t in turns) <= 4000
    assert turns[-1].params["prompt"].startswith("49 ")  # the newest are the ones kept


def test_the_file_keeps_only_the_newest_turns_of_all_threads(tmp_path: Path) -> None:
    path = tmp_path / "conv.sqlite3"
    store = ConversationStore(path, max_turns=8, max_rows=300, clock=FakeClock())
    for i in range(2000):  # 2,000 threads, one request each
        store.record(f"g1:t{i}", Turn(Intent.GENERATE_IMAGE, {"prompt": f"fox {i}"}))
    assert store.recent("g1:t1999") and not store.recent("g1:t0")
    store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM turns").fetchone()[0] <= 300 + 500
