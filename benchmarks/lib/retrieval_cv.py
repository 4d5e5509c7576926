"""Cross-validated dev figures for benchmarks/retrieval_quality.py --tune: how well choosing
fusion weights on the dev split generalises to dev rows the choice did not see (so an in-sample
dev figure that only fits dev's noise shows as a lower CV figure)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from benchmarks.lib import retrieval_eval as ev

Metrics = dict[str, float]


def folds_of(
    rows: Sequence[int], groups: Sequence[str], folds: int, seeds: Sequence[int]
) -> Iterator[tuple[list[int], list[int]]]:
    """(held-out rows, training rows) of each fold of each seed; the rows of one group (a query
    show or a retold source) stay in one fold, so a fold never trains on the show it scores."""
    names = sorted(set(groups))
    for seed in seeds:
        order = np.random.default_rng(seed).permutation(len(names))
        fold_of = {names[j]: k % folds for k, j in enumerate(order)}
        for fold in range(folds):
            held = [r for r, g in zip(rows, groups, strict=True) if fold_of[g] == fold]
            train = [r for r, g in zip(rows, groups, strict=True) if fold_of[g] != fold]
            if held and train:
                yield held, train


def pool(totals: dict[str, float], figures: Mapping[str, float], rows: int) -> None:
    """Adds one held-out fold's figures, weighted by its rows, to the running totals."""
    for key, value in figures.items():
        if key != "n":
            totals[key] = totals.get(key, 0.0) + value * rows


def pooled(totals: Mapping[str, float], rows: int, seeds: int) -> Metrics:
    """The held-out figures pooled over folds and averaged over seeds."""
    return {"n": rows, **{k: round(v / (rows * seeds), 3) for k, v in totals.items()}}


def cross_validated(
    candidates: Sequence[dict[str, float]],
    evaluate: Callable[[dict[str, float], Sequence[int]], Metrics],
    rows: Sequence[int],
    groups: Sequence[str],
    objective: Callable[[Metrics], float],
    *,
    folds: int = 4,
    seeds: Sequence[int] = (0, 1, 2),
) -> Metrics:
    """k-fold over the dev rows (`folds_of`): the best candidate on the other folds is scored on
    the held-out one; held-out figures pooled over folds, averaged over seeds."""
    totals: dict[str, float] = {}
    for held, train in folds_of(rows, groups, folds, seeds):
        chosen = max(candidates, key=lambda w: objective(evaluate(w, train)))
        pool(totals, evaluate(chosen, held), len(held))
    return pooled(totals, len(rows), len(seeds))


def fan(
    mats: Mapping[str, ev.Matrix],
    ids: Sequence[str],
    dev: Sequence[int],
    good: Sequence[frozenset[str]],
    prefetch: int,
) -> dict[str, Any]:
    """Fan-judgement dev CV of WORK_WEIGHTS' kind of weights (with and without "words")."""
    relevant = dict(zip(dev, good, strict=True))
    out: dict[str, Any] = {}
    for keys in (("synopsis", "facts", "tags"), ("synopsis", "facts", "tags", "words")):
        candidates = list(ev.grid(0.1, keys))
        fused = {_key(w): ev.fused_prefetch(mats, w, prefetch) for w in candidates}

        def evaluate(
            w: dict[str, float], rows: Sequence[int], fused: Mapping[str, ev.Matrix] = fused
        ) -> Metrics:
            ranked = ev.rank_rows(fused[_key(w)], ids, rows, self_out=True)
            return ev.metrics(ranked, [relevant[r] for r in rows])

        found = cross_validated(candidates, evaluate, dev, [ids[r] for r in dev], ev.fan_objective)
        out["+".join(keys)] = found
        print(f"fan dev 4-fold CV {keys}: {found}", file=sys.stderr)
    return out


def retellings(
    mats: Mapping[str, ev.Matrix],
    ids: Sequence[str],
    dev: Sequence[int],
    good: Sequence[frozenset[str]],
    stories: Sequence[ev.Story],
) -> dict[str, Any]:
    """Retellings dev CV of PLAIN_WEIGHTS' kind of weights (with and without "words"); folds by
    retold source, so both tellings of a story are held out together."""
    relevant = dict(zip(dev, good, strict=True))
    groups = [stories[r].source for r in dev]
    out: dict[str, Any] = {}
    for keys in (("sentences", "facts"), ("sentences", "words"), ("sentences", "words", "facts")):
        found = retellings_of(mats, keys, ids, dev, relevant, groups)
        out["+".join(keys)] = found
        print(f"retellings dev 4-fold CV {keys}: {found}", file=sys.stderr)
    return out


def retellings_of(
    mats: Mapping[str, ev.Matrix],
    keys: Sequence[str],
    ids: Sequence[str],
    dev: Sequence[int],
    relevant: Mapping[int, frozenset[str]],
    groups: Sequence[str],
) -> Metrics:
    """Retellings dev CV of grid weights over `keys`; `groups` (each dev row's retold source)
    keeps both tellings of a story in one fold."""

    def evaluate(w: dict[str, float], rows: Sequence[int]) -> Metrics:
        return ev.stories_ranked(ev.fused(mats, w), ids, rows, [relevant[r] for r in rows])

    candidates = list(ev.grid(0.1, keys))
    return cross_validated(candidates, evaluate, dev, groups, ev.one_answer_objective)


def _key(weights: Mapping[str, float]) -> str:
    return json.dumps(weights, sort_keys=True)


def tune_work(
    mats: Mapping[str, ev.Matrix],
    ids: Sequence[str],
    dev: Sequence[int],
    good: Sequence[frozenset[str]],
    prefetch: int,
) -> None:
    """The best grid weights on all of dev (printed; in-sample, so above the CV figures)."""
    for keys in (
        ("synopsis", "facts", "tags"),
        ("synopsis", "facts", "tags", "plot", "theme", "character"),
        ("baseline_a", "synopsis", "facts", "tags"),
    ):

        def value(w: dict[str, float]) -> float:
            fused = ev.fused_prefetch(mats, w, prefetch)
            return ev.fan_objective(ev.metrics(ev.rank_rows(fused, ids, dev, self_out=True), good))

        step = 0.1 if len(keys) <= 4 else 0.2
        weights, _val = ev.best(ev.grid(step, keys), value)
        fused = ev.fused_prefetch(mats, weights, prefetch)
        m = ev.metrics(ev.rank_rows(fused, ids, dev, self_out=True), good)
        print(f"tune fan dev {keys}: {weights} -> {m}", file=sys.stderr)
