"""The fused score as a qdrant-client query (the same formula as tools.retrieval.edge_formula's
for qdrant-edge): see tools.retrieval.fusion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qdrant_client import models

from core.ports.vectors import TAGS, TAGS_INV_NORM_KEY, TAGS_KEY, FacetQuery
from tools.retrieval.examples import ResolvedExamples, example_limit
from tools.retrieval.fusion import RRF_K, FusionPlan

__all__ = ["client_scoring", "example_prefetches"]


def client_scoring(
    query: FacetQuery, fusion: FusionPlan, examples: Sequence[ResolvedExamples] = ()
) -> models.FormulaQuery | models.RrfQuery:
    """The engine's fusion of the prefetches (the same formula as the edge adapter's); the
    prefetches of `examples` come after the facets'."""
    if query.fusion == "rrf":
        weights = [fusion.weights[f] for f in fusion.facets] + [e.weight for e in examples]
        return models.RrfQuery(rrf=models.Rrf(k=RRF_K, weights=weights))
    terms: list[models.Expression] = [
        models.MultExpression(mult=[fusion.coefficient(f), f"$score[{i}]"])
        for i, f in enumerate(fusion.facets)
    ]
    first = len(fusion.facets)
    terms += [
        models.MultExpression(mult=[e.weight, f"$score[{first + j}]"])
        for j, e in enumerate(examples)
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
    defaults: dict[str, Any] = {f"$score[{i}]": 0.0 for i in range(first + len(examples))}
    defaults[TAGS_INV_NORM_KEY] = 0.0
    return models.FormulaQuery(formula=models.SumExpression(sum=terms), defaults=defaults)


def example_prefetches(
    examples: Sequence[ResolvedExamples],
    facets: list[models.Prefetch],
    where: models.Filter,
    fusion: FusionPlan,
) -> list[models.Prefetch]:
    """One recommendation (sum_scores) per `examples`, re-scoring what the facets found."""
    return [
        models.Prefetch(
            query=models.RecommendQuery(
                recommend=models.RecommendInput(
                    positive=list(e.positive),
                    negative=list(e.negative),
                    strategy=models.RecommendStrategy.SUM_SCORES,
                )
            ),
            using=e.using,
            prefetch=facets,
            filter=where,
            limit=example_limit(fusion),
        )
        for e in examples
    ]
