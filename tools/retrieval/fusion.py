"""Multi-facet fusion, planned here once so both store adapters rank identically.

The store fuses: one query whose prefetches fetch the nearest neighbours on each named vector
(with the tenant filter), scored by a formula the engine evaluates (`$score[i]` is the cosine
from prefetch i; a work not found by prefetch i counts 0 there):

    score = sum_i w_i * $score[i] + w_tags * payload.tags_inv_norm * sum_t c_t * [t in tags]

A sparse (lexical) vector is one more prefetch and `$score[i]`: the dot product of the
query's and the work's word weights. The second term scores shared curated facts (format,
subgenres, tone, ...) as a cosine of weighted tags (tools.narrative.facts). "rrf" instead
fuses the prefetch rankings with the engine's weighted reciprocal-rank fusion (no tags).

After the engine: several copies of one work (a server's own copy and the shared catalog's, by
work id) are kept once, the copy of the tenant listed first winning; the per-facet
scores of the final hits (for the "why") come from one small id-restricted query per facet.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.ports.vectors import (
    TAGS,
    TAGS_INV_NORM_KEY,
    TAGS_KEY,
    AnyVector,
    FacetQuery,
    SearchHit,
    SparseVector,
    WorkPoint,
    point_id,
)
from tools.retrieval.common import tenant_order

__all__ = [
    "MAX_FETCH",
    "RRF_K",
    "FusionPlan",
    "check_points",
    "distinct",
    "drive",
    "drive_async",
    "finish",
    "is_multi",
    "plan",
    "query_vector",
    "shadowed",
    "tag_score",
    "to_hit",
]

RRF_K = 60
# How many results to ask for beyond `limit` when copies are folded, and the most asked for.
_SPARE = 8
MAX_FETCH = 1000


@dataclass(frozen=True, slots=True)
class FusionPlan:
    facets: tuple[str, ...]  # dense facets, then sparse ones, in prefetch order
    weights: Mapping[str, float]  # facet (and TAGS) -> weight, summing to 1
    tag_terms: tuple[tuple[str, float], ...]  # (tag, coefficient), empty when tags do not count
    prefetch: int  # nearest neighbours per facet
    # What turns a facet's raw engine score into a cosine: 1 / the query's vector count for a
    # MaxSim facet (the engine sums the best match of each query vector), else 1.
    scale: Mapping[str, float]
    # The single-vector facet whose nearest works are all a MaxSim facet scores (None: all).
    gate: str | None = None
    # Which of `facets` are sparse (lexical) vectors: queried with `FacetQuery.sparse`.
    sparse: frozenset[str] = frozenset()

    def multi(self, facet: str) -> bool:
        return self.scale[facet] != 1.0

    def is_sparse(self, facet: str) -> bool:
        return facet in self.sparse

    def coefficient(self, facet: str) -> float:
        """The facet's factor in the engine's formula."""
        return self.weights[facet] * self.scale[facet]

    def fetch(self, query: FacetQuery, attempt: int) -> int:
        """Results to ask the engine for: extra room when copies of one work are folded."""
        if not query.distinct:
            return query.limit
        wanted: int = (query.limit * 2 + _SPARE) * 4**attempt
        return min(MAX_FETCH, wanted)


def plan(query: FacetQuery) -> FusionPlan | None:
    """What the engine is asked; None when nothing is searched (no facet and no tags)."""
    lexical = query.active_sparse()
    facets = (*query.active_facets(), *lexical)
    raw = {f: query.weights[f] for f in facets}
    use_tags = query.fusion == "weighted" and query.tag_weight() > 0.0
    if use_tags:
        raw[TAGS] = query.tag_weight()
    total = sum(raw.values())
    if not facets or total <= 0.0:
        return None
    gate = query.multi_gate
    if gate is not None and (not query.vectors.get(gate) or is_multi(query.vectors[gate])):
        gate = None
    return FusionPlan(
        facets=facets,
        weights={k: v / total for k, v in raw.items()},
        tag_terms=tuple(sorted(query.tag_terms.items())) if use_tags else (),
        prefetch=max(query.candidates, query.limit),
        scale={
            f: 1.0 / len(query.vectors[f])
            if f not in lexical and is_multi(query.vectors[f])
            else 1.0
            for f in facets
        },
        gate=gate,
        sparse=frozenset(lexical),
    )


def query_vector(query: FacetQuery, fusion: FusionPlan, facet: str) -> AnyVector | SparseVector:
    """What the engine compares on this facet: the query's dense or sparse vector."""
    return query.sparse[facet] if fusion.is_sparse(facet) else query.vectors[facet]


