"""Recommendation by examples (Qdrant's sum_scores) on both adapters: a positive example lifts
the works near it, a negative one sinks them, the engine's score is the documented formula, and
qdrant-edge and qdrant-client rank the same works with the same scores."""

from __future__ import annotations

import asyncio
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qdrant_client import AsyncQdrantClient

from core.ports.vectors import CollectionSpec, Examples, FacetQuery, VectorStore, WorkPoint
from tests.unit.tools.retrieval.conftest import DIM, spec
from tests.unit.tools.retrieval.test_store_fusion import unit
from tools.retrieval.client import ClientVectorStore
from tools.retrieval.edge import EdgeVectorStore


def work(tenant: str, work_id: str, plot: list[float]) -> WorkPoint:
    return WorkPoint(tenant, work_id, {"plot": plot, "theme": plot}, {"title": work_id})


def cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


ASKED = unit(1, 0)
SHOWS = {
    "first": unit(1, 0.3),
    "twin": unit(1, 0.45),  # the first's close neighbour
    "second": unit(1, 0, 0.5),
    "third": unit(1, 0, 0, 0.6),
    "fourth": unit(0.7, 0, 0, 0, 1),
    "far": unit(0, 0, 0, 0, 0, 1),
}


def query(*examples: Examples, limit: int = 5) -> FacetQuery:
    return FacetQuery(
        tenants=("guild", "global"),
        vectors={"plot": ASKED},
        weights={"plot": 1.0},
        limit=limit,
        examples=examples,
    )


async def ranked(store: VectorStore, q: FacetQuery) -> list[str]:
    return [h.work_id for h in (await store.search(q)).unwrap()]


async def test_a_disliked_work_and_its_neighbours_sink_a_liked_one_rises(
    store: VectorStore,
) -> None:
    (await store.upsert([work("global", w, v) for w, v in SHOWS.items()])).unwrap()
    plain = await ranked(store, query(limit=6))
    assert plain == ["first", "twin", "second", "third", "fourth", "far"]
    disliked = Examples(using="plot", weight=1.0, negative=("first",))
    after = await ranked(store, query(disliked, limit=6))
    assert after[:2] == ["second", "third"]
    assert after[-2:] == ["first", "twin"]
    liked = Examples(using="plot", weight=1.0, positive=("fourth",))
    # An example is re-ranked, never left out of the answer.
    assert (await ranked(store, query(liked, limit=1))) == ["fourth"]


async def test_examples_order_by_the_sum_of_scores_and_each_score_stays_the_similarity(
    store: VectorStore,
) -> None:
    (await store.upsert([work("global", w, v) for w, v in SHOWS.items()])).unwrap()
    examples = Examples(using="plot", weight=0.3, positive=("third",), negative=("far", "first"))
    hits = (await store.search(query(examples, limit=6))).unwrap()

    def recommended(work_id: str) -> float:
        mine = SHOWS[work_id]
        voted = cos(SHOWS["third"], mine) - cos(SHOWS["far"], mine) - cos(SHOWS["first"], mine)
        return cos(ASKED, mine) + 0.3 * voted

    assert [h.work_id for h in hits] == sorted(SHOWS, key=lambda w: -recommended(w))
    for hit in hits:
        assert hit.score == pytest.approx(cos(ASKED, SHOWS[hit.work_id]), abs=1e-4)


async def test_a_work_listed_twice_counts_twice(store: VectorStore) -> None:
    (await store.upsert([work("global", w, v) for w, v in SHOWS.items()])).unwrap()
    twice = Examples(using="plot", weight=0.3, positive=("fourth", "fourth"), negative=("first",))
    double = Examples(using="plot", weight=0.6, positive=("fourth",))
    once = Examples(using="plot", weight=0.3, negative=("first",))
    assert await ranked(store, query(twice, limit=6)) == await ranked(
        store, query(double, once, limit=6)
    )
    assert await ranked(store, query(twice, limit=6)) != await ranked(store, query(once, limit=6))


