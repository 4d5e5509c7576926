"""Both vector store adapters behind one fixture, so every contract test runs on each."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from qdrant_client import AsyncQdrantClient

from core.ports.vectors import CollectionSpec, VectorStore
from tools.retrieval.client import ClientVectorStore
from tools.retrieval.edge import EdgeVectorStore

DIM = 8
FACETS = ("plot", "theme")

StoreFactory = Callable[[CollectionSpec], VectorStore]


def spec(dimension: int = DIM) -> CollectionSpec:
    return CollectionSpec(
        prefix="test", model="tiny-model", dimension=dimension, schema_version=1, facets=FACETS
    )


@pytest.fixture(params=["qdrant-edge", "qdrant-client"])
async def factory(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[StoreFactory]:
    """Makes stores over ONE location (a folder for edge, one local client for qdrant-client),
    so a second store sees what the first one wrote, like a restarted bot."""
    client = AsyncQdrantClient(location=":memory:")
    made: list[VectorStore] = []

    def make(collection: CollectionSpec) -> VectorStore:
        store: VectorStore
        if request.param == "qdrant-edge":
            store = EdgeVectorStore(tmp_path / "qdrant", collection, upsert_batch=3)
        else:
            store = _SharedClientStore(client, collection)
        made.append(store)
        return store

    yield make
    for store in made:
        await store.close()
    await client.close()


class _SharedClientStore(ClientVectorStore):
    """Closing one store must not close the client the next store shares."""

    def __init__(self, client: AsyncQdrantClient, collection: CollectionSpec) -> None:
        super().__init__(client, collection, where="local test client", upsert_batch=3)

    async def close(self) -> None:
        return None


@pytest.fixture
async def store(factory: StoreFactory) -> VectorStore:
    made = factory(spec())
    (await made.open()).unwrap()
    return made
