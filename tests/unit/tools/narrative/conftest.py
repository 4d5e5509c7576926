"""A small shelf of shows, read once per module with the real offline extractor and MiniLM, then
written into a fresh store for each test (qdrant-edge in a temp folder, or qdrant-client's local
mode): global catalog shows, one show only guild-a has, one only guild-b has."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from qdrant_client import AsyncQdrantClient

from core.ports.vectors import CollectionSpec, VectorStore, WorkPoint
from tests.fakes import shared_embedder
from tests.unit.tools.narrative.samples import pair_stories
from tools.narrative.heuristic import HeuristicExtractor
from tools.narrative.indexing import LAYOUT, MULTI, SPARSE, VECTORS, IndexItem, WorkIndexer
from tools.narrative.library import Library
from tools.narrative.similar import SimilarFinder
from tools.retrieval.client import ClientVectorStore
from tools.retrieval.edge import EdgeVectorStore

GLOBAL = "global"


@dataclass
class Shelf:
    store: VectorStore
    heuristic: HeuristicExtractor
    indexer: WorkIndexer
    library: Library
    finder: SimilarFinder


def spec() -> CollectionSpec:
    embedder = shared_embedder()
    return CollectionSpec(
        "test",
        embedder.model_name,
        embedder.dimension,
        1,
        VECTORS,
        layout=LAYOUT,
        multi=MULTI,
        sparse=SPARSE,
    )


def heuristic() -> HeuristicExtractor:
    embedder = shared_embedder()
    return HeuristicExtractor(embedder, max_chars=60000, count_tokens=embedder.count_tokens)


@pytest.fixture(scope="session")
def shelf_points() -> list[WorkPoint]:
    """Global: the first story of pairs 1-8 and the second of pairs 2-4; guild-a also has the
    retelling of pair 1 ("Orbit of Ghosts"), guild-b the retelling of pair 5 ("Crown of Dust")."""
    pairs = pair_stories()
    plan = [(GLOBAL, a) for a, _ in pairs[:8]] + [(GLOBAL, b) for _, b in pairs[1:4]]
    plan += [("guild-a", pairs[0][1]), ("guild-b", pairs[4][1])]

    async def build() -> list[WorkPoint]:
        embedder = shared_embedder()
        extractor = heuristic()
        dnas = [r.unwrap() for r in await extractor.extract_many([w for _, w in plan])]
        indexer = WorkIndexer(embedder, _NoStore(), count_tokens=embedder.count_tokens)
        items = [IndexItem(t, d, w.synopsis) for (t, w), d in zip(plan, dnas, strict=True)]
        return await indexer.points(items)

    return asyncio.run(build())


class _NoStore:
    """Building points needs no store."""


@pytest.fixture(params=["qdrant-edge", "qdrant-client"])
async def shelf(
    request: pytest.FixtureRequest, tmp_path: Path, shelf_points: list[WorkPoint]
) -> AsyncIterator[Shelf]:
    store: VectorStore
    if request.param == "qdrant-edge":
        store = EdgeVectorStore(tmp_path / "qdrant", spec())
    else:
        store = ClientVectorStore(AsyncQdrantClient(location=":memory:"), spec())
    (await store.open()).unwrap()
    (await store.upsert(shelf_points)).unwrap()
    embedder = shared_embedder()
    extractor = heuristic()
    indexer = WorkIndexer(embedder, store, count_tokens=embedder.count_tokens)
    library = Library(store, global_tenant=GLOBAL)
    finder = SimilarFinder(library, indexer, extractor)
    yield Shelf(store, extractor, indexer, library, finder)
    await store.close()


@pytest.fixture
async def edge_shelf(tmp_path: Path, shelf_points: list[WorkPoint]) -> AsyncIterator[Shelf]:
    """The same shelf on qdrant-edge only (for tests about the tools, not the stores)."""
    store = EdgeVectorStore(tmp_path / "qdrant", spec())
    (await store.open()).unwrap()
    (await store.upsert(shelf_points)).unwrap()
    embedder = shared_embedder()
    extractor = heuristic()
    indexer = WorkIndexer(embedder, store, count_tokens=embedder.count_tokens)
    library = Library(store, global_tenant=GLOBAL)
    yield Shelf(store, extractor, indexer, library, SimilarFinder(library, indexer, extractor))
    await store.close()
