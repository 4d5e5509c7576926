"""What a server's members said about "shows like X" answers: the votes, kept per server.

Each 👍/👎 is stored per server (tenant), per (query show, result show, member): a member's last
vote counts once. `votes` gives a server's standing votes, summed per pair; what they do to its
later answers (Qdrant's recommendation with liked and disliked shows as examples) is
tools.narrative.learning's.

A member may vote `VOTES_PER_MINUTE` times a minute in a server (a vote taken back counts too):
one member's script cannot re-rank a server's answers faster than its members can read them,
and the vote file's writes stay bounded; a member over it is told how long to wait.

The store also remembers each answer it was asked to (`remember`: the query show and the results,
under a short key that Discord's custom ids carry), so a 👍 pressed after a restart still knows
which pair it is about; answers older than `ANSWER_DAYS` are forgotten. It implements
`core.ports.feedback.ShowFeedback`.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.logging import get_logger
from core.migrations import Step, migrate
from core.ports.feedback import ShownAnswer, ShownShow, VoteReceipt, VoteTally, VoteValue
from core.ratelimit import RateLimiter
from core.result import ErrorCode, StepResult

__all__ = [
    "ANSWER_DAYS",
    "NEAR",
    "VOTES_PER_MINUTE",
    "VOTE_DAYS",
    "FeedbackStore",
    "Vote",
    "answer_key",
]

log = get_logger(__name__)

FILENAME = "show_feedback.sqlite3"
# A member votes at most this often in one server: about two answers' buttons a minute, every one.
VOTES_PER_MINUTE = 20
# How many of an answer's first results count as close to the show asked about when a member
# votes under it (tools.narrative.learning carries dislikes over to them).
NEAR = 3
# Votes can be pressed under an answer this long after it was given.
ANSWER_DAYS = 90
# A vote, and the close shows it carries over to, count this long after it was last cast; then
# they are forgotten. An age rather than a count per server: a count would let a busy server's
# new votes push out its own standing ones, and an idle server would keep whatever it held
# under the cap forever; an age leaves an idle server nothing after a year, and a member who
# votes again on a pair (or under an answer listing the same close shows) renews it. A year,
# because the ranking and the catalog change between releases: an old "not like" was said of an
# answer the server may no longer be given.
VOTE_DAYS = 365
_VOTE_SECONDS = VOTE_DAYS * 86400
_PRUNE_EVERY = 500  # answers remembered between two sweeps of the expired ones
_CACHED_TENANTS = 4096  # servers whose standing votes are kept in memory

STEPS = (
    Step(
        "votes on similar-show answers, one per member, query and result",
        "CREATE TABLE IF NOT EXISTS show_votes (tenant TEXT NOT NULL, query_id TEXT NOT NULL,"
        " result_id TEXT NOT NULL, user_id TEXT NOT NULL, vote INTEGER NOT NULL,"
        " at REAL NOT NULL, PRIMARY KEY (tenant, query_id, result_id, user_id));",
    ),
    Step(
        "answers shown, so a vote button names its pair by a short key",
        "CREATE TABLE IF NOT EXISTS shown_answers (tenant TEXT NOT NULL, answer_key TEXT NOT NULL,"
        " query_id TEXT, query_title TEXT NOT NULL, results TEXT NOT NULL, at REAL NOT NULL,"
        " PRIMARY KEY (tenant, answer_key));"
        "CREATE INDEX IF NOT EXISTS shown_answers_at ON shown_answers (at);",
    ),
    Step(
        "the first results of each answer voted under: the shows close to the one asked about",
        "CREATE TABLE IF NOT EXISTS voted_near (tenant TEXT NOT NULL, query_id TEXT NOT NULL,"
        " near_id TEXT NOT NULL, PRIMARY KEY (tenant, query_id, near_id));",
    ),
    Step(
        "votes and close shows expire VOTE_DAYS after they were last cast (rows kept from before"
        " count from the upgrade)",
        "ALTER TABLE voted_near ADD COLUMN at REAL NOT NULL DEFAULT 0;"
        "UPDATE voted_near SET at = CAST(strftime('%s', 'now') AS REAL);"
        "CREATE INDEX IF NOT EXISTS voted_near_at ON voted_near (at);"
        "CREATE INDEX IF NOT EXISTS show_votes_at ON show_votes (at);",
    ),
)


@dataclass(frozen=True, slots=True)
class Vote:
    """The net opinion of a server on one result for one query: members' votes summed."""

    query_id: str
    result_id: str
    net: int


@dataclass(frozen=True, slots=True)
class _Standing:
    votes: tuple[Vote, ...]
    near: dict[str, frozenset[str]]
    until: float  # when the oldest of them expires: read again from then


