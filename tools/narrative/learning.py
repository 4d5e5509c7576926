"""What "more like this" and a server's votes do to a "shows like X" search.

More like this: the member presses it under one result R of "shows like Q"; the next answer has
Q and R as positive examples, fused the way Qdrant's recommendation API does with its
sum-of-scores strategy: a show's score is its fused score as a neighbour of Q plus `SEED_WEIGHT`
times its score as a neighbour of R (`more_like`), over both answers searched `CANDIDATES` deep,
so each search keeps every signal of the usual fused query (facets, shared facts, one entry per
work). Weight 0.5 was chosen on the dev split of the fan-judgement set (benchmarks/feedback.py,
beside 1.0, 0.25 and the average-vector strategy, which lost more of the answer's precision for
Q there; that one is kept in the benchmark).

Votes: when they bear on it (`tools.narrative.feedback.moves`), the answer is searched
`CANDIDATES` deep and re-ranked by the server's votes
(`tools.narrative.feedback.rerank`, the re-rank that benchmarks/feedback.py measures), then cut
to the `k` asked for.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from tools.narrative.feedback import Vote

__all__ = [
    "CANDIDATES",
    "SEED_WEIGHT",
    "more_like",
    "sum_scores",
    "with_votes",
]

# How deep an answer is searched when the server has votes (what benchmarks/feedback.py
# re-ranks): a disliked result sinks below the k shown, and others move up from below.
CANDIDATES = 30
# How much the pressed result counts beside the show asked about (dev of the fan judgements).
SEED_WEIGHT = 0.5


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
