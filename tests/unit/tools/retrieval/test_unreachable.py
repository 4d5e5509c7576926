"""A Qdrant server that cannot be reached is UNAVAILABLE with a clear message, never a crash."""

from __future__ import annotations

import socket

from qdrant_client import AsyncQdrantClient

from core.ports.vectors import FacetQuery, WorkPoint
from core.result import ErrorCode
from tests.unit.tools.retrieval.conftest import spec
from tools.retrieval.client import ClientVectorStore


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_every_call_to_an_unreachable_server_is_unavailable() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    client = AsyncQdrantClient(url=url, timeout=2, check_compatibility=False)
    store = ClientVectorStore(client, spec(), where=url)
    try:
        opened = await store.open()
        assert opened.error is not None
        assert opened.error.code is ErrorCode.UNAVAILABLE
        assert url in opened.error.message and opened.error.retryable

        searched = await store.search(
            FacetQuery(tenants=("g",), vectors={"plot": [1.0] * 8}, weights={"plot": 1.0})
        )
        assert searched.error is not None and searched.error.code is ErrorCode.UNAVAILABLE
        written = await store.upsert(
            [WorkPoint("g", "w", {"plot": [1.0] * 8, "theme": [1.0] * 8}, {"title": "W"})]
        )
        assert written.error is not None and written.error.code is ErrorCode.UNAVAILABLE
        found = await store.find_title(["g"], "W")
        assert found.error is not None and found.error.code is ErrorCode.UNAVAILABLE
    finally:
        await store.close()