class FeedbackStore:
    """Votes and the answers they are pressed under, in SQLite under the data dir, per server.

    Calls run inline: each is one indexed row or a cached read, well under a millisecond with
    WAL and synchronous=NORMAL (a power cut may lose the last votes, never corrupt the file)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        now: Callable[[], float] = time.time,
        votes_per_minute: int = VOTES_PER_MINUTE,
    ) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self._now = now
        self._votes_per_minute = votes_per_minute
        self._pace = RateLimiter(per_minute=votes_per_minute, clock=_Clock(now))
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            data_dir / FILENAME, check_same_thread=False, isolation_level=None
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        migrate(self._db, STEPS, store="show feedback")
        self._standing: OrderedDict[str, _Standing] = OrderedDict()
        self._remembered = 0
        # Votes refused since start, per server: [too fast, invalid] (/admin stats shows them).
        self._refused: dict[str, list[int]] = {}
        self._forget_expired()

    # -- votes -------------------------------------------------------------------------------
    def vote(self, tenant: str, query_id: str, result_id: str, user_id: str, value: int) -> None:
        """A member's 👍 (+1) or 👎 (-1); 0 takes their vote back."""
        self._write_vote(tenant, query_id, result_id, user_id, value)

    def _write_vote(
        self, tenant: str, query_id: str, result_id: str, user_id: str, value: int
    ) -> int | None:
        """Stores the vote; returns the member's previous vote on the pair (None: none)."""
        if value not in (-1, 0, 1):
            raise ValueError("a vote is -1, 0 or +1")
        key = (tenant, query_id, result_id, user_id)
        where = "tenant=? AND query_id=? AND result_id=? AND user_id=?"
        with self._lock:
            row = self._db.execute(f"SELECT vote FROM show_votes WHERE {where}", key).fetchone()
            if value == 0:
                self._db.execute(f"DELETE FROM show_votes WHERE {where}", key)
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO show_votes VALUES (?, ?, ?, ?, ?, ?)",
                    (*key, value, self._now()),
                )
            self._standing.pop(tenant, None)
        return None if row is None else int(row[0])

    def votes(self, tenant: str) -> list[Vote]:
        """This server's standing votes, summed per (query, result); read on every search, so
        kept in memory until the server's next vote."""
        return list(self._read(tenant).votes)

    def near(self, tenant: str) -> dict[str, frozenset[str]]:
        """For each show voted under in this server, the first `NEAR` results of the answers
        the votes were cast under: the shows its dislikes carry over to."""
        return dict(self._read(tenant).near)

    def _read(self, tenant: str) -> _Standing:
        with self._lock:
            now = self._now()
            cached = self._standing.get(tenant)
            if cached is not None and now < cached.until:
                self._standing.move_to_end(tenant)
                return cached
            since = now - _VOTE_SECONDS
            rows = self._db.execute(
                "SELECT query_id, result_id, SUM(vote), MIN(at) FROM show_votes"
                " WHERE tenant=? AND at >= ? GROUP BY query_id, result_id",
                (tenant, since),
            ).fetchall()
            oldest = min((float(at) for *_, at in rows), default=now)
            close: dict[str, set[str]] = {}
            for query_id, near_id, at in self._db.execute(
                "SELECT query_id, near_id, at FROM voted_near WHERE tenant=? AND at >= ?",
                (tenant, since),
            ):
                close.setdefault(str(query_id), set()).add(str(near_id))
                oldest = min(oldest, float(at))
            standing = _Standing(
                tuple(Vote(str(q), str(r), int(n)) for q, r, n, _ in rows if n),
                {q: frozenset(ids) for q, ids in close.items()},
                until=oldest + _VOTE_SECONDS,
            )
            self._standing[tenant] = standing
            while len(self._standing) > _CACHED_TENANTS:
                self._standing.popitem(last=False)
        return standing

    # -- answers -----------------------------------------------------------------------------
    def remember(
        self,
        tenant: str,
        query_id: str | None,
        query_title: str,
        results: Sequence[tuple[str, str]],
    ) -> str:
        """Keeps an answer (results as (id, title), best first); returns its key. The same
        answer given again gets the same key, and its age starts over."""
        listed = [[work_id, title] for work_id, title in results]
        key = answer_key(tenant, query_id, listed)
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO shown_answers VALUES (?, ?, ?, ?, ?, ?)",
                (tenant, key, query_id, query_title, json.dumps(listed), self._now()),
            )
            self._remembered += 1
            sweep = self._remembered % _PRUNE_EVERY == 0
        if sweep:
            self._forget_expired()
        return key

    def try_remember(
        self,
        tenant: str,
        query_id: str | None,
        query_title: str,
        results: Sequence[tuple[str, str]],
    ) -> str | None:
        """`remember`, or None when the answer cannot be kept (a full disk): the answer is then
        shown without vote buttons rather than not at all."""
        try:
            return self.remember(tenant, query_id, query_title, results)
        except sqlite3.OperationalError as exc:
            log.warning("show_answer_not_kept", tenant=tenant, error=str(exc))
            return None

    def shown(self, tenant: str, key: str) -> ShownAnswer | None:
        with self._lock:
            row = self._db.execute(
                "SELECT query_id, query_title, results FROM shown_answers"
                " WHERE tenant=? AND answer_key=? AND at >= ?",
                (tenant, key, self._now() - ANSWER_DAYS * 86400),
            ).fetchone()
        if row is None:
            return None
        query_id, query_title, listed = row
        return ShownAnswer(
            key=key,
            query_id=None if query_id is None else str(query_id),
            query_title=str(query_title),
            results=tuple(ShownShow(str(i), str(t)) for i, t in json.loads(listed)),
        )

    def _forget_expired(self) -> None:
        """Answers past ANSWER_DAYS; votes and close shows past VOTE_DAYS (at start, then every
        `_PRUNE_EVERY` answers)."""
        now = self._now()
        with self._lock:
            self._db.execute("DELETE FROM shown_answers WHERE at < ?", (now - ANSWER_DAYS * 86400,))
            since = now - _VOTE_SECONDS
            gone = self._db.execute("DELETE FROM show_votes WHERE at < ?", (since,)).rowcount
            gone += self._db.execute("DELETE FROM voted_near WHERE at < ?", (since,)).rowcount
            if gone:  # (cached standings also expire by themselves: `_Standing.until`)
                self._standing.clear()

    # -- core.ports.feedback.ShowFeedback ----------------------------------------------------
    async def answer(self, tenant: str, key: str) -> ShownAnswer | None:
        return self.shown(tenant, key)

    async def vote_on(
        self, tenant: str, key: str, rank: int, user_id: str, value: VoteValue
    ) -> StepResult[VoteReceipt]:
        noted = self._vote_on(tenant, key, rank, user_id, value)
        if noted.error is not None:
            fast = noted.error.code is ErrorCode.RATE_LIMITED
            with self._lock:
                counts = self._refused.setdefault(tenant, [0, 0])
                counts[0 if fast else 1] += 1
        return noted

    def _vote_on(
        self, tenant: str, key: str, rank: int, user_id: str, value: VoteValue
    ) -> StepResult[VoteReceipt]:
        shown = self.shown(tenant, key)
        if shown is None:
            return StepResult.failure(
                ErrorCode.NOT_FOUND,
                f"That answer is too old to vote on (votes are taken for {ANSWER_DAYS} days). "
                "Ask /show similar again and vote under the new answer.",
            )
        if shown.query_id is None:
            return StepResult.failure(
                ErrorCode.INVALID_INPUT,
                "That answer was to a description, so there is no show to vote under. "
                "Ask /show similar with a title to vote on its results.",
            )
        if not 1 <= rank <= len(shown.results):
            return StepResult.failure(
                ErrorCode.INVALID_INPUT,
                f"That answer has results 1 to {len(shown.results)}; there is no result {rank}.",
            )
        wait = self._pace.check(f"{tenant}:{user_id}")
        if wait is not None:
            seconds = max(1, round(wait + 0.499))
            return StepResult.failure(
                ErrorCode.RATE_LIMITED,
                f"You are voting too fast (the limit is {self._votes_per_minute} votes a minute). "
                f"Try again in {seconds} s; your earlier votes are kept.",
                retry_after_s=float(seconds),
            )
        result = shown.results[rank - 1]
        now = self._now()
        near = [(tenant, shown.query_id, s.id, now) for s in shown.results[:NEAR]]
        with self._lock:  # a close show voted under again counts from now
            self._db.executemany("INSERT OR REPLACE INTO voted_near VALUES (?, ?, ?, ?)", near)
        previous = self._write_vote(tenant, shown.query_id, result.id, user_id, value)
        return StepResult.success(
            VoteReceipt(
                query_title=shown.query_title,
                result_title=result.title,
                value=value,
                previous=previous,
            )
        )

    async def tally(self, tenant: str) -> VoteTally:
        with self._lock:
            up, down = self._db.execute(
                "SELECT SUM(vote > 0), SUM(vote < 0) FROM show_votes WHERE tenant=? AND at >= ?",
                (tenant, self._now() - _VOTE_SECONDS),
            ).fetchone()
        too_fast, invalid = self._refused.get(tenant, (0, 0))
        return VoteTally(up=int(up or 0), down=int(down or 0), too_fast=too_fast, invalid=invalid)

    async def tally_all(self) -> VoteTally:
        with self._lock:
            up, down, servers = self._db.execute(
                "SELECT SUM(vote > 0), SUM(vote < 0), COUNT(DISTINCT tenant) FROM show_votes"
                " WHERE at >= ?",
                (self._now() - _VOTE_SECONDS,),
            ).fetchone()
            too_fast = sum(counts[0] for counts in self._refused.values())
            invalid = sum(counts[1] for counts in self._refused.values())
        return VoteTally(
            up=int(up or 0),
            down=int(down or 0),
            servers=int(servers or 0),
            too_fast=too_fast,
            invalid=invalid,
        )

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Clock:
    """The store's `now` as the rate limiter's clock (a test's clock moves both)."""

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now

    def time(self) -> float:
        return self._now()

    def monotonic(self) -> float:
        return self._now()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def answer_key(tenant: str, query_id: str | None, results: Sequence[Sequence[str]]) -> str:
    """13 characters of base32 (lowercase): short enough for a custom id with room to spare."""
    text = json.dumps([tenant, query_id, [r[0] for r in results]])
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return base64.b32encode(digest).decode().rstrip("=").lower()
