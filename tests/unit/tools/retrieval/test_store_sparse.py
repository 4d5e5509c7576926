"""A sparse (lexical) named vector on both adapters: fused by the engine with the dense cosines,
reported per hit, required on every point, and part of what a collection is checked against."""

from __future__ import annotations

import dataclasses
import math

import pytest

from core.ports.vectors import CollectionSpec, FacetQuery, SparseVector, VectorStore, WorkPoint
from core.result import ErrorCode
from tests.unit.tools.retrieval.conftest import DIM, StoreFactory, spec


def unit(*values: float) -> list[float]:
    padded = [*values, *([0.0] * (DIM - len(values)))]
    norm = math.sqrt(sum(v * v for v in padded))
    return [v / norm for v in padded]


def words(*pairs: tuple[int, float]) -> SparseVector:
    norm = math.sqrt(sum(v * v for _, v in pairs))
    return SparseVector(tuple(i for i, _ in pairs), tuple(v / norm for _, v in pairs))


def lexical() -> CollectionSpec:
    return dataclasses.replace(spec(), sparse=("words",))


def story(work_id: str, plot: list[float], text: SparseVector) -> WorkPoint:
    vectors = {"plot": plot, "theme": plot}
    return WorkPoint("global", work_id, vectors, {"title": work_id.title()}, {"words": text})


@pytest.fixture
async def lexical_store(factory: StoreFactory) -> VectorStore:
    made = factory(lexical())
    (await made.open()).unwrap()
    return made


async def test_shared_rare_words_lift_a_retelling_the_dense_vector_ranks_lower(
    lexical_store: VectorStore,
) -> None:
    # "cady" (7) and "bowden" (9) are the names a remake keeps; 1 is a common word.
    near = story("thriller", unit(1, 0.1), words((1, 1.0), (3, 1.0)))
    remake = story("remake", unit(1, 0.5), words((7, 1.0), (9, 1.0), (1, 0.2)))
    (await lexical_store.upsert([near, remake])).unwrap()
    text = words((7, 1.0), (9, 1.0))
    dense_only = FacetQuery(
        tenants=("global",), vectors={"plot": unit(1, 0)}, weights={"plot": 1.0}
    )
    assert [h.work_id for h in (await lexical_store.search(dense_only)).unwrap()] == [
        "thriller",
        "remake",
    ]
    fused = FacetQuery(
        tenants=("global",),
        vectors={"plot": unit(1, 0)},
        weights={"plot": 0.5, "words": 0.5},
        sparse={"words": text},
    )
    hits = (await lexical_store.search(fused)).unwrap()
    assert [h.work_id for h in hits] == ["remake", "thriller"]
    top = hits[0]
    assert top.facet_scores["words"] == pytest.approx(2 / math.sqrt(2) / math.sqrt(2.04), abs=1e-4)
    assert hits[1].facet_scores.get("words", 0.0) == pytest.approx(0.0, abs=1e-6)
    want = 0.5 * top.facet_scores["plot"] + 0.5 * top.facet_scores["words"]
    assert top.score == pytest.approx(want, abs=1e-4)


async def test_an_empty_word_vector_leaves_the_dense_ranking_as_it_is(
    lexical_store: VectorStore,
) -> None:
    near = story("near", unit(1, 0.1), words((1, 1.0)))
    far = story("far", unit(0.2, 1), SparseVector())
    (await lexical_store.upsert([near, far])).unwrap()
    query = FacetQuery(
        tenants=("global",),
        vectors={"plot": unit(1, 0)},
        weights={"plot": 0.7, "words": 0.3},
        sparse={"words": SparseVector()},
    )
    hits = (await lexical_store.search(query)).unwrap()
    assert [h.work_id for h in hits] == ["near", "far"]
    assert hits[0].score == pytest.approx(hits[0].facet_scores["plot"], abs=1e-4)


async def test_a_point_without_the_collections_word_vector_is_a_bug(
    lexical_store: VectorStore,
) -> None:
    bare = WorkPoint("global", "bare", {"plot": unit(1), "theme": unit(1)}, {"title": "Bare"})
    with pytest.raises(ValueError, match="sparse vectors"):
        await lexical_store.upsert([bare])


async def test_reading_a_work_back_gives_its_dense_vectors(lexical_store: VectorStore) -> None:
    (await lexical_store.upsert([story("one", unit(1), words((4, 1.0)))])).unwrap()
    work = (await lexical_store.get(["global"], "one", with_vectors=True)).unwrap()
    assert work is not None and work.vectors is not None
    assert sorted(work.vectors) == ["plot", "theme"]


async def test_a_collection_without_the_word_vector_is_refused_clearly(
    factory: StoreFactory,
) -> None:
    first = factory(spec())
    (await first.open()).unwrap()
    plain = WorkPoint("global", "one", {"plot": unit(1), "theme": unit(1)}, {"title": "One"})
    (await first.upsert([plain])).unwrap()
    await first.close()
    result = await factory(lexical()).open()
    assert result.error is not None and result.error.code is ErrorCode.UNAVAILABLE
    assert "sparse vectors" in result.error.message and "words" in result.error.message
