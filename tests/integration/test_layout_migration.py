"""Servers keep their shows across a vector layout change: a store written by an older layout
(fewer named vectors, no sparse words, no fact tags) is opened by this version, which carries each
server's shows over through the real indexing code, on qdrant-edge in a temp folder and on
qdrant-client's local mode. What cannot be carried is named; a run stopped part way resumes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from qdrant_client import AsyncQdrantClient

from bot.wiring.retrieval import build_retrieval, collection_spec
from core.cache import CacheRegistry
from core.config import Settings, load_settings
from core.context import RequestContext
from core.intent.schema import FindSimilarParams
from core.metrics import Metrics
from core.ports.vectors import CollectionSpec, StoredWork, VectorStore, WorkPoint
from core.result import ErrorCode, StepResult
from tests.fakes import shared_embedder
from tests.unit.tools.narrative.samples import pair_stories
from tools.narrative.heuristic import HeuristicExtractor
from tools.narrative.indexing import MULTI, SENTENCES, VECTORS, IndexItem, WorkIndexer
from tools.narrative.migration import migrate_shows
from tools.narrative.schema import SCHEMA_VERSION
from tools.retrieval.client import ClientVectorStore
from tools.retrieval.edge import ALIAS_FILE, EdgeVectorStore

PAIRS = pair_stories()
GUILD_A_SHOW = PAIRS[2][1]  # a retelling of a starter show (PAIRS[2][0])
GUILD_B_SHOW = PAIRS[3][1]
OLD_FORMAT_SHOW = PAIRS[4][1]  # guild-b's, stored with a DNA this version cannot read
# What the older layout had: no sentence multivectors, no sparse words, no fact tags.
OLD_FACETS = tuple(v for v in VECTORS if v not in MULTI)
OLD_ONLY_PAYLOAD = ("tags", "tags_inv_norm", "facts", "catalog_genres")


def old_spec(new: CollectionSpec) -> CollectionSpec:
    return CollectionSpec(
        new.prefix, new.model, new.dimension, SCHEMA_VERSION, OLD_FACETS, layout=2
    )


def starter(folder: Path) -> Path:
    folder.mkdir()
    stories = [a for a, _ in PAIRS[:3]] + [b for _, b in PAIRS[:2]]
    lines = [
        json.dumps({"id": s.id, "title": s.title, "genres": ["drama"], "synopsis": s.synopsis})
        for s in stories
    ]
    (folder / "catalog_test.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def offline_extractor() -> HeuristicExtractor:
    embedder = shared_embedder()
    return HeuristicExtractor(embedder, max_chars=60000, count_tokens=embedder.count_tokens)


class _NoStore:
    """Building points needs no store."""


async def old_layout_points(shared_tenant: str) -> list[WorkPoint]:
    """Server shows as an older layout stored them, and one shared catalog show."""
    embedder = shared_embedder()
    extractor = offline_extractor()
    plan = [
        ("guild-a", GUILD_A_SHOW),
        ("guild-b", GUILD_B_SHOW),
        ("guild-b", OLD_FORMAT_SHOW),
        (shared_tenant, PAIRS[5][0]),
    ]
    dnas = [r.unwrap() for r in await extractor.extract_many([w for _, w in plan])]
    indexer = WorkIndexer(embedder, _NoStore(), count_tokens=embedder.count_tokens)
    items = [IndexItem(t, d, w.synopsis) for (t, w), d in zip(plan, dnas, strict=True)]
    points = []
    for point in await indexer.points(items):
        payload = {k: v for k, v in point.payload.items() if k not in OLD_ONLY_PAYLOAD}
        payload["added_by"] = f"member-of-{point.tenant}"
        if point.work_id == OLD_FORMAT_SHOW.id:
            payload["dna"] = {"schema_version": 0, "work": {"title": OLD_FORMAT_SHOW.title}}
        vectors = {f: v for f, v in point.vectors.items() if f in OLD_FACETS}
        points.append(WorkPoint(point.tenant, point.work_id, vectors, payload))
    # A show whose payload kept neither a readable DNA nor its synopsis.
    lost: dict[str, Any] = {"title": "Lost Tape", "dna": {"schema_version": 0}}
    points.append(WorkPoint("guild-a", "lost-tape", points[0].vectors, lost))
    return points


async def write_old_collection(store: VectorStore, shared_tenant: str) -> None:
    (await store.open()).unwrap()
    (await store.upsert(await old_layout_points(shared_tenant))).unwrap()


def edge_settings(tmp_path: Path) -> Settings:
    return load_settings(env={}, overrides={"data_dir": str(tmp_path / "data")})


async def build(settings: Settings, folder: Path) -> Any:
    return (
        await build_retrieval(
            settings,
            metrics=Metrics(),
            caches=CacheRegistry(),
            embedder=shared_embedder(),
            starter_dir=folder,
        )
    ).unwrap()


async def similar_titles(parts: Any, tenant: str, **params: Any) -> list[str]:
    ctx = RequestContext(tenant=tenant, user_id="u")
    found = await parts.tools["find_similar"].run(FindSimilarParams(**params), ctx)
    return [r["title"] for r in found.unwrap().data["results"]]


async def test_an_upgrade_keeps_each_servers_shows_searchable_and_apart(tmp_path: Path) -> None:
    settings = edge_settings(tmp_path)
    root = settings.data_dir / "qdrant"
    spec = collection_spec(settings, shared_embedder())
    earlier = old_spec(spec)
    old = EdgeVectorStore(root, earlier)
    await write_old_collection(old, settings.catalog.global_tenant)
    await old.close()

    parts = await build(settings, starter(tmp_path / "starter"))
    try:
        report = await parts.migration
        assert report.source == earlier.name and report.settled
        assert dict(report.carried) == {"guild-a": 1, "guild-b": 2}
        assert report.reread == 1  # the old-format DNA was read again from its synopsis
        assert [(u.tenant, u.title) for u in report.unreadable] == [("guild-a", "Lost Tape")]
        assert "'Lost Tape' not carried over" in report.summary()
        # The alias names the new collection; the earlier one is still on disk.
        aliases = json.loads((root / ALIAS_FILE).read_text(encoding="utf-8"))
        assert aliases[spec.alias] == spec.name
        assert (root / earlier.name / "segments").is_dir()

        # A member's show is found by `/show similar` and by a described story, in its server
        # only; the shared catalog of the earlier collection is not carried (it has its files).
        query = PAIRS[2][0].title
        assert (await similar_titles(parts, "guild-a", title=query))[0] == GUILD_A_SHOW.title
        assert GUILD_A_SHOW.title not in await similar_titles(parts, "guild-b", title=query)
        text = GUILD_A_SHOW.synopsis[:600]
        assert (await similar_titles(parts, "guild-a", text=text))[0] == GUILD_A_SHOW.title
        assert GUILD_A_SHOW.title not in await similar_titles(parts, "guild-b", text=text)
        shared = await parts.store.find_title([settings.catalog.global_tenant], PAIRS[5][0].title)
        assert shared.unwrap() == []

        # Carried with every vector this layout has, and who added it (only they may replace it).
        stored = (
            await parts.store.get(("guild-b",), OLD_FORMAT_SHOW.id, with_vectors=True)
        ).unwrap()
        assert stored is not None and stored.vectors is not None
        assert set(stored.vectors) == set(VECTORS) and stored.payload["tags"]
        assert stored.payload["added_by"] == "member-of-guild-b"
        assert stored.payload["dna"]["schema_version"] == SCHEMA_VERSION
    finally:
        await parts.close()

    again = await build(settings, tmp_path / "starter")
    try:
        assert (await again.migration).source is None  # done once: a restart carries nothing
        assert (await again.store.count(["guild-a", "guild-b"])).unwrap() == 3
    finally:
        await again.close()


class _StopsAfterFirstPage(EdgeVectorStore):
    """The real store, whose earlier collection becomes unreadable after one page (as if the
    process had been stopped there)."""

    pages = 0

    async def earlier_works(
        self, skip_tenants: Any, *, offset: str | None = None, limit: int = 64
    ) -> StepResult[tuple[list[StoredWork], str | None]]:
        self.pages += 1
        if self.pages > 1:
            return StepResult.failure(ErrorCode.UNAVAILABLE, "stopped by the test")
        return await super().earlier_works(skip_tenants, offset=offset, limit=limit)


async def test_a_stopped_carry_over_loses_nothing_and_resumes(tmp_path: Path) -> None:
    root = tmp_path / "qdrant"
    embedder = shared_embedder()
    spec = collection_spec(edge_settings(tmp_path), embedder)
    old = EdgeVectorStore(root, old_spec(spec))
    await write_old_collection(old, "global")
    await old.close()
    extractor = offline_extractor()

    first = _StopsAfterFirstPage(root, spec)
    (await first.open()).unwrap()
    indexer = WorkIndexer(embedder, first, count_tokens=embedder.count_tokens)
    # A member adds their show again under the new layout before it is carried over.
    readded = replace(GUILD_B_SHOW, synopsis=GUILD_B_SHOW.synopsis + " It ends at sea.")
    dna = (await extractor.extract(readded)).unwrap()
    (await indexer.index([IndexItem("guild-b", dna, readded.synopsis)])).unwrap()
    stopped = await migrate_shows(first, indexer, extractor, shared_tenant="global", page=2)
    assert not stopped.settled and stopped.error == "stopped by the test"
    assert sum(stopped.carried.values()) + stopped.kept + len(stopped.unreadable) == 2
    await first.close()
    aliases = json.loads((root / ALIAS_FILE).read_text(encoding="utf-8"))
    assert aliases[spec.alias] == old_spec(spec).name  # still the earlier collection

    second = EdgeVectorStore(root, spec)
    (await second.open()).unwrap()
    try:
        indexer = WorkIndexer(embedder, second, count_tokens=embedder.count_tokens)
        resumed = await migrate_shows(second, indexer, extractor, shared_tenant="global", page=2)
        assert resumed.settled
        # Every server show but the unreadable one is there, each once, and the member's newer
        # synopsis was kept over the earlier collection's.
        assert (await second.count(["guild-a", "guild-b"])).unwrap() == 3
        kept = (await second.get(("guild-b",), GUILD_B_SHOW.id)).unwrap()
        assert kept is not None and kept.payload["synopsis"].endswith("It ends at sea.")
        total = stopped.carried + resumed.carried
        assert dict(total) == {"guild-a": 1, "guild-b": 1}
        assert (
            await migrate_shows(second, indexer, extractor, shared_tenant="global")
        ).source is None
    finally:
        await second.close()


class _SharedClient(ClientVectorStore):
    """Two stores (the earlier layout, then this one) on one local-mode client."""

    async def close(self) -> None:
        pass


async def test_the_server_store_carries_shows_over_too() -> None:
    client = AsyncQdrantClient(location=":memory:")
    embedder = shared_embedder()
    spec = collection_spec(load_settings(env={}), embedder)
    old = _SharedClient(client, old_spec(spec))
    await write_old_collection(old, "global")
    store = _SharedClient(client, spec)
    (await store.open()).unwrap()
    try:
        aliases = {a.alias_name: a.collection_name for a in (await client.get_aliases()).aliases}
        assert aliases[spec.alias] == old_spec(spec).name  # not moved before the carry-over
        extractor = HeuristicExtractor(
            embedder, max_chars=60000, count_tokens=embedder.count_tokens
        )
        indexer = WorkIndexer(embedder, store, count_tokens=embedder.count_tokens)
        report = await migrate_shows(store, indexer, extractor, shared_tenant="global")
        assert report.settled and dict(report.carried) == {"guild-a": 1, "guild-b": 2}
        assert [u.title for u in report.unreadable] == ["Lost Tape"]
        aliases = {a.alias_name: a.collection_name for a in (await client.get_aliases()).aliases}
        assert aliases[spec.alias] == spec.name
        assert await client.collection_exists(old_spec(spec).name)
        work = (await store.get(("guild-a",), GUILD_A_SHOW.id, with_vectors=True)).unwrap()
        assert work is not None and work.vectors is not None and SENTENCES in work.vectors
        assert (await store.get(("guild-b",), GUILD_A_SHOW.id)).unwrap() is None
    finally:
        await client.close()


async def test_pointing_the_alias_back_brings_back_only_the_shows_that_are_missing(
    tmp_path: Path,
) -> None:
    root = tmp_path / "qdrant"
    embedder = shared_embedder()
    spec = collection_spec(edge_settings(tmp_path), embedder)
    earlier = old_spec(spec)
    old = EdgeVectorStore(root, earlier)
    await write_old_collection(old, "global")
    await old.close()
    store = EdgeVectorStore(root, spec)
    (await store.open()).unwrap()
    indexer = WorkIndexer(embedder, store, count_tokens=embedder.count_tokens)
    assert (
        await migrate_shows(store, indexer, offline_extractor(), shared_tenant="global")
    ).settled
    # guild-a's show goes missing from the new collection (as in an upgrade before the
    # carry-over existed); the operator points the alias back at the earlier collection.
    (await store.delete("guild-a", [GUILD_A_SHOW.id])).unwrap()
    await store.close()
    aliases = json.loads((root / ALIAS_FILE).read_text(encoding="utf-8"))
    (root / ALIAS_FILE).write_text(json.dumps({**aliases, spec.alias: earlier.name}))

    store = EdgeVectorStore(root, spec)
    (await store.open()).unwrap()
    try:
        indexer = WorkIndexer(embedder, store, count_tokens=embedder.count_tokens)
        again = await migrate_shows(store, indexer, offline_extractor(), shared_tenant="global")
        assert again.settled and dict(again.carried) == {"guild-a": 1} and again.kept == 2
        assert (await store.get(("guild-a",), GUILD_A_SHOW.id)).unwrap() is not None
        aliases = json.loads((root / ALIAS_FILE).read_text(encoding="utf-8"))
        assert aliases[spec.alias] == spec.name
    finally:
        await store.close()
