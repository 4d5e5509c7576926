"""The engine's fusion on both adapters: the score formula (facet cosines and shared-fact tags)
ranks the same on qdrant-edge and qdrant-client, and no answer ever lists one work twice."""

from __future__ import annotations

import asyncio
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qdrant_client import AsyncQdrantClient

from core.ports.vectors import TAGS, FacetQuery, VectorStore, WorkPoint
from tests.unit.tools.retrieval.conftest import DIM, spec
from tools.retrieval.client import ClientVectorStore
from tools.retrieval.edge import EdgeVectorStore


def unit(*values: float) -> list[float]:
    padded = [*values, *([0.0] * (DIM - len(values)))]
    norm = math.sqrt(sum(v * v for v in padded))
    return [v / norm for v in padded]


def tagged(tenant: str, work_id: str, plot: list[float], tags: list[str]) -> WorkPoint:
    inv = 1 / math.sqrt(len(tags)) if tags else 0.0
    payload = {"title": work_id.title(), "tags": tags, "tags_inv_norm": inv}
    return WorkPoint(tenant, work_id, {"plot": plot, "theme": plot}, payload)


async def test_shared_facts_lift_a_work_the_vectors_alone_would_rank_lower(
    store: VectorStore,
) -> None:
    near = tagged("global", "near", unit(1, 0.2), ["format:sitcom"])
    alike = tagged("global", "alike", unit(1, 0.4), ["tone:dark", "format:procedural"])
    (await store.upsert([near, alike])).unwrap()
    terms = {"tone:dark": 1 / math.sqrt(2), "format:procedural": 1 / math.sqrt(2)}
    vectors = {"plot": unit(1, 0)}
    plain = FacetQuery(tenants=("global",), vectors=vectors, weights={"plot": 1.0})
    assert [h.work_id for h in (await store.search(plain)).unwrap()] == ["near", "alike"]
    fused = FacetQuery(
        tenants=("global",), vectors=vectors, weights={"plot": 0.5, TAGS: 0.5}, tag_terms=terms
    )
    hits = (await store.search(fused)).unwrap()
    assert [h.work_id for h in hits] == ["alike", "near"]
    top = hits[0]
    assert top.facet_scores[TAGS] == pytest.approx(1.0, abs=1e-4)
    assert top.score == pytest.approx(0.5 * top.facet_scores["plot"] + 0.5, abs=1e-4)


async def test_a_servers_copy_of_a_catalog_show_is_listed_once_as_its_own(
    store: VectorStore,
) -> None:
    shows = [tagged("global", f"s{i}", unit(1, i / 10), []) for i in range(6)]
    copies = [tagged("guild", "s0", unit(1, 0), []), tagged("guild", "s1", unit(1, 0.1), [])]
    (await store.upsert([*shows, *copies])).unwrap()
    query = FacetQuery(
        tenants=("guild", "global"), vectors={"plot": unit(1, 0)}, weights={"plot": 1}, limit=4
    )
    hits = (await store.search(query)).unwrap()
    assert [h.work_id for h in hits] == ["s0", "s1", "s2", "s3"]
    assert [h.tenant for h in hits[:2]] == ["guild", "guild"]


# -- property: random overlaps of a server's shows and the catalog ------------------------------
overlaps = st.fixed_dictionaries(
    {
        "catalog": st.integers(min_value=0, max_value=14),
        "copies": st.sets(st.integers(min_value=0, max_value=14), max_size=10),
        "own": st.integers(min_value=0, max_value=5),
        "k": st.integers(min_value=1, max_value=10),
        "query": st.integers(min_value=0, max_value=14),
        "seed": st.integers(min_value=0, max_value=10_000),
    }
)


def points(case: dict[str, object]) -> list[WorkPoint]:
    import random

    rng = random.Random(case["seed"])

    def vec() -> list[float]:
        return unit(*(rng.uniform(-1, 1) for _ in range(DIM)))

    catalog = int(case["catalog"])  # type: ignore[call-overload]
    out = [tagged("global", f"w{i}", vec(), ["format:sitcom"]) for i in range(catalog)]
    out += [tagged("guild", f"w{i}", vec(), []) for i in sorted(case["copies"])]  # type: ignore[call-overload]
    out += [tagged("guild", f"own{i}", vec(), []) for i in range(int(case["own"]))]  # type: ignore[call-overload]
    return out


async def answer(store: VectorStore, case: dict[str, object]) -> list[tuple[str, str]]:
    (await store.open()).unwrap()
    try:
        works = points(case)
        if works:
            (await store.upsert(works)).unwrap()
        query_id = f"w{case['query']}"
        query = FacetQuery(
            tenants=("guild", "global"),
            vectors={"plot": unit(1, 0.5), "theme": unit(0.5, 1)},
            weights={"plot": 0.6, TAGS: 0.4},
            tag_terms={"format:sitcom": 1.0},
            limit=int(case["k"]),  # type: ignore[call-overload]
            exclude=(("guild", query_id), ("global", query_id)),
        )
        return [(h.tenant, h.work_id) for h in (await store.search(query)).unwrap()]
    finally:
        await store.close()


@pytest.mark.parametrize("backend", ["qdrant-edge", "qdrant-client"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=overlaps)
def test_no_answer_lists_a_work_twice_or_the_query_show(
    backend: str, case: dict[str, object]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store: VectorStore = (
            EdgeVectorStore(Path(tmp), spec())
            if backend == "qdrant-edge"
            else ClientVectorStore(AsyncQdrantClient(location=":memory:"), spec())
        )
        found = asyncio.run(answer(store, case))
    ids = [work_id for _, work_id in found]
    works = {p.work_id for p in points(case)} - {f"w{case['query']}"}
    assert len(ids) == len(set(ids)), found
    assert f"w{case['query']}" not in ids
    assert len(ids) == min(int(case["k"]), len(works))  # type: ignore[call-overload]
    copied = {f"w{i}" for i in case["copies"]}  # type: ignore[attr-defined]
    assert all(tenant == "guild" for tenant, work_id in found if work_id in copied)