async def test_an_example_is_read_from_the_servers_own_copy_first(store: VectorStore) -> None:
    shows = [work("global", w, v) for w, v in SHOWS.items()]
    # The server's copy of "far" reads like "first": disliking it sinks "first", not "third".
    (await store.upsert([*shows, work("guild", "far", SHOWS["first"])])).unwrap()
    disliked = Examples(using="plot", weight=1.0, negative=("far",))
    order = await ranked(store, query(disliked, limit=6))
    assert order.index("first") > order.index("third")


async def test_examples_no_tenant_holds_change_nothing(store: VectorStore) -> None:
    (await store.upsert([work("global", w, v) for w, v in SHOWS.items()])).unwrap()
    gone = Examples(using="plot", weight=1.0, positive=("deleted",), negative=("gone",))
    plain = (await store.search(query())).unwrap()
    assert (await store.search(query(gone))).unwrap() == plain


async def test_examples_on_a_vector_of_several_rows_are_refused(
    factory: object,
) -> None:
    multi = CollectionSpec(
        prefix="test", model="tiny-model", dimension=DIM, schema_version=1,
        facets=("plot", "lines"), multi=("lines",), layout=2,
    )  # fmt: skip
    store = factory(multi)  # type: ignore[operator]
    (await store.open()).unwrap()
    point = WorkPoint("global", "one", {"plot": ASKED, "lines": [ASKED, SHOWS["far"]]})
    (await store.upsert([point])).unwrap()
    bad = FacetQuery(
        tenants=("global",),
        vectors={"plot": ASKED},
        weights={"plot": 1.0},
        examples=(Examples(using="lines", weight=1.0, positive=("one",)),),
    )
    with pytest.raises(ValueError, match="single dense vector"):
        await store.search(bad)


def test_a_negative_weight_is_refused_with_what_to_change() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        Examples(using="plot", weight=-1.0, negative=("x",))


# -- property: both adapters give the same answer ------------------------------------------------
cases = st.fixed_dictionaries(
    {
        "works": st.integers(min_value=3, max_value=14),
        "liked": st.sets(st.integers(min_value=0, max_value=16), max_size=3),
        "disliked": st.sets(st.integers(min_value=0, max_value=16), max_size=4),
        "weight": st.sampled_from([0.05, 0.3, 1.0]),
        "seed": st.integers(min_value=0, max_value=10_000),
    }
)


async def _answer(store: VectorStore, case: dict[str, object]) -> list[tuple[str, float]]:
    rng = random.Random(int(case["seed"]))  # type: ignore[call-overload]
    (await store.open()).unwrap()
    try:
        count = int(case["works"])  # type: ignore[call-overload]
        shows = [
            work(rng.choice(("global", "guild")), f"w{i}", [rng.uniform(-1, 1) for _ in range(DIM)])
            for i in range(count)
        ]
        (await store.upsert(shows)).unwrap()
        examples = Examples(
            using="theme",
            weight=float(case["weight"]),  # type: ignore[arg-type]
            positive=tuple(f"w{i}" for i in sorted(case["liked"])),  # type: ignore[call-overload]
            negative=tuple(f"w{i}" for i in sorted(case["disliked"])),  # type: ignore[call-overload]
        )
        q = FacetQuery(
            tenants=("guild", "global"),
            vectors={"plot": unit(1, 0.5), "theme": unit(0.5, 1)},
            weights={"plot": 0.6, "theme": 0.4},
            limit=count,
            examples=(examples,),
        )
        return [(h.work_id, h.score) for h in (await store.search(q)).unwrap()]
    finally:
        await store.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases)
def test_edge_and_the_client_rank_examples_alike(case: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        edge = asyncio.run(_answer(EdgeVectorStore(Path(tmp), spec()), case))
        client = asyncio.run(
            _answer(ClientVectorStore(AsyncQdrantClient(location=":memory:"), spec()), case)
        )
    assert [w for w, _ in edge] == [w for w, _ in client]
    assert [s for _, s in edge] == pytest.approx([s for _, s in client], abs=1e-4)