def is_multi(vector: AnyVector) -> bool:
    """Several vectors (a MaxSim facet) rather than one."""
    return bool(vector) and isinstance(vector[0], list)


def tag_score(query: FacetQuery, payload: Mapping[str, Any]) -> float:
    """The shared-facts score of one work, as the engine's formula computes it."""
    tags = set(payload.get(TAGS_KEY) or ())
    inv = payload.get(TAGS_INV_NORM_KEY)
    if not tags or not isinstance(inv, int | float):
        return 0.0
    return float(inv) * sum(c for t, c in query.tag_terms.items() if t in tags)


def distinct(query: FacetQuery, hits: Sequence[SearchHit]) -> list[SearchHit]:
    """One hit per work (copies share the work id: a server's copy of a catalog show), the
    listed-first tenant's copy winning, best score first. Two works that merely share a title
    (a remake) stay apart."""
    if not query.distinct:
        return list(hits)[: query.limit]
    order = tenant_order(query.tenants)
    # The winner of each group: the tenant listed first, then the best score.
    preferred = sorted(hits, key=lambda h: (order.get(h.tenant, len(order)), -h.score))
    seen: set[str] = set()
    kept: list[SearchHit] = []
    for hit in preferred:
        if hit.work_id in seen:
            continue
        seen.add(hit.work_id)
        kept.append(hit)
    kept.sort(key=lambda h: (-h.score, h.tenant, h.work_id))
    return kept[: query.limit]


def shadowed(query: FacetQuery, hits: Sequence[SearchHit]) -> list[str]:
    """Point ids of copies that would win over a kept hit but were not fetched (a server's copy
    of a catalog show that ranked below the fetch): the adapters score them and fold again."""
    if not query.distinct:
        return []
    order = list(dict.fromkeys(query.tenants))
    have = {(h.tenant, h.work_id) for h in hits}
    out = []
    for hit in hits:
        for tenant in order[: order.index(hit.tenant)] if hit.tenant in order else ():
            if (tenant, hit.work_id) not in have:
                out.append(point_id(tenant, hit.work_id))
    return out


def to_hit(
    query: FacetQuery,
    score: float,
    payload: Mapping[str, Any] | None,
    facet_scores: Mapping[str, float] | None = None,
) -> SearchHit:
    body = payload or {}
    return SearchHit(
        tenant=str(body.get("tenant", "")),
        work_id=str(body.get("work_id", "")),
        score=round(float(score), 6),
        facet_scores=dict(facet_scores or {}),
        payload=body,
    )


def finish(
    query: FacetQuery,
    fusion: FusionPlan,
    hits: Sequence[SearchHit],
    scored: Mapping[str, Iterable[tuple[str, float]]],
) -> list[SearchHit]:
    """The final hits with their per-facet cosines (`scored`: facet -> (point id, cosine)) and
    tag score, payload cut to what the caller asked for."""
    # A work that shares no word with the query is not found on a sparse facet: it scores 0.
    none_shared = dict.fromkeys(sorted(fusion.sparse), 0.0)
    by_key = {point_id(h.tenant, h.work_id): {**none_shared, **h.facet_scores} for h in hits}
    for facet, rows in scored.items():
        for key, cosine in rows:
            if key in by_key:
                by_key[key][facet] = round(float(cosine) * fusion.scale[facet], 6)
    out: list[SearchHit] = []
    for hit in hits:
        scores = by_key[point_id(hit.tenant, hit.work_id)]
        if fusion.tag_terms:
            scores[TAGS] = round(tag_score(query, hit.payload), 6)
        payload = hit.payload
        if query.payload_keys is not None:
            payload = {k: v for k, v in payload.items() if k in query.payload_keys}
        out.append(SearchHit(hit.tenant, hit.work_id, hit.score, scores, payload))
    return out


