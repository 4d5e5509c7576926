"""Tag associations (benchmarks/lib/retrieval_assoc.py) judged for retrieval_quality.py --tune.

Nested 4-fold CV over the fan-judgement dev query shows (10 seeds; 3 for the slow methods): per
outer fold, the option (lam, and the method's settings) is chosen by an inner 3-fold CV over the
training query shows only (A fitted on the inner training shows, scored on the inner held-out
ones), then A is refitted on every training query and the held-out fold is ranked over the whole
catalog. Training pairs never involve a held-out query show, as query or as candidate (a
held-out show's own alike list is what the fold is scored on, and alike is symmetric-ish).
Candidates: "dev shows" restricts training pairs to candidates that are dev query shows (what a
shipped A learned from dev could use without touching the test shows' lists); "every show" lets
any other catalog show be a candidate. Production (WORK_WEIGHTS, the shipped tag score) is scored
in the same folds; the hit@1 and p@5 gains get a paired bootstrap 90% interval over the dev
queries (each query's figure averaged over seeds first). lam is a share of the mean tag score.
The listwise logistic fit takes most of the time (37 minutes for its 3 seeds on two busy cores;
the rest about 20). The figures and what they decided: tools/narrative/facts.py, above
`query_tag_terms` (nothing shipped: every method lowered hit@1 or left it and p@5 unchanged).
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from benchmarks.lib import retrieval_eval as ev
from benchmarks.lib.retrieval_assoc import (
    KIND_FIELDS,
    Settings,
    TagSpace,
    associations,
    cooccurrence,
    expanded,
    fit_listwise,
    fused,
    scale,
    tag_space,
    training_pairs,
)
from benchmarks.lib.retrieval_cv import folds_of
from benchmarks.lib.retrieval_people import bootstrap
from tools.narrative.facts import ShowFacts, field_of

__all__ = ["Method", "methods", "nested", "report"]

Array = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

SHRINKS = (5.0, 20.0, 80.0)  # m: pairs of prior at the base rate (the 36-setting grid)
TOPS = (3, 10, 0)  # associations kept per query tag (0: all)
LAMBDAS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5)  # share of the mean tag score
L2S = (0.1, 0.3, 1.0)  # listwise logistic penalties (below 0.1, A rivals the tag score itself)

# A method turns (the training pairs, their labels, the shipped tag score) into named options,
# each a (query, candidate) matrix to add to the tag score; "none" (nothing added) is always one.
# The last argument: the production fused score (what a learned A is fitted on top of).
Method = Callable[[TagSpace, Array, Mask, Array, Array], dict[str, Array]]


def lift_method(settings: Sequence[Settings], fields: Sequence[str] = ()) -> Method:
    """Supervised lift; with `fields`, only associations between tags of those fields."""

    def options(
        space: TagSpace, alike: Array, pairs: Mask, tags: Array, fused: Array
    ) -> dict[str, Array]:
        out = {}
        keep = np.asarray([not fields or field_of(t) in fields for t in space.vocab])
        for s in settings:
            found = associations(space, alike, pairs, s) * np.outer(keep, keep)
            extra = expanded(space, found)
            extra *= scale(tags, extra)
            for lam in LAMBDAS[1:]:
                out[Settings(s.shrink, s.top, s.cross, s.sym, lam).label()] = lam * extra
        return out

    return options


def cooccurrence_method(
    space: TagSpace, alike: Array, pairs: Mask, tags: Array, fused: Array
) -> dict[str, Array]:
    out = {}
    for top in (5, 20):
        extra = expanded(space, cooccurrence(space, top))
        extra *= scale(tags, extra)
        for lam in LAMBDAS[1:]:
            out[f"top={top} lam={lam:g}"] = lam * extra
    return out


def logistic_method(penalties: Sequence[float]) -> Method:
    def options(
        space: TagSpace, alike: Array, pairs: Mask, tags: Array, fused: Array
    ) -> dict[str, Array]:
        return {
            f"l2={l2:g}": expanded(space, fit_listwise(space, alike, pairs, fused, l2))
            for l2 in penalties
        }

    return options


def _per_query(
    scores: Array, rows: Sequence[int], ids: Sequence[str], good: Mapping[int, frozenset[str]]
) -> Array:
    """(rows, 3): hit@1, p@5, reciprocal rank (up to 10) of each query row."""
    out = np.zeros((len(rows), 3))
    ranked = ev.rank_rows(scores.astype(np.float32), ids, rows, self_out=True)
    for n, (row, order) in enumerate(zip(rows, ranked, strict=True)):
        out[n] = ev.query_figures(order, good[row])
    return out


def _objective(figures: Array) -> float:
    hit1, p5, rr = figures.mean(axis=0)
    return ev.fan_objective({"hit@1": float(hit1), "p@5": float(p5), "mrr@10": float(rr)})


def nested(
    mats: Mapping[str, ev.Matrix],
    space: TagSpace,
    ids: Sequence[str],
    rows: Sequence[int],
    alike: Sequence[frozenset[str]],
    method: Method,
    *,
    every_show: bool,
    seeds: Sequence[int] = tuple(range(10)),
) -> dict[str, Any]:
    """Per-query held-out figures (seeds x rows x 3) of production, of the method's option
    chosen by an inner 3-fold CV of the training query shows (and how often each was chosen),
    and of every option (A refitted per fold), of which the best in hindsight is an optimistic
    bound: what the method could give if the right option were known beforehand."""
    n = len(ids)
    good = dict(zip(rows, alike, strict=True))
    label = np.zeros((n, n))
    for row, found in good.items():
        label[row] = [i in found for i in ids]
    tags = np.asarray(mats["tags"], dtype=np.float64)
    plain = fused(mats, tags)
    column = {r: k for k, r in enumerate(rows)}
    base = np.zeros((len(seeds), len(rows), 3))
    learned = np.zeros_like(base)
    chosen: dict[str, int] = {}
    every: dict[str, Array] = {}

    def options(train: Sequence[int], held: Sequence[int]) -> dict[str, Array]:
        # Training pairs never involve a held-out query show, as query or as candidate.
        cands = sorted(set(range(n)) - set(held)) if every_show else sorted(train)
        found = method(space, label, training_pairs(n, train, cands), tags, plain)
        return {"none": np.zeros_like(tags), **found}

    for k, seed in enumerate(seeds):
        for held, train in folds_of(rows, [ids[r] for r in rows], 4, (seed,)):
            totals: dict[str, float] = {}
            for in_held, in_train in folds_of(train, [ids[r] for r in train], 3, (seed + 100,)):
                for name, extra in options(in_train, [*held, *in_held]).items():
                    figures = _per_query(fused(mats, tags + extra), in_held, ids, good)
                    totals[name] = totals.get(name, 0.0) + _objective(figures) * len(in_held)
            best = max(totals, key=lambda name: totals[name])  # ties: "none", the first
            chosen[best] = chosen.get(best, 0) + 1
            at = [column[r] for r in held]
            base[k, at] = _per_query(plain, held, ids, good)
            for name, extra in options(train, held).items():
                figures = _per_query(fused(mats, tags + extra), held, ids, good)
                every.setdefault(name, np.zeros_like(base))[k, at] = figures
            learned[k, at] = every[best][k, at]
    return {"production": base, "expansion": learned, "chosen": chosen, "every": every}


def _summary(found: Array, base: Array) -> dict[str, Any]:
    names = ("hit@1", "p@5", "mrr@10")
    out: dict[str, Any] = {
        name: round(float(found[..., i].mean()), 3) for i, name in enumerate(names)
    }
    for i, name in ((0, "hit@1"), (1, "p@5")):
        gain = (found[..., i] - base[..., i]).mean(axis=0)  # per query, over seeds
        out[f"{name} gain"] = round(float(gain.mean()), 3)
        out[f"{name} gain 90%"] = bootstrap(gain)
        out[f"{name} queries better/worse"] = (int((gain > 0).sum()), int((gain < 0).sum()))
    return out


def methods() -> dict[str, tuple[Method, bool, int]]:
    """The variants measured: (method, candidates may be any show but the held-out ones, seeds);
    the slow ones (a 36-setting grid, a fitted 630 x 630 matrix) over 3 seeds."""
    lift = lift_method([Settings(20.0, 10, True, True)])
    kinds = lift_method([Settings(20.0, 10, True, True)], KIND_FIELDS)
    grid = lift_method(
        [Settings(*c) for c in itertools.product(SHRINKS, TOPS, (True, False), (True, False))]
    )
    return {
        "supervised lift (m=20, top 10, cross, sym), candidates: dev shows": (lift, False, 10),
        "supervised lift, candidates: every show": (lift, True, 10),
        "supervised lift, kind fields only, candidates: dev shows": (kinds, False, 10),
        "supervised lift, 36 settings, candidates: dev shows": (grid, False, 3),
        "supervised listwise logistic, candidates: dev shows": (logistic_method(L2S), False, 3),
        "label-free co-occurrence on the catalog": (cooccurrence_method, False, 10),
    }


def report(
    mats: Mapping[str, ev.Matrix],
    ids: Sequence[str],
    rows: Sequence[int],
    dev: Sequence[ev.FanQuery],
    *,
    genres: Sequence[Sequence[str]],
    facts: Sequence[ShowFacts],
    only: Sequence[str] = (),
) -> dict[str, Any]:
    """Fan-judgement dev nested CV of the tag associations beside production (same folds), with
    each method's best option in hindsight; `only`: the methods whose name has one of these."""
    space = tag_space(genres, facts)
    out: dict[str, Any] = {}
    for name, (method, every_show, seeds) in methods().items():
        if only and not any(o in name for o in only):
            continue
        found = nested(
            mats,
            space,
            ids,
            rows,
            [q.alike for q in dev],
            method,
            every_show=every_show,
            seeds=range(seeds),
        )
        base = found["production"]
        out.setdefault(f"production ({seeds} seeds)", _summary(base, base))
        out[name] = {
            **_summary(found["expansion"], base),
            "seeds": seeds,
            "chosen": dict(sorted(found["chosen"].items(), key=lambda kv: -kv[1])[:4]),
        }
        print(f"fan dev nested CV, tag associations, {name}: {out[name]}", file=sys.stderr)
        options = {k: v for k, v in found["every"].items() if k != "none"}
        if options:
            best = max(options, key=lambda k: _objective(options[k].reshape(-1, 3)))
            out[f"{name}: best option in hindsight (optimistic)"] = {
                **_summary(options[best], base),
                "option": best,
            }
    return out
