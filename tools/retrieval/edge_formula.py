"""The fused score as qdrant-edge's formula (the same as tools.retrieval.client_formula's for
qdrant-client): see tools.retrieval.fusion; the recommendation terms: tools.retrieval.examples."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import qdrant_edge as qe

from core.ports.vectors import TAGS, TAGS_INV_NORM_KEY, TAGS_KEY, FacetQuery
from tools.retrieval.examples import ResolvedExamples, example_limit
from tools.retrieval.fusion import RRF_K, FusionPlan

__all__ = ["edge_scoring", "example_prefetches"]


def edge_scoring(
    query: FacetQuery, fusion: FusionPlan, examples: Sequence[ResolvedExamples] = ()
) -> Any:
    """The engine's fusion of the prefetches: the weighted formula, or weighted RRF; the
    prefetches of `examples` come after the facets'."""
    if query.fusion == "rrf":
        weights = [fusion.weights[f] for f in fusion.facets] + [e.weight for e in examples]
        return qe.Fusion.Rrf(k=RRF_K, weights=weights)
    expr = qe.Expression
    terms = [
        expr.Mult([expr.Constant(fusion.coefficient(f)), expr.Variable(f"$score[{i}]")])
        for i, f in enumerate(fusion.facets)
    ]
    first = len(fusion.facets)
    terms += [
        expr.Mult([expr.Constant(e.weight), expr.Variable(f"$score[{first + j}]")])
        for j, e in enumerate(examples)
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
    defaults: dict[str, Any] = {f"$score[{i}]": 0.0 for i in range(first + len(examples))}
    defaults[TAGS_INV_NORM_KEY] = 0.0
    return qe.Formula(expr.Sum(terms), defaults=defaults)


def example_prefetches(
    examples: Sequence[ResolvedExamples],
    facets: list[qe.Prefetch],
    where: qe.Filter,
    fusion: FusionPlan,
) -> list[qe.Prefetch]:
    """One recommendation (sum_scores) per `examples`, re-scoring what the facets found."""
    return [
        qe.Prefetch(
            limit=example_limit(fusion),
            query=qe.Query.RecommendSumScores(
                qe.RecommendQuery(list(e.positive), list(e.negative)), using=e.using
            ),
            prefetches=facets,
            filter=where,
        )
        for e in examples
    ]