Ask = Callable[[Sequence[str] | None, int], list[SearchHit]]
Score = Callable[[Sequence[str]], Mapping[str, Iterable[tuple[str, float]]]]
AskAsync = Callable[[Sequence[str] | None, int], Awaitable[list[SearchHit]]]
ScoreAsync = Callable[[Sequence[str]], Awaitable[Mapping[str, Iterable[tuple[str, float]]]]]


def drive(query: FacetQuery, fusion: FusionPlan, ask: Ask, score: Score) -> list[SearchHit]:
    """The search, given `ask(point ids or None, limit)` (the engine's fused query, restricted
    to those points when given) and `score(point ids)` (each facet's cosine of those points)."""
    attempt = 0
    while True:
        fetch = fusion.fetch(query, attempt)
        found = ask(None, fetch)
        hits = distinct(query, found)
        if len(hits) >= query.limit or len(found) < fetch or fetch >= MAX_FETCH:
            break
        attempt += 1
    asked: set[str] = set()
    # Each round may surface another work a server has its own copy of.
    while copies := [c for c in shadowed(query, hits) if c not in asked]:
        asked.update(copies)
        found += ask(copies, len(copies))
        hits = distinct(query, found)
    ids = [point_id(h.tenant, h.work_id) for h in hits]
    return finish(query, fusion, hits, score(ids) if ids else {})


async def drive_async(
    query: FacetQuery, fusion: FusionPlan, ask: AskAsync, score: ScoreAsync
) -> list[SearchHit]:
    """`drive` for an engine reached asynchronously (qdrant-client)."""
    attempt = 0
    while True:
        fetch = fusion.fetch(query, attempt)
        found = await ask(None, fetch)
        hits = distinct(query, found)
        if len(hits) >= query.limit or len(found) < fetch or fetch >= MAX_FETCH:
            break
        attempt += 1
    asked: set[str] = set()
    while copies := [c for c in shadowed(query, hits) if c not in asked]:
        asked.update(copies)
        found += await ask(copies, len(copies))
        hits = distinct(query, found)
    ids = [point_id(h.tenant, h.work_id) for h in hits]
    return finish(query, fusion, hits, await score(ids) if ids else {})


def check_points(
    points: Sequence[WorkPoint], facets: Sequence[str], dimension: int, sparse: Sequence[str] = ()
) -> None:
    """Every point carries every facet at the collection's size (and every sparse vector): a
    caller that breaks this has a bug, and writing it would leave a work that some searches can
    never find."""
    for point in points:
        if sorted(point.sparse) != sorted(sparse):
            raise ValueError(
                f"work {point.work_id!r}: sparse vectors {sorted(point.sparse)}, "
                f"expected exactly {sorted(sparse)}"
            )
        missing = [f for f in facets if f not in point.vectors]
        extra = [f for f in point.vectors if f not in facets]
        if missing or extra:
            raise ValueError(
                f"work {point.work_id!r}: facets missing {missing}, unknown {extra}; "
                f"expected exactly {list(facets)}"
            )
        for facet, vector in point.vectors.items():
            rows = vector if is_multi(vector) else [vector]
            for row in rows:
                if len(row) != dimension:  # type: ignore[arg-type]
                    raise ValueError(
                        f"work {point.work_id!r}: {facet} vector has {len(row)} dimensions, "  # type: ignore[arg-type]
                        f"the collection stores {dimension}"
                    )
        if not point.tenant or not point.work_id:
            raise ValueError("every point needs a tenant and a work id")
