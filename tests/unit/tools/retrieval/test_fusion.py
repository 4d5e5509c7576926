"""What both adapters ask the engine (the fusion plan), and what they do with its answer: copies
of one work folded into one hit (the server's own copy winning), the shared-facts score."""

from __future__ import annotations

import pytest

from core.ports.vectors import TAGS, FacetQuery, SearchHit
from tools.retrieval.fusion import MAX_FETCH, distinct, plan, tag_score


def query(**kw: object) -> FacetQuery:
    base: dict[str, object] = {
        "tenants": ("guild", "global"),
        "vectors": {"plot": [1.0, 0.0], "theme": [0.0, 1.0]},
        "weights": {"plot": 3.0, "theme": 1.0},
    }
    base.update(kw)
    return FacetQuery(**base)  # type: ignore[arg-type]


def hit(tenant: str, work_id: str, score: float) -> SearchHit:
    return SearchHit(tenant, work_id, score, {}, {"tenant": tenant, "work_id": work_id})


def test_weights_are_normalised_and_tags_join_only_with_terms() -> None:
    fusion = plan(query(weights={"plot": 3.0, "theme": 1.0, TAGS: 4.0}))
    assert fusion is not None and fusion.tag_terms == ()
    assert fusion.weights == pytest.approx({"plot": 0.75, "theme": 0.25})
    tagged = plan(query(weights={"plot": 3.0, "theme": 1.0, TAGS: 4.0}, tag_terms={"tone:dark": 1}))
    assert tagged is not None and tagged.tag_terms == (("tone:dark", 1),)
    assert tagged.weights == pytest.approx({"plot": 0.375, "theme": 0.125, TAGS: 0.5})


def test_facets_without_weight_or_vector_do_not_count() -> None:
    fusion = plan(query(vectors={"plot": [1.0, 0.0], "theme": []}, weights={"plot": 1, "x": 1}))
    assert fusion is not None and fusion.facets == ("plot",)
    assert plan(query(weights={"plot": 0.0, "theme": 0.0})) is None


def test_copies_of_one_work_count_once_and_the_servers_own_copy_wins() -> None:
    hits = [
        hit("global", "luther", 0.9),
        hit("guild", "luther", 0.8),
        hit("global", "lupin", 0.7),
        hit("global", "sherlock", 0.6),
    ]
    kept = distinct(query(limit=3), hits)
    assert [(h.tenant, h.work_id) for h in kept] == [
        ("guild", "luther"),
        ("global", "lupin"),
        ("global", "sherlock"),
    ]


def test_asking_for_more_when_copies_are_folded_is_bounded() -> None:
    fusion = plan(query(limit=5))
    assert fusion is not None
    assert fusion.fetch(query(limit=5), 0) > 5
    assert fusion.fetch(query(limit=5), 9) == MAX_FETCH
    assert fusion.fetch(query(limit=5, distinct=False), 0) == 5


def test_the_tag_score_is_the_cosine_the_engine_computes() -> None:
    q = query(tag_terms={"tone:dark": 0.6, "format:sitcom": 0.8})
    payload = {"tags": ["tone:dark", "themes:family"], "tags_inv_norm": 0.5}
    assert tag_score(q, payload) == pytest.approx(0.3)
    assert tag_score(q, {"tags": []}) == 0.0
