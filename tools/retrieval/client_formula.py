"""The fused score as a qdrant-client query (the same formula as tools.retrieval.edge_formula's
for qdrant-edge): see tools.retrieval.fusion."""

from __future__ import annotations

from typing import Any

from qdrant_client import models

from core.ports.vectors import TAGS, TAGS_INV_NORM_KEY, TAGS_KEY, FacetQuery
from tools.retrieval.fusion import RRF_K, FusionPlan

__all__ = ["client_scoring"]


def client_scoring(query: FacetQuery, fusion: FusionPlan) -> models.FormulaQuery | models.RrfQuery:
    """The engine's fusion of the prefetches (the same formula as the edge adapter's)."""
    if query.fusion == "rrf":
        return models.RrfQuery(
            rrf=models.Rrf(k=RRF_K, weights=[fusion.weights[f] for f in fusion.facets])
        )
    terms: list[models.Expression] = [
        models.MultExpression(mult=[fusion.coefficient(f), f"$score[{i}]"])
        for i, f in enumerate(fusion.facets)
    ]
    if fusion.tag_terms:
        shared = models.SumExpression(
            sum=[
                models.MultExpression(
                    mult=[
                        coef,
                        models.FieldCondition(key=TAGS_KEY, match=models.MatchValue(value=tag)),
                    ]
                )
                for tag, coef in fusion.tag_terms
            ]
        )
        terms.append(models.MultExpression(mult=[fusion.weights[TAGS], TAGS_INV_NORM_KEY, shared]))
    defaults: dict[str, Any] = {f"$score[{i}]": 0.0 for i in range(len(fusion.facets))}
    defaults[TAGS_INV_NORM_KEY] = 0.0
    return models.FormulaQuery(formula=models.SumExpression(sum=terms), defaults=defaults)
