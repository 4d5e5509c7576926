"""The server store's conversions between the port's types (`core.ports.vectors`) and
qdrant-client's models: points written, vectors queried, records read back, tenant filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qdrant_client import models

from core.ports.vectors import (
    TENANT_KEY,
    TITLE_KEY,
    WORK_ID_KEY,
    AnyVector,
    FacetQuery,
    SparseVector,
    StoredWork,
    WorkPoint,
    point_id,
)
from tools.retrieval.common import check_tenants, excluded_ids, full_payload
from tools.retrieval.fusion import FusionPlan, query_vector

__all__ = ["engine_vector", "point_struct", "stored", "tenant_filter"]


def point_struct(point: WorkPoint) -> models.PointStruct:
    named: dict[str, Any] = {
        f: v if isinstance(v, list) else list(v) for f, v in point.vectors.items()
    }
    for name, sparse in point.sparse.items():
        named[name] = models.SparseVector(indices=list(sparse.indices), values=list(sparse.values))
    return models.PointStruct(
        id=point_id(point.tenant, point.work_id), vector=named, payload=full_payload(point)
    )


def engine_vector(query: FacetQuery, fusion: FusionPlan, facet: str) -> Any:
    """The query's vector on this facet as the client sends it (dense list or sparse model)."""
    vector = query_vector(query, fusion, facet)
    if isinstance(vector, SparseVector):
        return models.SparseVector(indices=list(vector.indices), values=list(vector.values))
    return vector


def stored(record: models.Record, with_vectors: bool) -> StoredWork:
    payload = record.payload or {}
    vectors = record.vector if with_vectors and isinstance(record.vector, dict) else None
    # Sparse vectors are not handed back: a search rebuilds them from the payload's text.
    dense: dict[str, AnyVector] | None = (
        {str(k): list(v) for k, v in vectors.items() if not isinstance(v, models.SparseVector)}  # type: ignore[misc]
        if vectors
        else None
    )
    return StoredWork(
        tenant=str(payload.get(TENANT_KEY, "")),
        work_id=str(payload.get(WORK_ID_KEY, "")),
        payload=payload,
        vectors=dense,
    )


def tenant_filter(
    tenants: Sequence[str], query: FacetQuery | None = None, title: str | None = None
) -> models.Filter:
    """Only these tenants' works, less what the query leaves out, or this title's."""
    scope = check_tenants(tenants)
    must: list[Any] = [models.FieldCondition(key=TENANT_KEY, match=models.MatchAny(any=scope))]
    if title is not None:
        must.append(models.FieldCondition(key=TITLE_KEY, match=models.MatchValue(value=title)))
    must_not: list[Any] = []
    if query is not None:
        ids: list[models.ExtendedPointId] = list(excluded_ids(query))
        if ids:
            must_not.append(models.HasIdCondition(has_id=ids))
        if query.exclude_title_keys:
            must_not.append(
                models.FieldCondition(
                    key=TITLE_KEY, match=models.MatchAny(any=list(query.exclude_title_keys))
                )
            )
    return models.Filter(must=must, must_not=must_not or None)
