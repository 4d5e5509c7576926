"""What "more like this" and a server's votes do to a "shows like X" search.

Votes re-rank through Qdrant's recommendation (positive and negative examples, its sum_scores
strategy on the `VOTE_VECTOR` named vector; `vote_examples`), as terms of the fused search the
store runs (core.ports.vectors.Examples, tools.retrieval.examples):
- under the show asked about, a result the server disliked is left out (the server said no)
  and is a negative example, weighted `DISLIKE_WEIGHT`, so the shows most like it sink a little;
  a liked result is a positive example, weighted `LIKE_WEIGHT`: it and the shows like it rise;
- results disliked under a close show (one of this show's `NEAR` nearest) are negative examples
  here too, weighted `NEAR_WEIGHT`: telling the bot that Sherlock is not like Breaking Bad
  pushes Sherlock down for Ozark. A like does not carry over (on the dev split of the
  fan-judgement set it lowered hit@1: what fans accept as alike to one show is often not alike
  to its neighbour).
The vector and the weights were chosen on the dev split of the fan-judgement set
(benchmarks/feedback.py --tune); its test split reports them. Examples weighted 0.25 or more
under the show asked about lowered the precision of the results the member had not seen yet
(0.184 -> 0.16 at 0.25, 0.10 at 1.0 on dev): the voted results are all close to the show asked
about, so pushing hard away from (or towards) them drifts the answer away from that show. Each
result keeps its score, the similarity a member reads: the votes only order.

More like this: the member presses it under one result R of "shows like Q"; the next answer has
Q and R as positive examples, fused the way Qdrant's recommendation API does with its
sum-of-scores strategy: a show's score is its fused score as a neighbour of Q plus `SEED_WEIGHT`
times its score as a neighbour of R (`more_like`), over both answers searched `CANDIDATES` deep,
so each search keeps every signal of the usual fused query (facets, shared facts, one entry per
work). Weight 0.5 was chosen on the dev split of the fan-judgement set (benchmarks/feedback.py,
beside 1.0, 0.25 and the average-vector strategy, which lost more of the answer's precision for
Q there). R as a recommendation example of the store's own search (one vector, `Examples`) was
tried too: at weight 0.25 it kept a little more precision for Q (0.384 against 0.370 on dev)
but found fewer shows fans accept for both Q and R (0.184 against 0.203), what the button asks.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

from core.ports.vectors import Examples
from tools.narrative.feedback import Vote

__all__ = [
    "CANDIDATES",
    "DISLIKE_WEIGHT",
    "LIKE_WEIGHT",
    "NEAR",
    "NEAR_WEIGHT",
    "SEED_WEIGHT",
    "VOTE_VECTOR",
    "VotePlan",
    "more_like",
    "sum_scores",
    "vote_examples",
    "with_votes",
]

# How deep "more like this" searches each of its two answers before fusing them.
CANDIDATES = 30
# The named vector the vote examples compare on (tools.narrative.indexing.SIGNALS).
VOTE_VECTOR = "facts"
# Under the show asked about: a disliked result is left out (the server said no), a liked one
# is a positive example, and a disliked one a negative example for the shows near it.
LIKE_WEIGHT = 0.1
DISLIKE_WEIGHT = 0.05
# A dislike under a close show: neighbouring results are typically 0.01-0.05 apart.
NEAR_WEIGHT = 0.05
NEAR = 3  # how near the voted-on show must be: among the query's first three results
# How much the pressed result counts beside the show asked about (dev of the fan judgements).
SEED_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class VotePlan:
    """What a server's votes do to one search: recommendation examples, and the results it
    disliked under this very show, left out of the answer."""

    examples: tuple[Examples, ...] = ()
    leave_out: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.examples or self.leave_out)


def vote_examples(
    query_id: str,
    nearest: Sequence[str],
    votes: Sequence[Vote],
    *,
    using: str = VOTE_VECTOR,
    like_weight: float = LIKE_WEIGHT,
    dislike_weight: float = DISLIKE_WEIGHT,
    near_weight: float = NEAR_WEIGHT,
    near: int = NEAR,
) -> VotePlan:
    """What this server's votes do to a search for shows like `query_id` whose plain answer
    starts with `nearest`; empty (false) when no vote bears on it."""
    close = set(nearest[:near]) - {query_id}
    liked: set[str] = set()
    disliked: set[str] = set()
    disliked_near: set[str] = set()
    for vote in votes:
        if vote.result_id == query_id or not vote.net:
            continue
        if vote.query_id == query_id:
            (liked if vote.net > 0 else disliked).add(vote.result_id)
        elif vote.net < 0 and vote.query_id in close:
            disliked_near.add(vote.result_id)
    found = (
        Examples(using, like_weight, positive=tuple(sorted(liked))),
        Examples(using, dislike_weight, negative=tuple(sorted(disliked))),
        Examples(using, near_weight, negative=tuple(sorted(disliked_near - liked))),
    )
    return VotePlan(tuple(e for e in found if e.active), tuple(sorted(disliked)))


class Explained(Protocol):
    """What `with_votes` annotates: tools.narrative.similar.SimilarShow fits."""

    @property
    def id(self) -> str: ...

    @property
    def why(self) -> Mapping[str, Any]: ...


E = TypeVar("E", bound=Explained)


def with_votes(query_id: str, ranked: Sequence[E], votes: Sequence[Vote]) -> list[E]:
    """The results with `why["votes"]`, the server's net vote on the pair, where it has one."""
    net = {v.result_id: v.net for v in votes if v.query_id == query_id}
    return [
        replace(s, why={**s.why, "votes": net[s.id]}) if net.get(s.id) else s  # type: ignore[type-var]
        for s in ranked
    ]


S = TypeVar("S", bound="Scored")


class Scored(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def score(self) -> float: ...


def sum_scores(
    first: Sequence[S], second: Sequence[S], *, weight: float, leave_out: Collection[str]
) -> list[tuple[S, float]]:
    """Qdrant's sum-of-scores recommendation over two answers (each best first): each work with
    its score under the first example plus `weight` times its score under the second, best
    first. A work missing from one answer counts that answer's last score there (it ranked
    below it)."""
    floor = [answer[-1].score if answer else 0.0 for answer in (first, second)]
    mine = {s.id: s.score for s in first}
    theirs = {s.id: s.score for s in second}
    pool = {s.id: s for s in (*second, *first) if s.id not in leave_out}
    fused = [
        (shown, mine.get(work_id, floor[0]) + weight * theirs.get(work_id, floor[1]))
        for work_id, shown in pool.items()
    ]
    return sorted(fused, key=lambda pair: -pair[1])


def more_like(
    first: Sequence[S],
    second: Sequence[S],
    *,
    leave_out: Collection[str],
    weight: float = SEED_WEIGHT,
) -> list[S]:
    """`sum_scores` of the two answers, each result's score shown as the weighted mean of its
    scores under the two examples (what a member reads is still a similarity)."""
    return [
        replace(s, score=round(both / (1.0 + weight), 4))  # type: ignore[type-var]
        for s, both in sum_scores(first, second, weight=weight, leave_out=leave_out)
    ]
