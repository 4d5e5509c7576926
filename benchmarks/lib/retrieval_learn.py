"""A learned linear ranker for "shows like X", for benchmarks/retrieval_quality.py --tune: fusion
weights fitted on the fan-judgement dev pairs instead of picked from a grid.

For each dev query show, every catalog show a fan accepts as alike is a positive and every other
show a negative (a show labelled "alike only on the surface" counts `hard` times); the weights
minimise the pairwise logistic loss log(1 + exp(-(s(pos) - s(neg)))) over those pairs, with a
small L2 penalty, and stay non-negative so they are the weights of the store's score formula
(ranking stays inside Qdrant). `cross_validated` refits per fold on the other folds' queries and
scores the held-out ones, with the folds of benchmarks/lib/retrieval_cv.py. `fit_top` is the same
loss over the negatives that compete for the first results only (the hardest per query).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize

from benchmarks.lib import retrieval_eval as ev
from benchmarks.lib.retrieval_cv import folds_of, pool, pooled

__all__ = ["cross_validated", "fit", "fit_top", "nested_cross_validated", "pairs", "report"]

Array = npt.NDArray[np.float64]

# Negatives per query kept by the objective for the first results (`fit_top`).
TOPS = (10, 20)


def _features(mats: Mapping[str, ev.Matrix], keys: Sequence[str]) -> Array:
    """(query, candidate, signal) scores."""
    return np.stack([np.asarray(mats[k], dtype=np.float64) for k in keys], axis=-1)


def pairs(
    features: Array,
    ids: Sequence[str],
    rows: Sequence[int],
    alike: Mapping[int, frozenset[str]],
    surface: Mapping[int, frozenset[str]],
    hard: float,
    *,
    top: int | None = None,
    scores: Array | None = None,
) -> tuple[Array, Array]:
    """Feature differences (positive minus negative) of every pair of each query row, and each
    pair's weight; with `top`, each query's negatives are only the `top` that `scores` (query,
    candidate) ranks highest: the ones that compete for the first results."""
    diffs: list[Array] = []
    weights: list[Array] = []
    for row in rows:
        good = alike[row]
        pos = [j for j, i in enumerate(ids) if i in good and j != row]
        neg = [j for j, i in enumerate(ids) if i not in good and j != row]
        if not pos or not neg:
            continue
        if top is not None and scores is not None:
            neg = sorted(neg, key=lambda j: -float(scores[row, j]))[:top]
        x = features[row]
        diffs.append((x[pos][:, None, :] - x[neg][None, :, :]).reshape(-1, x.shape[-1]))
        per_neg = np.where([ids[j] in surface.get(row, frozenset()) for j in neg], hard, 1.0)
        weights.append(np.tile(per_neg, len(pos)))
    return np.concatenate(diffs), np.concatenate(weights)


def fit(diffs: Array, weights: Array, l2: float) -> Array:
    """Non-negative weights minimising the weighted pairwise logistic loss, summing to 1."""
    total = weights.sum()

    def loss(w: Array) -> tuple[float, Array]:
        z = diffs @ w
        value = float(np.sum(weights * np.logaddexp(0.0, -z)) / total + l2 * w @ w)
        slope = -weights / (1.0 + np.exp(z)) / total
        return value, diffs.T @ slope + 2.0 * l2 * w

    start = np.full(diffs.shape[1], 1.0 / diffs.shape[1])
    found = minimize(
        loss, start, jac=True, method="L-BFGS-B", bounds=[(0.0, None)] * diffs.shape[1]
    )
    w = np.asarray(found.x, dtype=np.float64)
    return w / w.sum() if w.sum() > 0 else start


def cross_validated(
    mats: Mapping[str, ev.Matrix],
    keys: Sequence[str],
    ids: Sequence[str],
    rows: Sequence[int],
    alike: Sequence[frozenset[str]],
    surface: Sequence[frozenset[str]],
    *,
    l2: float = 1e-3,
    hard: float = 3.0,
    folds: int = 4,
    seeds: Sequence[int] = (0, 1, 2),
    top: int | None = None,
) -> dict[str, Any]:
    """Held-out figures of the ranker refitted per fold (pooled over folds, averaged over
    seeds), the weights fitted on all rows, and how far the fold weights stray from them.
    `top`: an objective for the first results (`fit_top`) instead of every pair."""
    features = _features(mats, keys)
    good = dict(zip(rows, alike, strict=True))
    bad = dict(zip(rows, surface, strict=True))
    totals: dict[str, float] = {}
    chosen: list[Array] = []

    def fitted(train: Sequence[int]) -> Array:
        return fit_top(features, ids, train, good, bad, hard=hard, l2=l2, top=top)

    for held, train in folds_of(rows, [ids[r] for r in rows], folds, seeds):
        w = fitted(train)
        chosen.append(w)
        ranked = ev.rank_rows((features @ w).astype(np.float32), ids, held, self_out=True)
        pool(totals, ev.metrics(ranked, [good[r] for r in held]), len(held))
    everything = fitted(rows)
    spread = np.abs(np.asarray(chosen) - everything).max(axis=0)
    return {
        **pooled(totals, len(rows), len(seeds)),
        "weights": {k: round(float(w), 3) for k, w in zip(keys, everything, strict=True)},
        "fold_spread": {k: round(float(s), 3) for k, s in zip(keys, spread, strict=True)},
    }


def fit_top(
    features: Array,
    ids: Sequence[str],
    rows: Sequence[int],
    good: Mapping[int, frozenset[str]],
    bad: Mapping[int, frozenset[str]],
    *,
    hard: float,
    l2: float,
    top: int | None,
) -> Array:
    """The weights over every pair; with `top`, refitted on the pairs whose negative is among
    the `top` that those weights rank highest for its query (a loss for the first results: a
    far negative every weighting already sinks no longer pulls the weights)."""
    w = fit(*pairs(features, ids, rows, good, bad, hard), l2)
    if top is None:
        return w
    return fit(*pairs(features, ids, rows, good, bad, hard, top=top, scores=features @ w), l2)


def nested_cross_validated(
    variants: Mapping[str, Mapping[str, ev.Matrix]],
    keys: Sequence[str],
    ids: Sequence[str],
    rows: Sequence[int],
    alike: Sequence[frozenset[str]],
    surface: Sequence[frozenset[str]],
    *,
    l2: float = 1e-3,
    hard: float = 3.0,
    folds: int = 4,
    seeds: Sequence[int] = (0, 1, 2),
) -> dict[str, Any]:
    """Held-out figures when the variant (a set of signal matrices) is chosen per fold by the
    ranker's in-sample figures on the training folds (hit@1 + p@5 / 2 + MRR / 10), refitted
    there, and scored on the held-out fold; with how often each variant was chosen."""
    features = {name: _features(mats, keys) for name, mats in variants.items()}
    good = dict(zip(rows, alike, strict=True))
    bad = dict(zip(rows, surface, strict=True))
    totals: dict[str, float] = {}
    chosen: dict[str, int] = {}

    def scored(x: Array, w: Array, which: Sequence[int]) -> dict[str, float]:
        ranked = ev.rank_rows((x @ w).astype(np.float32), ids, which, self_out=True)
        return ev.metrics(ranked, [good[r] for r in which])

    for held, train in folds_of(rows, [ids[r] for r in rows], folds, seeds):
        best: tuple[float, str, Array] | None = None
        for name, x in features.items():
            w = fit(*pairs(x, ids, train, good, bad, hard), l2)
            m = scored(x, w, train)
            value = ev.fan_objective(m)
            if best is None or value > best[0]:
                best = (value, name, w)
        assert best is not None
        _, name, w = best
        chosen[name] = chosen.get(name, 0) + 1
        pool(totals, scored(features[name], w, held), len(held))
    return {
        **pooled(totals, len(rows), len(seeds)),
        "chosen": dict(sorted(chosen.items(), key=lambda kv: -kv[1])),
    }


def report(
    mats: Mapping[str, ev.Matrix],
    ids: Sequence[str],
    rows: Sequence[int],
    dev: Sequence[ev.FanQuery],
) -> dict[str, Any]:
    """Dev CV of the ranker that chose WORK_WEIGHTS (dev query rows and their queries), with
    the weights it fits on all of dev."""
    out = {}
    for keys in (
        ("synopsis", "facts", "tags"),
        ("synopsis", "facts", "sentences", "tags", "words"),
    ):
        for l2 in (1e-4, 1e-3):
            found = cross_validated(
                mats, keys, ids, rows, [q.alike for q in dev], [q.surface for q in dev], l2=l2
            )
            out[f"learned:{'+'.join(keys)}:l2={l2:g}"] = found
            print(f"fan dev 4-fold CV, learned {keys} l2={l2:g}: {found}", file=sys.stderr)
    keys = ("synopsis", "facts", "tags")
    for top in TOPS:  # a loss that cares about the first results only
        found = cross_validated(
            mats, keys, ids, rows, [q.alike for q in dev], [q.surface for q in dev], top=top
        )
        out[f"learned:{'+'.join(keys)}:hardest {top} negatives"] = found
        print(f"fan dev 4-fold CV, learned {keys}, hardest {top}: {found}", file=sys.stderr)
    return out
