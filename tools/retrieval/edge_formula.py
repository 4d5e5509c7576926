"""The fused score as qdrant-edge's formula (the same as tools.retrieval.client_formula's for
qdrant-client): see tools.retrieval.fusion."""

from __future__ import annotations

from typing import Any

import qdrant_edge as qe

from core.ports.vectors import TAGS, TAGS_INV_NORM_KEY, TAGS_KEY, FacetQuery
from tools.retrieval.fusion import RRF_K, FusionPlan

__all__ = ["edge_scoring"]


def edge_scoring(query: FacetQuery, fusion: FusionPlan) -> Any:
    """The engine's fusion of the prefetches: the weighted formula, or weighted RRF."""
    if query.fusion == "rrf":
        return qe.Fusion.Rrf(k=RRF_K, weights=[fusion.weights[f] for f in fusion.facets])
    expr = qe.Expression
    terms = [
        expr.Mult([expr.Constant(fusion.coefficient(f)), expr.Variable(f"$score[{i}]")])
        for i, f in enumerate(fusion.facets)
    ]
    if fusion.tag_terms:
        shared = expr.Sum(
            [
                expr.Mult(
                    [
                        expr.Constant(coef),
                        expr.Condition(qe.FieldCondition(TAGS_KEY, match=qe.MatchValue(tag))),
                    ]
                )
                for tag, coef in fusion.tag_terms
            ]
        )
        terms.append(
            expr.Mult(
                [
                    expr.Constant(fusion.weights[TAGS]),
                    expr.Variable(TAGS_INV_NORM_KEY),
                    shared,
                ]
            )
        )
    defaults: dict[str, Any] = {f"$score[{i}]": 0.0 for i in range(len(fusion.facets))}
    defaults[TAGS_INV_NORM_KEY] = 0.0
    return qe.Formula(expr.Sum(terms), defaults=defaults)
