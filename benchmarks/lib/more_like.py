"""The reference "more like this" of benchmarks/feedback.py: the query show with the pressed
result as a second positive example by Qdrant's average-vector strategy."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from core.ports.vectors import TAGS_KEY, AnyVector, StoredWork
from tools.retrieval.fusion import is_multi

__all__ = ["mean_vector", "seeded_work"]


def seeded_work(query: StoredWork, seed: StoredWork) -> StoredWork:
    """The query show with `seed` as a second positive example by Qdrant's average-vector
    strategy (each named vector the normalised mean of both, a MaxSim facet both works'
    sentences, the tags of either): the reference `more_like` is measured against."""
    mine, theirs = query.vectors or {}, seed.vectors or {}
    vectors: dict[str, AnyVector] = {}
    for name, vector in mine.items():
        other = theirs.get(name)
        if not other or not vector:
            vectors[name] = vector
        elif is_multi(vector) and is_multi(other):
            vectors[name] = [*_rows(vector), *_rows(other)]
        elif not is_multi(vector) and not is_multi(other) and len(vector) == len(other):
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


def _rows(vector: AnyVector) -> list[list[float]]:
    return [list(row) for row in vector if isinstance(row, list)]


def _row(vector: AnyVector) -> list[float]:
    return [float(v) for v in vector if not isinstance(v, list)]
