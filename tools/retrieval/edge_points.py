"""The embedded store's conversions between the port's types (`core.ports.vectors`) and
qdrant-edge's: vectors written, queries made, named vectors read back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import qdrant_edge as qe

from core.ports.vectors import FacetQuery, SparseVector, WorkPoint
from tools.retrieval.fusion import FusionPlan, query_vector

__all__ = ["engine_vectors", "named_vectors", "nearest"]


def engine_vectors(point: WorkPoint) -> dict[str, Any]:
    """A point's named vectors as the engine takes them: dense lists and sparse vectors."""
    named: dict[str, Any] = {
        f: v if isinstance(v, list) else list(v) for f, v in point.vectors.items()
    }
    for name, sparse in point.sparse.items():
        named[name] = qe.SparseVector(list(sparse.indices), list(sparse.values))
    return named


def nearest(query: FacetQuery, fusion: FusionPlan, facet: str) -> qe.Query:
    vector = query_vector(query, fusion, facet)
    if isinstance(vector, SparseVector):
        return qe.Query.Nearest(
            qe.SparseVector(list(vector.indices), list(vector.values)), using=facet
        )
    return qe.Query.Nearest(vector, using=facet)


def named_vectors(vector: Any) -> dict[str, list[float]]:
    """The dense named vectors of a record (sparse ones are rebuilt from the payload's text)."""
    if isinstance(vector, Mapping):
        return {str(k): list(v) for k, v in vector.items() if not isinstance(v, qe.SparseVector)}
    return {}
