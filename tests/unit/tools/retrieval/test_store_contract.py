"""The VectorStore contract, run on both adapters (qdrant-edge and qdrant-client local mode)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from core.ports.vectors import FacetQuery, VectorStore, WorkPoint, point_id
from core.result import ErrorCode
from tests.unit.tools.retrieval.conftest import DIM, StoreFactory, spec
from tools.retrieval.edge import ALIAS_FILE, EdgeVectorStore


def unit(*values: float) -> list[float]:
    padded = [*values, *([0.0] * (DIM - len(values)))]
    norm = math.sqrt(sum(v * v for v in padded))
    return [v / norm for v in padded]


def work(tenant: str, work_id: str, title: str, plot: list[float], theme: list[float]) -> WorkPoint:
    return WorkPoint(
        tenant, work_id, {"plot": plot, "theme": theme}, {"title": title, "year": 2001}
    )


# Three "global" catalog shows and one show in each of two guilds.
CATALOG = [
    work("global", "heist", "The Heist", unit(1, 0), unit(0, 1)),
    work("global", "romance", "Love Boat", unit(0, 1), unit(1, 0)),
    work("global", "space", "Star Run", unit(0, 0, 1), unit(0, 0, 1)),
]
GUILD_A = work("guild-a", "a-heist", "Vault Nine", unit(0.9, 0.1), unit(0.1, 0.9))
GUILD_B = work("guild-b", "b-heist", "Bank Job", unit(0.95, 0.05), unit(0.05, 0.95))


async def seed(store: VectorStore) -> None:
    assert (await store.upsert([*CATALOG, GUILD_A, GUILD_B])).unwrap() == 5


def query(tenants: tuple[str, ...], **kw: object) -> FacetQuery:
    defaults: dict[str, object] = {
        "vectors": {"plot": unit(1, 0), "theme": unit(0, 1)},
        "weights": {"plot": 1.0, "theme": 1.0},
        "limit": 10,
    }
    defaults.update(kw)
    return FacetQuery(tenants=tenants, **defaults)  # type: ignore[arg-type]


async def test_a_guild_sees_its_own_shows_and_the_catalog_never_another_guilds(
    store: VectorStore,
) -> None:
    await seed(store)
    hits = (await store.search(query(("guild-a", "global")))).unwrap()
    seen = {(h.tenant, h.work_id) for h in hits}
    assert ("guild-a", "a-heist") in seen
    assert {("global", "heist"), ("global", "romance"), ("global", "space")} <= seen
    assert not any(h.tenant == "guild-b" for h in hits)

    assert (await store.get(["guild-a", "global"], "b-heist")).unwrap() is None
    assert (await store.find_title(["guild-a", "global"], "Bank Job")).unwrap() == []
    titles = (await store.titles(["guild-a", "global"])).unwrap()
    assert "Bank Job" not in titles and "Vault Nine" in titles
    assert (await store.count(["guild-a", "global"])).unwrap() == 4
    assert (await store.count(["guild-b"])).unwrap() == 1


async def test_search_ranks_by_weighted_facets_and_reports_each_facet_score(
    store: VectorStore,
) -> None:
    await seed(store)
    hits = (await store.search(query(("global",)))).unwrap()
    assert hits[0].work_id == "heist"
    top = hits[0]
    assert top.facet_scores == pytest.approx({"plot": 1.0, "theme": 1.0}, abs=1e-4)
    assert top.score == pytest.approx(1.0, abs=1e-4)
    assert top.payload["title"] == "The Heist"

    # Only the theme facet: the romance's plot no longer matters, its theme is orthogonal.
    only_theme = (await store.search(query(("global",), weights={"theme": 1.0}, limit=1))).unwrap()
    assert only_theme[0].work_id == "heist"
    assert set(only_theme[0].facet_scores) == {"theme"}


async def test_rrf_fusion_orders_by_rank_agreement(store: VectorStore) -> None:
    await seed(store)
    hits = (await store.search(query(("global",), fusion="rrf"))).unwrap()
    assert hits[0].work_id == "heist"
    assert hits[0].score > hits[-1].score


async def test_search_leaves_out_the_query_work_and_its_copies(store: VectorStore) -> None:
    await seed(store)
    copy = work("guild-a", "my-heist", "the heist", unit(1, 0), unit(0, 1))
    (await store.upsert([copy])).unwrap()
    hits = (
        await store.search(
            query(
                ("guild-a", "global"),
                exclude=(("global", "heist"),),
                exclude_title_keys=("the heist",),
            )
        )
    ).unwrap()
    ids = {h.work_id for h in hits}
    assert "heist" not in ids and "my-heist" not in ids
    assert "a-heist" in ids


async def test_payload_keys_limit_what_a_hit_carries(store: VectorStore) -> None:
    await seed(store)
    hits = (await store.search(query(("global",), payload_keys=("title",)))).unwrap()
    assert set(hits[0].payload) <= {"title", "tenant", "work_id", "title_key"}
    assert "year" not in hits[0].payload


async def test_upserting_the_same_work_again_overwrites_it(store: VectorStore) -> None:
    await seed(store)
    renamed = work("global", "heist", "The Heist (Remastered)", unit(1, 0), unit(0, 1))
    (await store.upsert([renamed])).unwrap()
    assert (await store.count(["global"])).unwrap() == 3
    got = (await store.get(["global"], "heist")).unwrap()
    assert got is not None and got.payload["title"] == "The Heist (Remastered)"


async def test_get_and_find_title_prefer_the_guilds_own_copy(store: VectorStore) -> None:
    await seed(store)
    own = work("guild-a", "heist", "The Heist", unit(0, 1), unit(1, 0))
    (await store.upsert([own])).unwrap()
    got = (await store.get(["guild-a", "global"], "heist", with_vectors=True)).unwrap()
    assert got is not None and got.tenant == "guild-a"
    assert got.vectors is not None and got.vectors["plot"] == pytest.approx(unit(0, 1), abs=1e-5)
    found = (await store.find_title(["guild-a", "global"], "  THE HEIST ")).unwrap()
    assert [w.tenant for w in found] == ["guild-a", "global"]


async def test_delete_removes_only_that_tenants_work(store: VectorStore) -> None:
    await seed(store)
    assert (await store.delete("guild-b", ["heist", "b-heist"])).unwrap() == 1
    assert (await store.count(["guild-b"])).unwrap() == 0
    assert (await store.count(["global"])).unwrap() == 3


async def test_a_point_missing_a_facet_or_with_the_wrong_size_is_a_bug(store: VectorStore) -> None:
    with pytest.raises(ValueError, match="facets missing"):
        await store.upsert([WorkPoint("global", "x", {"plot": unit(1)}, {"title": "X"})])
    with pytest.raises(ValueError, match="dimensions"):
        await store.upsert([WorkPoint("global", "x", {"plot": [1.0], "theme": [1.0]}, {})])
    assert (await store.count(["global"])).unwrap() == 0


async def test_every_read_names_a_tenant(store: VectorStore) -> None:
    with pytest.raises(ValueError, match="tenant"):
        await store.search(query(()))
    with pytest.raises(ValueError, match="tenant"):
        await store.count([])


async def test_a_collection_with_another_vector_size_is_refused_clearly(
    factory: StoreFactory,
) -> None:
    first = factory(spec(DIM))
    (await first.open()).unwrap()
    await first.upsert([CATALOG[0]])
    await first.close()
    other = factory(spec(DIM * 2))
    assert other.spec.name == first.spec.name
    result = await other.open()
    assert result.error is not None
    assert result.error.code is ErrorCode.UNAVAILABLE
    assert f"{DIM}-dimension" in result.error.message or f"[{DIM}]" in result.error.message
    assert str(DIM * 2) in result.error.message


async def test_reopening_keeps_the_works_and_the_alias(factory: StoreFactory) -> None:
    first = factory(spec())
    (await first.open()).unwrap()
    (await first.upsert(CATALOG)).unwrap()
    await first.close()
    again = factory(spec())
    (await again.open()).unwrap()
    assert (await again.count(["global"])).unwrap() == 3
    assert again.spec.alias == "test_works"
    assert again.spec.name == "test_tiny_model_v1"


async def test_point_ids_are_uuid5_of_tenant_and_work() -> None:
    assert point_id("g", "w") == point_id("g", "w")
    assert point_id("g", "w") != point_id("h", "w")


async def test_the_alias_points_at_the_current_collection(factory: StoreFactory) -> None:
    made = factory(spec())
    if made.backend != "qdrant-edge":
        from tools.retrieval.client import ClientVectorStore

        assert isinstance(made, ClientVectorStore)
        (await made.open()).unwrap()
        aliases = (await made._client.get_aliases()).aliases
        assert {(a.alias_name, a.collection_name) for a in aliases} == {
            ("test_works", "test_tiny_model_v1")
        }
        return
    (await made.open()).unwrap()
    assert isinstance(made, EdgeVectorStore)
    aliases = json.loads((made.path.parent / ALIAS_FILE).read_text())
    assert aliases == {"test_works": "test_tiny_model_v1"}


async def test_a_second_process_on_the_embedded_store_is_told_it_is_in_use(
    tmp_path: Path,
) -> None:
    first = EdgeVectorStore(tmp_path, spec())
    second = EdgeVectorStore(tmp_path, spec())
    (await first.open()).unwrap()
    try:
        refused = await second.open()
        assert refused.error is not None and refused.error.code is ErrorCode.UNAVAILABLE
        assert "in use by another studio process" in refused.error.message
    finally:
        await first.close()
    (await second.open()).unwrap()  # free again once the first one closed
    await second.close()


@pytest.mark.parametrize("backend", ["qdrant-edge", "qdrant-client"])
async def test_the_collection_size_reaches_admin_stats_after_each_write(
    backend: str, tmp_path: Path
) -> None:
    from qdrant_client import AsyncQdrantClient

    from core.metrics import Metrics
    from core.stats import collect_stats
    from tools.retrieval.client import ClientVectorStore

    metrics = Metrics()
    collection = spec()
    store: VectorStore
    if backend == "qdrant-edge":
        store = EdgeVectorStore(tmp_path / "qdrant", collection, metrics=metrics)
    else:
        client = AsyncQdrantClient(location=":memory:")
        store = ClientVectorStore(client, collection, where="local", metrics=metrics)
    (await store.open()).unwrap()
    assert collect_stats(metrics).vector_points == {collection.name: 0}
    await seed(store)
    assert collect_stats(metrics).vector_points == {collection.name: 5}
    (await store.delete("guild-b", ["b-heist"])).unwrap()
    assert collect_stats(metrics).vector_points == {collection.name: 4}
    await store.close()
