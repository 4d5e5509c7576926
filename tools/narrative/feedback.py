"""What a server's members said about "shows like X" answers, and how it re-ranks the next ones.

Each 👍/👎 is stored per server (tenant), per (query show, result show, member): a member's last
vote counts once. `rerank` moves that server's later answers:
- asked again for shows like the same show, a liked result rises and a disliked one sinks;
- asked for shows like a close show (the voted-on query is among its `NEAR` nearest), a result
  disliked there sinks here too: telling the bot that Sherlock is not like Breaking Bad pushes
  Sherlock down for Ozark, whose nearest show is Breaking Bad.
A like does not carry over to another query: measured on the dev split of the fan-judgement set
(benchmarks/feedback.py), carrying likes over lowered hit@1 (what fans accept as alike to one
show is often not alike to its neighbour), carrying dislikes over to close shows raised it
slightly and harmed none. The weights below were chosen there; the test split reports them.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, TypeVar

from core.migrations import Step, migrate

__all__ = ["FEEDBACK_WEIGHT", "NEAR", "FeedbackStore", "Ranked", "Vote", "rerank"]

FILENAME = "show_feedback.sqlite3"
# A net dislike under a close show's answer moves a result this much (scores are cosine-like:
# neighbouring results are typically 0.01-0.05 apart).
FEEDBACK_WEIGHT = 0.05
NEAR = 3  # how near the voted-on show must be: among the query's first three candidates
# Under the same query a member's verdict is the answer: it outweighs any score difference.
SAME_QUERY_WEIGHT = 1.0

STEPS = (
    Step(
        "votes on similar-show answers, one per member, query and result",
        "CREATE TABLE IF NOT EXISTS show_votes (tenant TEXT NOT NULL, query_id TEXT NOT NULL,"
        " result_id TEXT NOT NULL, user_id TEXT NOT NULL, vote INTEGER NOT NULL,"
        " at REAL NOT NULL, PRIMARY KEY (tenant, query_id, result_id, user_id));",
    ),
)


@dataclass(frozen=True, slots=True)
class Vote:
    """The net opinion of a server on one result for one query: members' votes summed."""

    query_id: str
    result_id: str
    net: int


class Ranked(Protocol):
    """What `rerank` reorders: tools.narrative.similar.SimilarShow fits."""

    @property
    def id(self) -> str: ...

    @property
    def score(self) -> float: ...


R = TypeVar("R", bound=Ranked)


def rerank(
    query_id: str,
    results: Sequence[R],
    votes: Sequence[Vote],
    *,
    k: int,
    weight: float = FEEDBACK_WEIGHT,
    near: int = NEAR,
) -> list[R]:
    """The best `k` of `results` (candidates, best first) once this server's votes count: a
    vote under this query adds `SAME_QUERY_WEIGHT` * net votes to its result's score; a net
    dislike under one of this query's `near` nearest candidates subtracts `weight` * net."""
    nearest = {r.id for r in results[:near]}
    shift: dict[str, float] = defaultdict(float)
    for vote in votes:
        if vote.result_id == query_id:
            continue
        if vote.query_id == query_id:
            shift[vote.result_id] += SAME_QUERY_WEIGHT * vote.net
        elif vote.net < 0 and vote.query_id in nearest:
            shift[vote.result_id] += weight * vote.net
    if not shift:
        return list(results[:k])
    order = sorted(
        range(len(results)), key=lambda i: (-(results[i].score + shift.get(results[i].id, 0.0)), i)
    )
    return [_rescored(results[i], shift.get(results[i].id, 0.0)) for i in order[:k]]


def _rescored(result: R, shift: float) -> R:
    if not shift:
        return result
    try:
        return replace(result, score=round(result.score + shift, 4))  # type: ignore[type-var]
    except TypeError:  # not a dataclass: its order changed, its score is left as it was
        return result


class FeedbackStore:
    """Votes in SQLite under the data dir, read back per server."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            data_dir / FILENAME, check_same_thread=False, isolation_level=None
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        migrate(self._db, STEPS, store="show feedback")

    def vote(self, tenant: str, query_id: str, result_id: str, user_id: str, value: int) -> None:
        """A member's 👍 (+1) or 👎 (-1); 0 takes their vote back."""
        if value not in (-1, 0, 1):
            raise ValueError("a vote is -1, 0 or +1")
        with self._lock:
            if value == 0:
                self._db.execute(
                    "DELETE FROM show_votes WHERE tenant=? AND query_id=? AND result_id=?"
                    " AND user_id=?",
                    (tenant, query_id, result_id, user_id),
                )
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO show_votes VALUES (?, ?, ?, ?, ?, ?)",
                    (tenant, query_id, result_id, user_id, value, time.time()),
                )

    def votes(self, tenant: str) -> list[Vote]:
        with self._lock:
            rows = self._db.execute(
                "SELECT query_id, result_id, SUM(vote) FROM show_votes WHERE tenant=?"
                " GROUP BY query_id, result_id HAVING SUM(vote) != 0",
                (tenant,),
            ).fetchall()
        return [Vote(str(q), str(r), int(n)) for q, r, n in rows]

    def counts(self) -> Mapping[str, tuple[int, int]]:
        """Per server: (👍 votes, 👎 votes) standing now, for /admin stats."""
        with self._lock:
            rows = self._db.execute(
                "SELECT tenant, SUM(vote > 0), SUM(vote < 0) FROM show_votes GROUP BY tenant"
            ).fetchall()
        return {str(t): (int(up or 0), int(down or 0)) for t, up, down in rows}

    def close(self) -> None:
        with self._lock:
            self._db.close()
