"""Recommendation by examples (`core.ports.vectors.Examples`), planned once for both adapters.

Each active `Examples` is one more prefetch of the fused query: Qdrant's recommendation with the
sum_scores strategy on its named vector, re-scoring the union of the facet prefetches (nested
under it), so every candidate gets its recommendation score (a candidate missing from a
prefetch would count 0 there, more than a disliked show's negative score), and one more term
of the engine's formula: `weight * $score[i]`.

Both engines take the examples as raw vectors, read from the store first (one retrieve):
- qdrant-edge's `RecommendQuery` takes vectors only (no point ids, no lookup);
- the server (and qdrant-client's local mode) leaves any example given by point id out of the
  answer, which would hide a show a member liked instead of raising it.
qdrant-edge offers the sum_scores and best_score strategies, not average_vector; sum_scores is
the one both adapters use, so both rank identically (tests/unit/tools/retrieval).

The examples only order: each hit's score stays the facets' fused similarity (`similarity`),
what a member reads beside a result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from core.ports.vectors import TAGS, FacetQuery, SearchHit, point_id
from tools.retrieval.fusion import FusionPlan, is_multi

__all__ = ["ResolvedExamples", "example_limit", "example_points", "resolve", "similarity"]


@dataclass(frozen=True, slots=True)
class ResolvedExamples:
    """An `Examples` with the vectors its works hold on `using`."""

    using: str
    weight: float
    positive: tuple[list[float], ...]
    negative: tuple[list[float], ...]


def example_points(query: FacetQuery) -> tuple[list[str], list[str]]:
    """The point ids to read (each example work in each of the query's tenants) and the named
    vectors to read of them; both empty when no examples count."""
    active = [e for e in query.examples if e.active]
    ids = {
        point_id(tenant, work_id): None
        for e in active
        for work_id in (*e.positive, *e.negative)
        for tenant in query.tenants
    }
    return list(ids), list(dict.fromkeys(e.using for e in active))


def resolve(
    query: FacetQuery, vectors: Mapping[str, Mapping[str, Any]]
) -> tuple[ResolvedExamples, ...]:
    """The active examples with their vectors (`vectors`: point id -> named vectors read), each
    work read from the first tenant that has it; an `Examples` none of whose works is found
    counts no more."""
    out = []
    for examples in query.examples:
        if not examples.active:
            continue
        positive = _vectors(query, examples.positive, examples.using, vectors)
        negative = _vectors(query, examples.negative, examples.using, vectors)
        if positive or negative:
            out.append(ResolvedExamples(examples.using, examples.weight, positive, negative))
    return tuple(out)


def example_limit(fusion: FusionPlan) -> int:
    """How many works a recommendation prefetch keeps: all that the facet prefetches found."""
    return fusion.prefetch * max(1, len(fusion.facets))


def similarity(
    query: FacetQuery, fusion: FusionPlan, hits: list[SearchHit], examples: Sequence[object]
) -> list[SearchHit]:
    """The hits in the engine's order, each scored by the weighted formula without the
    examples' terms (from the per-facet cosines `finish` gave them); as they are without
    examples or under rank fusion."""
    if not examples or query.fusion != "weighted":
        return hits
    out = []
    for hit in hits:
        shared = fusion.weights.get(TAGS, 0.0) * hit.facet_scores.get(TAGS, 0.0)
        facets = sum(fusion.weights[f] * hit.facet_scores.get(f, 0.0) for f in fusion.facets)
        out.append(replace(hit, score=round(facets + shared, 6)))
    return out


def _vectors(
    query: FacetQuery,
    work_ids: Iterable[str],
    using: str,
    found: Mapping[str, Mapping[str, Any]],
) -> tuple[list[float], ...]:
    out = []
    for work_id in work_ids:  # a work listed twice counts twice (the sum has it twice)
        for tenant in dict.fromkeys(query.tenants):
            vector = (found.get(point_id(tenant, work_id)) or {}).get(using)
            if vector is None:
                continue
            if is_multi(vector) or not isinstance(vector, list | tuple):
                raise ValueError(
                    f"examples compare on a single dense vector; {using!r} is not one "
                    "(use synopsis or facts)"
                )
            out.append([float(v) for v in vector])
            break
    return tuple(out)
