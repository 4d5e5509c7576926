"""The embedded store: qdrant-edge (the Qdrant engine in-process), the default without a server.

Layout under `root` (settings.data_dir / "qdrant"): one shard directory per collection name
(`<prefix>_<model>_v<schema>`), our own `studio_collection.json` beside the engine's files (what the
shard holds: model, vector size, facets), and `aliases.json`. Edge has no aliases of its own, so
that file plays the alias: it maps the stable alias to the collection this process uses, for
operators and tools that look the store up by alias. After a layout change it keeps naming the
earlier collection until its servers' works are carried over (tools.retrieval.edge_earlier).

The engine's calls are synchronous (a millisecond for a filtered search at 100k points); they run
on one dedicated thread, which also keeps writes in order. One process at a time owns a shard: a
lock file next to it makes a second process (a `studio catalog import` while the bot runs) get a
clear UNAVAILABLE instead of the engine's own WAL error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import qdrant_edge as qe

from core.logging import get_logger
from core.metrics import Metrics
from core.ports.vectors import (
    TENANT_KEY,
    TITLE_KEY,
    WORK_ID_KEY,
    CollectionSpec,
    FacetQuery,
    SearchHit,
    StoredWork,
    WorkPoint,
    point_id,
    title_key,
)
from core.result import ErrorCode, StepResult
from tools.retrieval.common import (
    check_tenants,
    excluded_ids,
    full_payload,
    payload_fields,
    record_points,
    search_fields,
    tenant_order,
    timed_op,
)
from tools.retrieval.edge_earlier import EarlierShard
from tools.retrieval.edge_formula import edge_scoring, example_prefetches
from tools.retrieval.edge_points import engine_vectors, named_vectors, nearest
from tools.retrieval.edge_schema import ALIAS_FILE, ShardLock, create_shard, mismatch
from tools.retrieval.examples import ResolvedExamples, example_points, resolve, similarity
from tools.retrieval.fusion import check_points, drive, plan, to_hit

__all__ = ["ALIAS_FILE", "EdgeVectorStore"]

log = get_logger(__name__)
T = TypeVar("T")


class EdgeVectorStore:
    """The `core.ports.vectors.VectorStore` adapter over `qdrant_edge.EdgeShard`."""

    def __init__(
        self,
        root: Path,
        spec: CollectionSpec,
        *,
        upsert_batch: int = 256,
        metrics: Metrics | None = None,
    ) -> None:
        self._root = Path(root)
        self._spec = spec
        self._batch = upsert_batch
        self._metrics = metrics
        self._shard: qe.EdgeShard | None = None
        self._lock = ShardLock(self._root / f"{spec.name}.lock")
        self._earlier = EarlierShard(self._root, spec)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qdrant-edge")

    @property
    def backend(self) -> str:
        return "qdrant-edge"

    @property
    def spec(self) -> CollectionSpec:
        return self._spec

    @property
    def path(self) -> Path:
        return self._root / self._spec.name

    async def _run(self, fn: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    def _ready(self) -> qe.EdgeShard:
        if self._shard is None:
            raise RuntimeError("open() the store before using it")
        return self._shard

    # -- opening -------------------------------------------------------------------------------
    async def open(self) -> StepResult[None]:
        if self._shard is not None:
            return StepResult.success(None)
        try:
            return await self._run(self._open_sync)
        except OSError as exc:
            return StepResult.failure(
                ErrorCode.UNAVAILABLE,
                f"The embedded vector store at {self.path} cannot be opened ({exc.strerror}). "
                "Check that the data directory is writable.",
                retryable=False,
            )

    def _open_sync(self) -> StepResult[None]:
        path = self.path
        created = False
        if not self._lock.take():
            return StepResult.failure(
                ErrorCode.UNAVAILABLE,
                f"The embedded vector store at {path} is in use by another studio process. Stop "
                "that process first, or run a Qdrant server for several processes (qdrant.url).",
                retryable=False,
            )
        if (path / "segments").exists():
            wrong = mismatch(path, self._spec)
            if wrong:
                self._lock.release()
                return StepResult.failure(ErrorCode.UNAVAILABLE, wrong, retryable=False)
            self._shard = qe.EdgeShard.load(str(path))
        else:
            self._shard = create_shard(path, self._spec)
            created = True
        earlier = self._earlier.find()
        points = self._shard.info().points_count
        record_points(self._metrics, self._spec.name, points)
        log.info(
            "vector_store_opened",
            backend=self.backend,
            collection=self._spec.name,
            created=created,
            points=points,
            earlier=earlier,
        )
        return StepResult.success(None)

    def _record_points(self, shard: qe.EdgeShard) -> None:
        if self._metrics is not None:  # counting is only for whoever reads the gauge
            record_points(self._metrics, self._spec.name, shard.info().points_count)

    # -- writing -------------------------------------------------------------------------------
    async def upsert(self, points: Sequence[WorkPoint]) -> StepResult[int]:
        check_points(points, self._spec.facets, self._spec.dimension, self._spec.sparse)
        shard = self._ready()

        def write() -> int:
            for start in range(0, len(points), self._batch):
                batch = [
                    qe.Point(point_id(p.tenant, p.work_id), engine_vectors(p), full_payload(p))
                    for p in points[start : start + self._batch]
                ]
                shard.update(qe.UpdateOperation.upsert_points(batch))
            self._record_points(shard)
            return len(points)

        with timed_op(self._metrics, self.backend, "upsert"):
            written = await self._run(write)
        return StepResult.success(written)

    async def delete(self, tenant: str, work_ids: Sequence[str]) -> StepResult[int]:
        shard = self._ready()
        ids: list[qe.PointId] = [point_id(tenant, w) for w in work_ids]

        def remove() -> int:
            found = len(shard.retrieve(ids, with_payload=False, with_vector=False))
            shard.update(qe.UpdateOperation.delete_points(ids))
            self._record_points(shard)
            return found

        return StepResult.success(await self._run(remove))

    # -- reading -------------------------------------------------------------------------------
    def _filter(
        self, tenants: Sequence[str], query: FacetQuery | None = None, title: str | None = None
    ) -> qe.Filter:
        scope = check_tenants(tenants)
        match: qe.MatchValue | qe.MatchAny = (
            qe.MatchValue(scope[0]) if len(scope) == 1 else qe.MatchAny(scope)
        )
        must: list[Any] = [qe.FieldCondition(TENANT_KEY, match=match)]
        if title is not None:
            must.append(qe.FieldCondition(TITLE_KEY, match=qe.MatchValue(title)))
        must_not: list[Any] = []
        if query is not None:
            ids = excluded_ids(query)
            if ids:
                must_not.append(qe.HasIdCondition(set(ids)))
            if query.exclude_title_keys:
                must_not.append(
                    qe.FieldCondition(TITLE_KEY, match=qe.MatchAny(list(query.exclude_title_keys)))
                )
        return qe.Filter(must=must, must_not=must_not or None)

    async def search(self, query: FacetQuery) -> StepResult[list[SearchHit]]:
        fusion = plan(query)
        if fusion is None:
            return StepResult.success([])
        shard = self._ready()
        flt = self._filter(query.tenants, query)
        fields = payload_fields(query)
        with_payload: bool | list[str] = True if fields is None else search_fields(fields)
        examples = await self._run(lambda: self._examples(shard, query))
        scoring = edge_scoring(query, fusion, examples)

        def gate(facet: str, where: qe.Filter) -> list[qe.Prefetch] | None:
            """A MaxSim facet scores only the nearest works by the gate facet."""
            if fusion.gate is None or not fusion.multi(facet):
                return None
            near = qe.Query.Nearest(query.vectors[fusion.gate], using=fusion.gate)
            return [qe.Prefetch(limit=fusion.prefetch, query=near, filter=where)]

        def ask(ids: Sequence[str] | None, limit: int) -> list[SearchHit]:
            where = flt if ids is None else qe.Filter(must=[flt, qe.HasIdCondition(set(ids))])
            facets = [
                qe.Prefetch(
                    limit=fusion.prefetch,
                    query=nearest(query, fusion, f),
                    filter=where,
                    prefetches=gate(f, where),
                )
                for f in fusion.facets
            ]
            request = qe.QueryRequest(
                limit=limit,
                prefetches=facets + example_prefetches(examples, facets, where, fusion),
                query=scoring,
                filter=where,
                with_payload=with_payload,
                with_vector=False,
            )
            return [to_hit(query, p.score, p.payload) for p in shard.query(request)]

        def score(ids: Sequence[str]) -> dict[str, list[tuple[str, float]]]:
            where = self._with_ids(query.tenants, ids)
            batch = qe.QueryBatchRequest(
                [
                    qe.QueryRequest(
                        limit=len(ids),
                        query=nearest(query, fusion, f),
                        filter=where,
                        with_payload=False,
                        with_vector=False,
                    )
                    for f in fusion.facets
                ]
            )
            answers = shard.query_batch(batch)
            return {
                f: [(str(p.id), p.score) for p in points]
                for f, points in zip(fusion.facets, answers, strict=True)
            }

        with timed_op(self._metrics, self.backend, "search"):
            hits = await self._run(lambda: drive(query, fusion, ask, score))
        return StepResult.success(similarity(query, fusion, hits, examples))

    @staticmethod
    def _examples(shard: qe.EdgeShard, query: FacetQuery) -> tuple[ResolvedExamples, ...]:
        """The vectors of the query's examples (tools.retrieval.examples)."""
        ids, names = example_points(query)
        if not ids:
            return ()
        records = shard.retrieve(list(ids), with_payload=False, with_vector=names)
        return resolve(query, {str(r.id): named_vectors(r.vector) for r in records})

    def _with_ids(self, tenants: Sequence[str], ids: Sequence[str]) -> qe.Filter:
        scope = check_tenants(tenants)
        return qe.Filter(
            must=[
                qe.FieldCondition(TENANT_KEY, match=qe.MatchAny(scope)),
                qe.HasIdCondition(set(ids)),
            ]
        )

    async def get(
        self, tenants: Sequence[str], work_id: str, *, with_vectors: bool = False
    ) -> StepResult[StoredWork | None]:
        scope = check_tenants(tenants)
        shard = self._ready()
        ids: list[qe.PointId] = [point_id(t, work_id) for t in scope]
        records = await self._run(
            lambda: shard.retrieve(ids, with_payload=True, with_vector=with_vectors)
        )
        works = [self._stored(r, with_vectors) for r in records]
        # The id already encodes the tenant; checking the payload too costs nothing.
        works = [w for w in works if w.tenant in scope and w.work_id == work_id]
        order = tenant_order(scope)
        works.sort(key=lambda w: order[w.tenant])
        return StepResult.success(works[0] if works else None)

    async def find_title(
        self, tenants: Sequence[str], title: str, *, with_vectors: bool = False
    ) -> StepResult[list[StoredWork]]:
        shard = self._ready()
        request = qe.ScrollRequest(
            limit=50,
            filter=self._filter(tenants, title=title_key(title)),
            with_payload=True,
            with_vector=with_vectors,
        )
        records, _ = await self._run(lambda: shard.scroll(request))
        order = tenant_order(tenants)
        works = [self._stored(r, with_vectors) for r in records]
        works.sort(key=lambda w: (order.get(w.tenant, len(order)), w.work_id))
        return StepResult.success(works)

    async def titles(self, tenants: Sequence[str], *, limit: int = 10000) -> StepResult[list[str]]:
        shard = self._ready()
        flt = self._filter(tenants)

        def collect() -> list[str]:
            found: list[str] = []
            offset: qe.PointId | None = None
            while len(found) < limit:
                request = qe.ScrollRequest(
                    offset=offset,
                    limit=min(1000, limit - len(found)),
                    filter=flt,
                    with_payload=["title"],
                    with_vector=False,
                )
                records, offset = shard.scroll(request)
                found.extend(str((r.payload or {}).get("title", "")) for r in records)
                if offset is None:
                    break
            return [t for t in found if t]

        return StepResult.success(await self._run(collect))

    async def count(self, tenants: Sequence[str]) -> StepResult[int]:
        shard = self._ready()
        request = qe.CountRequest(exact=True, filter=self._filter(tenants))
        return StepResult.success(await self._run(lambda: shard.count(request)))

    # -- carrying works over from an older layout ----------------------------------------------
    async def earlier(self) -> StepResult[str | None]:
        self._ready()
        return StepResult.success(self._earlier.name)

    async def earlier_works(
        self, skip_tenants: Sequence[str], *, offset: str | None = None, limit: int = 64
    ) -> StepResult[tuple[list[StoredWork], str | None]]:
        self._ready()
        return await self._run(lambda: self._earlier.read(skip_tenants, offset, limit))

    async def settle(self) -> StepResult[None]:
        self._ready()
        await self._run(self._earlier.settle)
        return StepResult.success(None)

    def _stored(self, record: qe.Record, with_vectors: bool) -> StoredWork:
        payload = record.payload or {}
        return StoredWork(
            tenant=str(payload.get(TENANT_KEY, "")),
            work_id=str(payload.get(WORK_ID_KEY, "")),
            payload=payload,
            vectors=named_vectors(record.vector) if with_vectors else None,
        )

    async def close(self) -> None:
        shard, self._shard = self._shard, None
        if shard is not None:
            await self._run(shard.close)
            await self._run(self._earlier.close)
        self._lock.release()
        self._executor.shutdown(wait=True)
