"""Fusion of facet rankings: weights over exact facet cosines, reciprocal-rank fusion, and the
bookkeeping that makes sure every candidate is scored on every queried facet."""

from __future__ import annotations

import pytest

from core.ports.vectors import FacetQuery
from tools.retrieval.fusion import RRF_K, Candidate, collect, fill, fuse, missing


def cand(work_id: str, scores: dict[str, float], ranks: dict[str, int] | None = None) -> Candidate:
    return Candidate("t", work_id, {"title": work_id, "year": 1}, dict(scores), dict(ranks or {}))


def query(**kw: object) -> FacetQuery:
    base: dict[str, object] = {
        "tenants": ("t",),
        "vectors": {"plot": [1.0, 0.0], "theme": [0.0, 1.0]},
        "weights": {"plot": 3.0, "theme": 1.0},
    }
    base.update(kw)
    return FacetQuery(**base)  # type: ignore[arg-type]


def test_weighted_fusion_is_the_weighted_mean_of_facet_cosines() -> None:
    hits = fuse(
        query(), [cand("a", {"plot": 1.0, "theme": 0.0}), cand("b", {"plot": 0.0, "theme": 1.0})]
    )
    assert [h.work_id for h in hits] == ["a", "b"]
    assert hits[0].score == pytest.approx(0.75)
    assert hits[0].facet_scores == {"plot": 1.0, "theme": 0.0}
    assert hits[1].score == pytest.approx(0.25)


def test_rrf_rewards_ranking_well_on_several_facets() -> None:
    both = cand("both", {"plot": 0.5, "theme": 0.5}, {"plot": 1, "theme": 1})
    one = cand("one", {"plot": 0.9, "theme": 0.1}, {"plot": 0})
    hits = fuse(query(weights={"plot": 1.0, "theme": 1.0}, fusion="rrf"), [one, both])
    assert hits[0].work_id == "both"
    assert hits[0].score == pytest.approx(2 * 0.5 / (RRF_K + 2), abs=1e-6)


def test_limit_and_payload_selection_apply() -> None:
    hits = fuse(
        query(limit=1, payload_keys=("title",)),
        [cand("a", {"plot": 0.9, "theme": 0.9}), cand("b", {"plot": 0.1, "theme": 0.1})],
    )
    assert len(hits) == 1 and hits[0].payload == {"title": "a"}


def test_candidates_found_through_one_facet_are_scored_on_the_others() -> None:
    candidates: dict[str, Candidate] = {}
    collect(
        candidates,
        "plot",
        [
            ("p1", 0.9, {"tenant": "t", "work_id": "w1"}),
            ("p2", 0.8, {"tenant": "t", "work_id": "w2"}),
        ],
    )
    collect(candidates, "theme", [("p2", 0.7, None), ("p3", 0.6, {"tenant": "t", "work_id": "w3"})])
    assert candidates["p2"].ranks == {"plot": 1, "theme": 0}
    assert missing(candidates, ("plot", "theme")) == {"plot": ["p3"], "theme": ["p1"]}
    fill(candidates, "plot", [("p3", 0.2)])
    fill(candidates, "theme", [("p1", 0.1), ("unknown", 0.5)])
    assert missing(candidates, ("plot", "theme")) == {}
    assert candidates["p1"].scores == {"plot": 0.9, "theme": 0.1}
    assert candidates["p3"].work_id == "w3"


def test_facets_without_weight_or_vector_do_not_count() -> None:
    q = query(
        vectors={"plot": [1.0, 0.0], "theme": []},
        weights={"plot": 1.0, "theme": 5.0, "character": 2.0},
    )
    assert q.active_facets() == ("plot",)
