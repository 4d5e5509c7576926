"""Multi-facet fusion, shared by both store adapters so they rank identically.

Each facet's nearest neighbours are fetched first; a candidate found through one facet is then
scored on the facets it was not found through (a second, id-restricted query per facet), so every
candidate has a true cosine on every queried facet: a work found through its theme still gets its
real plot score. No vectors travel back. Two fusions:
- "weighted": the weighted mean of the facet cosines (the default: scores stay comparable and
  explainable: "theme 0.71, plot 0.52");
- "rrf": weighted reciprocal-rank fusion over the per-facet rankings (robust when facet score
  scales differ, e.g. after a model change).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.ports.vectors import FacetQuery, SearchHit, WorkPoint

__all__ = ["RRF_K", "Candidate", "check_points", "collect", "fill", "fuse", "missing"]

RRF_K = 60


@dataclass(slots=True)
class Candidate:
    tenant: str
    work_id: str
    payload: Mapping[str, Any]
    scores: dict[str, float] = field(default_factory=dict)  # facet -> cosine similarity
    ranks: dict[str, int] = field(default_factory=dict)  # facet -> 0-based rank in its list


def collect(
    candidates: dict[str, Candidate],
    facet: str,
    found: Iterable[tuple[str, float, Mapping[str, Any] | None]],
) -> None:
    """Add one facet's ranked (point id, score, payload) list to the candidates."""
    for rank, (key, score, payload) in enumerate(found):
        cand = candidates.get(key)
        if cand is None:
            body = payload or {}
            cand = candidates[key] = Candidate(
                tenant=str(body.get("tenant", "")),
                work_id=str(body.get("work_id", "")),
                payload=body,
            )
        cand.scores[facet] = float(score)
        cand.ranks[facet] = rank


def missing(candidates: Mapping[str, Candidate], facets: Sequence[str]) -> dict[str, list[str]]:
    """Per facet, the candidates (point ids) that still need that facet's score."""
    gaps = {f: [k for k, c in candidates.items() if f not in c.scores] for f in facets}
    return {f: ids for f, ids in gaps.items() if ids}


def fill(
    candidates: Mapping[str, Candidate], facet: str, scored: Iterable[tuple[str, float]]
) -> None:
    for key, score in scored:
        if key in candidates:
            candidates[key].scores[facet] = float(score)


def fuse(query: FacetQuery, candidates: Iterable[Candidate]) -> list[SearchHit]:
    facets = query.active_facets()
    total = sum(query.weights[f] for f in facets)
    weights = {f: query.weights[f] / total for f in facets}
    hits: list[SearchHit] = []
    for cand in candidates:
        scores = {f: round(cand.scores[f], 6) for f in facets if f in cand.scores}
        if query.fusion == "rrf":
            fused = sum(weights[f] / (RRF_K + rank + 1) for f, rank in cand.ranks.items())
        else:
            fused = sum(weights[f] * scores.get(f, 0.0) for f in facets)
        payload = cand.payload
        if query.payload_keys is not None:
            payload = {k: v for k, v in payload.items() if k in query.payload_keys}
        hits.append(SearchHit(cand.tenant, cand.work_id, round(fused, 6), scores, payload))
    hits.sort(key=lambda h: (-h.score, h.tenant, h.work_id))
    return hits[: query.limit]


def check_points(points: Sequence[WorkPoint], facets: Sequence[str], dimension: int) -> None:
    """Every point carries every facet at the collection's size: a caller that breaks this has a
    bug, and writing it would leave a work that some searches can never find."""
    for point in points:
        missing = [f for f in facets if f not in point.vectors]
        extra = [f for f in point.vectors if f not in facets]
        if missing or extra:
            raise ValueError(
                f"work {point.work_id!r}: facets missing {missing}, unknown {extra}; "
                f"expected exactly {list(facets)}"
            )
        for facet, vector in point.vectors.items():
            if len(vector) != dimension:
                raise ValueError(
                    f"work {point.work_id!r}: {facet} vector has {len(vector)} dimensions, "
                    f"the collection stores {dimension}"
                )
        if not point.tenant or not point.work_id:
            raise ValueError("every point needs a tenant and a work id")
