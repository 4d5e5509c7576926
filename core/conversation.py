"""Per-thread context: the last few requests in a studio thread, so "make it darker", "now 6
scenes" or "again but landscape" can refer to the thread's last request.

Bounded (the newest `max_turns` per thread are kept) and persisted in SQLite under the data dir,
so a restart does not forget what a thread was about. Point reads and writes are short local I/O
and run inline, as the persistent cache does.

Bounded in size too: a turn keeps references and short values (a title, a prompt, options), never
a long text (a 60,000-character synopsis is not kept: the job that used it has it), and what
`recent` returns fits `max_tokens`. Every unsure message may send the thread's turns to Claude,
so a long text kept here would be paid for, and be a prompt-injection path, on every later one.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.clock import Clock, SystemClock
from core.errors import is_storage_full
from core.intent.schema import Intent
from core.logging import get_logger
from core.migrations import Step, migrate

__all__ = [
    "ACTIONABLE",
    "ConversationStore",
    "Turn",
    "compact_params",
    "last_request",
    "pending_turn",
]

log = get_logger(__name__)

# A parameter value longer than this is not kept (prompts are at most `limits.max_prompt_chars`,
# 1,000 by default, and stay; synopses and pasted texts go).
KEPT_VALUE_CHARS = 1000
# All of a turn's parameters together (a prompt, a negative prompt, a style and options fit).
KEPT_TURN_CHARS = 2600
# The member's own message, kept for "Edit" and for reading follow-ups.
KEPT_TEXT_CHARS = 500
# Turns kept in the whole file (every thread's together), and how often that is enforced.
MAX_ROWS = 200_000
PRUNE_EVERY = 500
# Rough characters per token for English and JSON (what the context budget is counted in).
_CHARS_PER_TOKEN = 4

# Intents whose parameters a follow-up can change.
ACTIONABLE = frozenset(
    {
        Intent.GENERATE_IMAGE,
        Intent.GENERATE_VIDEO,
        Intent.TRANSFORM_SHOW,
        Intent.ANALYZE_SHOW,
        Intent.SHOW_DNA,
        Intent.FIND_SIMILAR,
    }
)


@dataclass(frozen=True, slots=True)
class Turn:
    intent: Intent
    params: Mapping[str, Any] = field(default_factory=dict)
    # Required parameters still missing: the bot asked for them, the next message may answer.
    missing: tuple[str, ...] = ()
    text: str = ""
    at: float = 0.0


def last_request(turns: Sequence[Turn]) -> Turn | None:
    """The newest complete request a follow-up can refer to."""
    for turn in reversed(turns):
        if turn.intent in ACTIONABLE and not turn.missing:
            return turn
    return None


def pending_turn(turns: Sequence[Turn]) -> Turn | None:
    """The newest turn when it is a question the bot asked (required parameters missing)."""
    if turns and turns[-1].missing and turns[-1].intent in ACTIONABLE:
        return turns[-1]
    return None


def compact_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters a thread keeps: long values dropped, then the largest ones until the
    turn fits `KEPT_TURN_CHARS`; everything else as given."""
    kept = {
        name: value
        for name, value in params.items()
        if len(json.dumps(value, default=str)) <= KEPT_VALUE_CHARS + 2
    }
    while len(json.dumps(kept, default=str)) > KEPT_TURN_CHARS:
        del kept[max(kept, key=lambda name: len(json.dumps(kept[name], default=str)))]
    return kept


def _size_tokens(turn: Turn) -> int:
    chars = len(json.dumps(dict(turn.params), default=str)) + len(turn.text) + 40
    return chars // _CHARS_PER_TOKEN + 1


# Schema versions, oldest first (core.migrations): append a step, never edit a released one.
STEPS = (
    Step(
        "turns by thread (the schema before versions)",
        "CREATE TABLE IF NOT EXISTS turns (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " key TEXT NOT NULL, at REAL NOT NULL, intent TEXT NOT NULL, params TEXT NOT NULL,"
        " missing TEXT NOT NULL, text TEXT NOT NULL);"
        "CREATE INDEX IF NOT EXISTS turns_key ON turns (key, id);",
    ),
)


class ConversationStore:
    """`path=None` keeps the context in memory only (tests, `studio intent`)."""

    def __init__(
        self,
        path: Path | None,
        *,
        max_turns: int,
        max_tokens: int = 1000,
        max_rows: int = MAX_ROWS,
        clock: Clock | None = None,
    ) -> None:
        if max_turns < 1:
            raise ValueError("max_turns must be at least 1")
        self._max = max_turns
        self._max_tokens = max_tokens
        self._max_rows = max_rows
        self._writes = 0
        self._clock = clock or SystemClock()
        self._lock = threading.Lock()
        target = ":memory:"
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            target = str(path)
        self._db = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        if path is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        migrate(self._db, STEPS, store="conversations")

    def recent(self, key: str) -> list[Turn]:
        """The thread's newest turns that fit the token budget, oldest first."""
        kept: list[Turn] = []
        budget = self._max_tokens
        for turn in reversed(self._stored(key)):
            budget -= _size_tokens(turn)
            if budget < 0:
                break
            kept.append(turn)
        return kept[::-1]

    def _stored(self, key: str) -> list[Turn]:
        with self._lock:
            rows = self._db.execute(
                "SELECT intent, params, missing, text, at FROM turns WHERE key = ?"
                " ORDER BY id DESC LIMIT ?",
                (key, self._max),
            ).fetchall()
        return [
            Turn(
                intent=Intent(intent),
                params=json.loads(params),
                missing=tuple(json.loads(missing)),
                text=text,
                at=at,
            )
            for intent, params, missing, text, at in reversed(rows)
        ]

    def record(self, key: str, turn: Turn) -> None:
        at = turn.at or self._clock.time()
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.execute(
                    "INSERT INTO turns (key, at, intent, params, missing, text)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        key,
                        at,
                        turn.intent.value,
                        json.dumps(compact_params(turn.params), default=str),
                        json.dumps(list(turn.missing)),
                        turn.text[:KEPT_TEXT_CHARS],
                    ),
                )
                # Keep the thread bounded: drop all but its newest turns.
                self._db.execute(
                    "DELETE FROM turns WHERE key = ? AND id NOT IN"
                    " (SELECT id FROM turns WHERE key = ? ORDER BY id DESC LIMIT ?)",
                    (key, key, self._max),
                )
                # And the file: every thread ever seen adds turns, so the oldest go (ids
                # grow with time; one range delete every PRUNE_EVERY writes).
                self._writes += 1
                if self._writes % PRUNE_EVERY == 0:
                    self._db.execute(
                        "DELETE FROM turns WHERE id <= (SELECT MAX(id) FROM turns) - ?",
                        (self._max_rows,),
                    )
                self._db.execute("COMMIT")
            except BaseException as exc:
                # SQLite may have rolled back already (a full disk does): a second ROLLBACK
                # would raise and hide the real error.
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if not is_storage_full(exc):
                    raise
                # The thread's context is a convenience: a full disk must not fail the request.
                log.warning("conversation_not_saved", reason="storage_full", error=str(exc))

    def forget(self, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM turns WHERE key = ?", (key,))

    def close(self) -> None:
        with self._lock:
            self._db.close()
