"""What a server's members say about "shows like X" answers (👍 / 👎 / more like this).

Every answer the similar-shows tool gives is remembered under a short key (its custom ids carry
that key and a rank, never state), so a vote pressed days later, after a restart, still names the
show it was pressed under. Implemented by `tools.narrative.feedback.FeedbackStore` (SQLite under
the data dir); the frontends reach it through `Services.feedback`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

from core.result import StepResult

__all__ = ["ShowFeedback", "ShownAnswer", "ShownShow", "VoteReceipt", "VoteTally", "VoteValue"]

# 👍 is +1, 👎 is -1; 0 takes a member's vote back.
VoteValue = Literal[-1, 0, 1]


@dataclass(frozen=True, slots=True)
class ShownShow:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class ShownAnswer:
    """One answer as a server saw it: the show asked about and the results, best first."""

    key: str
    # None when the answer was to a described story: there is no show to vote under.
    query_id: str | None
    query_title: str
    results: tuple[ShownShow, ...]

    @property
    def votable(self) -> bool:
        return self.query_id is not None

    def more_like(self, rank: int) -> dict[str, Any] | None:
        """The find_similar options of "more like this" under the `rank`-th result (from 1):
        the show asked about with that result as a second example; None past the last result.
        An answer to a described story has no show to keep: shows like the result, then."""
        if not 1 <= rank <= len(self.results):
            return None
        seed = self.results[rank - 1].title
        options: dict[str, Any] = (
            {"title": self.query_title, "like": seed} if self.votable else {"title": seed}
        )
        return {**options, "k": len(self.results)}


@dataclass(frozen=True, slots=True)
class VoteReceipt:
    query_title: str
    result_title: str
    value: VoteValue
    # The member's vote on this pair before (None: their first); a second vote replaces it.
    previous: int | None


@dataclass(frozen=True, slots=True)
class VoteTally:
    """The votes standing in one server (or in every server: `servers` is then how many hold
    any): each member's latest on each pair counts once."""

    up: int = 0
    down: int = 0
    servers: int = 0
    # Votes refused since the bot started: a member voting faster than the limit, and votes
    # under an answer too old, to a description, or with no such result.
    too_fast: int = 0
    invalid: int = 0

    @property
    def total(self) -> int:
        return self.up + self.down


class ShowFeedback(Protocol):
    async def answer(self, tenant: str, key: str) -> ShownAnswer | None:
        """The answer shown under `key` in this server; None when unknown here or too old."""
        ...

    async def vote_on(
        self, tenant: str, key: str, rank: int, user_id: str, value: VoteValue
    ) -> StepResult[VoteReceipt]:
        """A member's vote on the `rank`-th result (1-based) of an answer. NOT_FOUND when the
        answer is unknown here or too old; INVALID_INPUT for an answer to a description or a
        rank it does not have."""
        ...

    async def tally(self, tenant: str) -> VoteTally: ...

    async def tally_all(self) -> VoteTally:
        """Every server's standing votes together (the bot operator's /admin stats)."""
        ...
