"""The server store: a Qdrant server or cluster through `qdrant_client.AsyncQdrantClient`.

The client is passed in: `AsyncQdrantClient(url=settings.qdrant.url, ...)` in production, and
`AsyncQdrantClient(location=":memory:")` (qdrant-client's local mode) as the contract-test double.
The collection is created with the cluster layout from settings (shards, replicas, write
consistency) and reached through an alias that is moved to it once it is ready. Every failure to
reach the server becomes UNAVAILABLE, with the URL, so an operator knows what to check.

Transient failures are retried a few times (tools.retrieval.client_retry); the collection's
schema and alias live in tools.retrieval.client_schema. Uploads are cut into batches of
`upsert_batch` points sent `upload_parallel` at a time, each batch retried alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from qdrant_client import AsyncQdrantClient, models
from qdrant_client.http.exceptions import (
    ApiException,
)

from core.logging import get_logger
from core.metrics import Metrics
from core.ports.vectors import (
    TENANT_KEY,
    CollectionSpec,
    FacetQuery,
    SearchHit,
    StoredWork,
    WorkPoint,
    point_id,
    title_key,
)
from core.result import ErrorCode, StepResult
from tools.retrieval.client_formula import client_scoring, example_prefetches
from tools.retrieval.client_points import engine_vector, point_struct, stored, tenant_filter
from tools.retrieval.client_retry import Retrier
from tools.retrieval.client_schema import (
    ClusterLayout,
    earlier_page,
    ensure_collection,
    point_alias,
)
from tools.retrieval.common import (
    check_tenants,
    payload_fields,
    record_points,
    search_fields,
    tenant_order,
    timed_op,
)
from tools.retrieval.examples import ResolvedExamples, example_points, resolve, similarity
from tools.retrieval.fusion import check_points, drive_async, plan, to_hit

__all__ = ["ClientVectorStore"]

log = get_logger(__name__)
T = TypeVar("T")


class ClientVectorStore:
    """The `core.ports.vectors.VectorStore` adapter over `AsyncQdrantClient`."""

    def __init__(
        self,
        client: AsyncQdrantClient,
        spec: CollectionSpec,
        *,
        where: str = "the Qdrant server",
        upsert_batch: int = 256,
        shard_number: int = 1,
        replication_factor: int = 1,
        write_consistency_factor: int = 1,
        metrics: Metrics | None = None,
        retries: int = 2,
        retry_base_s: float = 0.2,
        upload_parallel: int = 4,
    ) -> None:
        self._client = client
        self._spec = spec
        self._where = where
        self._batch = upsert_batch
        self._layout = ClusterLayout(shard_number, replication_factor, write_consistency_factor)
        self._metrics = metrics
        self._retrying = Retrier(self.backend, retries, retry_base_s, metrics)
        self._parallel = max(1, upload_parallel)
        self._opened = False
        self._earlier: str | None = None

    @property
    def backend(self) -> str:
        return "qdrant-client"

    @property
    def spec(self) -> CollectionSpec:
        return self._spec

    async def _call(
        self, op: str, fn: Callable[[], Awaitable[T]], *, retry: bool = True
    ) -> StepResult[T]:
        """Run one client call (retried after transient failures unless it retries its own
        parts); the failures of talking to a server become UNAVAILABLE."""
        try:
            with timed_op(self._metrics, self.backend, op):
                value = await (self._retrying(op, fn) if retry else fn())
                return StepResult.success(value)
        except (ApiException, OSError, TimeoutError) as exc:
            log.warning(
                "vector_store_unreachable",
                backend=self.backend,
                op=op,
                where=self._where,
                error=str(exc)[:300],
            )
            return StepResult.failure(
                ErrorCode.UNAVAILABLE,
                f"The vector database ({self._where}) is not reachable, so shows cannot be "
                "searched or saved right now. Try again shortly; operators: check qdrant.url.",
                details={"op": op, "error": str(exc)[:300]},
            )

    # -- opening -------------------------------------------------------------------------------
    async def open(self) -> StepResult[None]:
        if self._opened:
            return StepResult.success(None)
        result = await self._call("open", self._open)
        if result.error is not None:
            return result.cast_error()
        mismatch = result.unwrap()
        if mismatch:
            return StepResult.failure(ErrorCode.UNAVAILABLE, mismatch, retryable=False)
        self._opened = True
        await self._record_points()
        return StepResult.success(None)

    async def _record_points(self) -> None:
        """Best effort: a count that fails after a write must not turn the write into an error."""
        if self._metrics is None:
            return  # nobody reads it: spare the server the request
        try:
            counted = await self._client.count(self._spec.name, exact=False)
        except (ApiException, OSError, TimeoutError):
            return
        record_points(self._metrics, self._spec.name, counted.count)

    async def _open(self) -> str | None:
        opened = await ensure_collection(self._client, self._spec, self._layout, self._where)
        if opened.mismatch:
            return opened.mismatch
        self._earlier = opened.earlier
        log.info(
            "vector_store_opened",
            backend=self.backend,
            collection=self._spec.name,
            created=opened.created,
            where=self._where,
            earlier=opened.earlier,
        )
        return None

    # -- writing -------------------------------------------------------------------------------
    async def upsert(self, points: Sequence[WorkPoint]) -> StepResult[int]:
        check_points(points, self._spec.facets, self._spec.dimension, self._spec.sparse)

        gate = asyncio.Semaphore(self._parallel)

        async def send(batch: list[models.PointStruct]) -> None:
            async with gate:
                await self._retrying(
                    "upsert", lambda: self._client.upsert(self._spec.name, batch, wait=True)
                )

        async def write() -> int:
            batches = [
                [point_struct(p) for p in points[start : start + self._batch]]
                for start in range(0, len(points), self._batch)
            ]
            try:
                # A failed batch cancels the others: the caller is told, and may send it all
                # again (point ids make a repeat harmless).
                async with asyncio.TaskGroup() as group:
                    for batch in batches:
                        group.create_task(send(batch))
            except ExceptionGroup as failed:
                raise failed.exceptions[0] from None
            return len(points)

        written = await self._call("upsert", write, retry=False)
        if written.error is None:
            await self._record_points()
        return written

    async def delete(self, tenant: str, work_ids: Sequence[str]) -> StepResult[int]:
        ids: list[models.ExtendedPointId] = [point_id(tenant, w) for w in work_ids]

        async def remove() -> int:
            found = await self._client.retrieve(self._spec.name, ids, with_payload=False)
            await self._client.delete(self._spec.name, models.PointIdsList(points=ids), wait=True)
            return len(found)

        removed = await self._call("delete", remove)
        if removed.error is None:
            await self._record_points()
        return removed

    # -- reading -------------------------------------------------------------------------------
    async def search(self, query: FacetQuery) -> StepResult[list[SearchHit]]:
        fusion = plan(query)
        if fusion is None:
            return StepResult.success([])
        flt = tenant_filter(query.tenants, query)
        fields = payload_fields(query)
        with_payload: bool | list[str] = True if fields is None else search_fields(fields)
        examples = await self._call("search", lambda: self._examples(query))
        if examples.error is not None:
            return examples.cast_error()
        scoring = client_scoring(query, fusion, examples.unwrap())

        def gate(facet: str, where: models.Filter) -> list[models.Prefetch] | None:
            """A MaxSim facet scores only the nearest works by the gate facet."""
            if fusion.gate is None or not fusion.multi(facet):
                return None
            vector = query.vectors[fusion.gate]
            return [
                models.Prefetch(
                    query=vector, using=fusion.gate, filter=where, limit=fusion.prefetch
                )
            ]

        async def ask(ids: Sequence[str] | None, limit: int) -> list[SearchHit]:
            where = flt
            if ids is not None:
                has: list[models.ExtendedPointId] = list(ids)
                where = models.Filter(must=[flt, models.HasIdCondition(has_id=has)])
            facets = [
                models.Prefetch(
                    query=engine_vector(query, fusion, f),
                    using=f,
                    filter=where,
                    limit=fusion.prefetch,
                    prefetch=gate(f, where),
                )
                for f in fusion.facets
            ]
            response = await self._client.query_points(
                self._spec.name,
                prefetch=facets + example_prefetches(examples.unwrap(), facets, where, fusion),
                query=scoring,
                query_filter=where,
                limit=limit,
                with_payload=with_payload,
                with_vectors=False,
            )
            return [to_hit(query, p.score, p.payload) for p in response.points]

        async def score(ids: Sequence[str]) -> dict[str, list[tuple[str, float]]]:
            where = self._with_ids(query.tenants, ids)
            requests = [
                models.QueryRequest(
                    query=engine_vector(query, fusion, f),
                    using=f,
                    filter=where,
                    limit=len(ids),
                    with_payload=False,
                    with_vector=False,
                )
                for f in fusion.facets
            ]
            answers = await self._client.query_batch_points(self._spec.name, requests)
            return {
                f: [(str(p.id), p.score) for p in answer.points]
                for f, answer in zip(fusion.facets, answers, strict=True)
            }

        hits = await self._call("search", lambda: drive_async(query, fusion, ask, score))
        return hits.map(lambda found: similarity(query, fusion, found, examples.unwrap()))

    async def _examples(self, query: FacetQuery) -> tuple[ResolvedExamples, ...]:
        """The vectors of the query's examples (tools.retrieval.examples)."""
        ids, names = example_points(query)
        if not ids:
            return ()
        points: list[models.ExtendedPointId] = list(ids)
        records = await self._client.retrieve(
            self._spec.name, points, with_payload=False, with_vectors=names
        )
        return resolve(query, {str(r.id): r.vector for r in records if isinstance(r.vector, dict)})

    def _with_ids(self, tenants: Sequence[str], ids: Sequence[str]) -> models.Filter:
        scope = check_tenants(tenants)
        has: list[models.ExtendedPointId] = list(ids)
        return models.Filter(
            must=[
                models.FieldCondition(key=TENANT_KEY, match=models.MatchAny(any=scope)),
                models.HasIdCondition(has_id=has),
            ]
        )

    async def get(
        self, tenants: Sequence[str], work_id: str, *, with_vectors: bool = False
    ) -> StepResult[StoredWork | None]:
        scope = check_tenants(tenants)
        ids: list[models.ExtendedPointId] = [point_id(t, work_id) for t in scope]
        result = await self._call(
            "get",
            lambda: self._client.retrieve(
                self._spec.name, ids, with_payload=True, with_vectors=with_vectors
            ),
        )
        if result.error is not None:
            return result.cast_error()
        works = [stored(r, with_vectors) for r in result.unwrap()]
        works = [w for w in works if w.tenant in scope and w.work_id == work_id]
        order = tenant_order(scope)
        works.sort(key=lambda w: order[w.tenant])
        return StepResult.success(works[0] if works else None)

    async def find_title(
        self, tenants: Sequence[str], title: str, *, with_vectors: bool = False
    ) -> StepResult[list[StoredWork]]:
        flt = tenant_filter(tenants, title=title_key(title))
        result = await self._call(
            "find_title",
            lambda: self._client.scroll(
                self._spec.name,
                scroll_filter=flt,
                limit=50,
                with_payload=True,
                with_vectors=with_vectors,
            ),
        )
        if result.error is not None:
            return result.cast_error()
        records, _ = result.unwrap()
        order = tenant_order(tenants)
        works = [stored(r, with_vectors) for r in records]
        works.sort(key=lambda w: (order.get(w.tenant, len(order)), w.work_id))
        return StepResult.success(works)

    async def titles(self, tenants: Sequence[str], *, limit: int = 10000) -> StepResult[list[str]]:
        flt = tenant_filter(tenants)

        async def collect() -> list[str]:
            found: list[str] = []
            offset: models.ExtendedPointId | None = None
            while len(found) < limit:
                records, offset = await self._client.scroll(
                    self._spec.name,
                    scroll_filter=flt,
                    limit=min(1000, limit - len(found)),
                    offset=offset,
                    with_payload=["title"],
                    with_vectors=False,
                )
                found.extend(str((r.payload or {}).get("title", "")) for r in records)
                if offset is None:
                    break
            return [t for t in found if t]

        return await self._call("titles", collect)

    async def count(self, tenants: Sequence[str]) -> StepResult[int]:
        flt = tenant_filter(tenants)
        result = await self._call(
            "count", lambda: self._client.count(self._spec.name, count_filter=flt, exact=True)
        )
        return result.map(lambda r: r.count)

    # -- carrying works over from an older layout ----------------------------------------------
    async def earlier(self) -> StepResult[str | None]:
        return StepResult.success(self._earlier)

    async def earlier_works(
        self, skip_tenants: Sequence[str], *, offset: str | None = None, limit: int = 64
    ) -> StepResult[tuple[list[StoredWork], str | None]]:
        name = self._earlier
        if name is None:
            return StepResult.success(([], None))
        return await self._call(
            "earlier", lambda: earlier_page(self._client, name, skip_tenants, offset, limit)
        )

    async def settle(self) -> StepResult[None]:
        settled = await self._call("settle", lambda: point_alias(self._client, self._spec))
        if settled.error is None:
            self._earlier = None
        return settled

    async def close(self) -> None:
        await self._client.close()
