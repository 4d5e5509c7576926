"""What "more like this" and a server's votes do to a "shows like X" search.

More like this: the member presses it under one result R of "shows like Q"; the next search has
Q and R as positive examples. That is Qdrant's recommendation query with the average-vector
strategy (without negatives, the mean of the examples' vectors), computed here so that it runs
through the same fused query as every search (facets, shared-facts score, one entry per work):
each named vector is the normalised mean of Q's and R's, a MaxSim facet holds both works'
sentences (the store divides MaxSim by the query's vector count, so that is the mean of the two
MaxSim scores), and the shared-facts score counts the tags of either.

Votes: the answer is searched `CANDIDATES` deep and re-ranked by the server's votes
(`tools.narrative.feedback.rerank`, the re-rank that benchmarks/feedback.py measures), then cut
to the `k` asked for.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from core.ports.vectors import TAGS_KEY, AnyVector, StoredWork
from tools.narrative.feedback import Vote

__all__ = ["CANDIDATES", "mean_vector", "seeded_work", "with_verdicts"]

# How deep an answer is searched when the server has votes (what benchmarks/feedback.py
# re-ranks): a disliked result sinks below the k shown, and others move up from below.
CANDIDATES = 30


def seeded_work(query: StoredWork, seed: StoredWork) -> StoredWork:
    """The query show with `seed` as a second positive example: it keeps the query's identity
    (its id is left out of the answer, its payload explains the matches)."""
    mine, theirs = query.vectors or {}, seed.vectors or {}
    vectors: dict[str, AnyVector] = {}
    for name, vector in mine.items():
        other = theirs.get(name)
        if not other or not vector:
            vectors[name] = vector
        elif _is_multi(vector) and _is_multi(other):
            vectors[name] = [*_rows(vector), *_rows(other)]
        elif not _is_multi(vector) and not _is_multi(other) and len(vector) == len(other):
            vectors[name] = mean_vector([_row(vector), _row(other)])
        else:
            vectors[name] = vector
    tags = [*(query.payload.get(TAGS_KEY) or ()), *(seed.payload.get(TAGS_KEY) or ())]
    payload = {**query.payload, TAGS_KEY: list(dict.fromkeys(tags))}
    # replace(): whatever else a stored work carries is the query's own.
    return replace(query, payload=payload, vectors=vectors)


def mean_vector(vectors: Sequence[Sequence[float]]) -> list[float]:
    """The mean of unit vectors, normalised again (cosine ignores length, the engine does not
    always normalise a query)."""
    summed = [math.fsum(values) for values in zip(*vectors, strict=True)]
    norm = math.sqrt(math.fsum(v * v for v in summed))
    return [v / norm for v in summed] if norm else summed


def _is_multi(vector: AnyVector) -> bool:
    return bool(vector) and isinstance(vector[0], list)


def _rows(vector: AnyVector) -> list[list[float]]:
    return [list(row) for row in vector if isinstance(row, list)]


def _row(vector: AnyVector) -> list[float]:
    return [float(v) for v in vector if not isinstance(v, list)]


class Explained(Protocol):
    """What `with_verdicts` annotates: tools.narrative.similar.SimilarShow fits."""

    @property
    def id(self) -> str: ...

    @property
    def why(self) -> Mapping[str, Any]: ...


E = TypeVar("E", bound=Explained)


def with_verdicts(
    query_id: str, searched: Sequence[E], ranked: Sequence[Any], votes: Sequence[Vote]
) -> list[E]:
    """The re-ranked order with each result's searched score kept (a member reads how alike two
    shows are, not the ranking key the votes moved), and `why["votes"]`, the server's net vote on
    the pair, where it has one."""
    by_id = {s.id: s for s in searched}
    net = {v.result_id: v.net for v in votes if v.query_id == query_id}
    shown = [by_id[r.id] for r in ranked if r.id in by_id]
    return [
        replace(s, why={**s.why, "votes": net[s.id]}) if net.get(s.id) else s  # type: ignore[type-var]
        for s in shown
    ]
