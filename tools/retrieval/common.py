"""What both store adapters share: the payload every point carries, candidate bookkeeping, and
timing/metrics around each call."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from core.metrics import Metrics
from core.ports.vectors import (
    TAGS_INV_NORM_KEY,
    TAGS_KEY,
    TENANT_KEY,
    TITLE_KEY,
    WORK_ID_KEY,
    FacetQuery,
    WorkPoint,
    point_id,
    title_key,
)
from core.stats import VECTOR_POINTS

__all__ = [
    "excluded_ids",
    "full_payload",
    "payload_fields",
    "search_fields",
    "tenant_order",
    "timed_op",
]

# Always returned, whatever the caller selects: hits must say whose work they are.
_IDENTITY = (TENANT_KEY, WORK_ID_KEY, TITLE_KEY)


def full_payload(point: WorkPoint) -> dict[str, Any]:
    payload = dict(point.payload)
    payload[TENANT_KEY] = point.tenant
    payload[WORK_ID_KEY] = point.work_id
    title = payload.get("title")
    if isinstance(title, str):
        payload[TITLE_KEY] = title_key(title)
    return payload


def payload_fields(query: FacetQuery) -> list[str] | None:
    if query.payload_keys is None:
        return None
    return list(dict.fromkeys((*_IDENTITY, *query.payload_keys)))


def search_fields(fields: list[str]) -> list[str]:
    """The payload a search reads: what the caller selected, and the tags its score uses."""
    return list(dict.fromkeys((*fields, TAGS_KEY, TAGS_INV_NORM_KEY)))


def excluded_ids(query: FacetQuery) -> list[str]:
    return [point_id(tenant, work_id) for tenant, work_id in query.exclude]


def tenant_order(tenants: Sequence[str]) -> dict[str, int]:
    """Rank of each tenant in a lookup: a server's own copy of a show wins over the catalog's."""
    return {t: i for i, t in enumerate(dict.fromkeys(tenants))}


def check_tenants(tenants: Sequence[str]) -> list[str]:
    unique = [t for t in dict.fromkeys(tenants) if t]
    if not unique:
        # Reading without a tenant would read every server's shows: a bug in the caller.
        raise ValueError("every read names at least one tenant")
    return unique


@contextmanager
def timed_op(metrics: Metrics | None, backend: str, op: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        if metrics is not None:
            metrics.observe(
                "vector_store_seconds", time.perf_counter() - start, op=op, backend=backend
            )


def record_points(metrics: Metrics | None, collection: str, points: int | None) -> None:
    """The collection's size for `/admin stats` and /metrics (after open and every write)."""
    if metrics is not None and points is not None:
        metrics.set_gauge(VECTOR_POINTS, float(points), collection=collection)


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
