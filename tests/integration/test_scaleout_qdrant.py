"""The Qdrant server adapter under a server that stumbles: transient errors (503, 429, a dropped
connection) are retried and the upload completes; a request the server refuses (400) is not
retried; batches go up several at a time. The real client in local mode stands in for the server,
with failures injected in front of its upsert."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from qdrant_client import AsyncQdrantClient
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from core.metrics import Metrics
from core.ports.vectors import CollectionSpec, WorkPoint
from core.result import ErrorCode
from tools.retrieval.client import ClientVectorStore

DIM = 8
SPEC = CollectionSpec(
    prefix="scale", model="tiny-model", dimension=DIM, schema_version=1, facets=("plot", "theme")
)


class StumblingClient(AsyncQdrantClient):
    """Local-mode client whose upsert fails the first time it sees each batch."""

    def __init__(self, error: Exception | None) -> None:
        super().__init__(location=":memory:")
        self.error = error
        self.calls = 0
        self.in_flight = 0
        self.peak = 0
        self._seen: set[Any] = set()

    async def upsert(self, collection_name: str, points: Any, **kwargs: Any) -> Any:
        self.calls += 1
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(0.01)  # a round trip, so parallel batches overlap
            first = points[0].id
            if self.error is not None and first not in self._seen:
                self._seen.add(first)
                raise self.error
            return await super().upsert(collection_name, points, **kwargs)
        finally:
            self.in_flight -= 1


def points(n: int) -> list[WorkPoint]:
    return [
        WorkPoint(
            "guild",
            f"work-{i}",
            {"plot": [1.0 + i % 7] * DIM, "theme": [1.0] * DIM},
            {"title": f"Show {i}"},
        )
        for i in range(n)
    ]


def unexpected(status: int) -> UnexpectedResponse:
    return UnexpectedResponse(status, "busy", b"{}", httpx.Headers())


async def test_transient_failures_are_retried_and_batches_go_up_in_parallel() -> None:
    for error in (
        unexpected(503),
        unexpected(429),
        ResponseHandlingException(httpx.ConnectError("connection reset")),
    ):
        client = StumblingClient(error)
        metrics = Metrics()
        store = ClientVectorStore(
            client,
            SPEC,
            where="test",
            upsert_batch=25,
            upload_parallel=4,
            retry_base_s=0.01,
            metrics=metrics,
        )
        try:
            (await store.open()).unwrap()
            assert (await store.upsert(points(200))).unwrap() == 200
            assert (await store.count(["guild"])).unwrap() == 200
            assert client.calls == 16  # 8 batches, each failed once and then sent again
            assert client.peak == 4
            assert metrics.counter_total("vector_store_retries_total") == 8
        finally:
            await store.close()


async def test_a_refused_request_is_not_retried_and_says_unavailable() -> None:
    client = StumblingClient(unexpected(400))
    store = ClientVectorStore(client, SPEC, where="http://qdrant:6333", retry_base_s=0.01)
    try:
        (await store.open()).unwrap()
        written = await store.upsert(points(3))
        assert written.error is not None and written.error.code is ErrorCode.UNAVAILABLE
        assert "http://qdrant:6333" in written.error.message
        assert client.calls == 1
    finally:
        await store.close()


async def test_a_server_that_keeps_failing_is_given_up_on_after_the_retries() -> None:
    class Down(StumblingClient):
        async def upsert(self, collection_name: str, points: Any, **kwargs: Any) -> Any:
            self.calls += 1
            raise unexpected(503)

    client = Down(None)
    store = ClientVectorStore(client, SPEC, where="test", retries=2, retry_base_s=0.01)
    try:
        (await store.open()).unwrap()
        written = await store.upsert(points(3))
        assert written.error is not None and written.error.code is ErrorCode.UNAVAILABLE
        assert client.calls == 3  # the first try and two retries
    finally:
        await store.close()
