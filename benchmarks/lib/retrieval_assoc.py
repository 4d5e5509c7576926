"""Learned tag associations for "shows like X" (issue 17), measured for retrieval_quality.py --tune.

The shared-facts score only counts exact tags: "subgenres:workplace comedy" never meets
"format:mockumentary". Here an association matrix A (tag a of the query -> tag b of a candidate,
non-negative, a != b) is learned from the fan-judgement dev pairs, and the tag score becomes

    tags(q, d) + lam * sum_{a in q, b in d} coef_q[a] * A[a, b] / norm(d)

which is query expansion: the query's sparse tag coefficients gain each associated tag b at
lam * sum_a coef_q[a] * A[a, b], so the store's score formula runs it unchanged.

A is a shrunk lift: among the training (query, candidate) pairs where a is a tag of the query and
b of the candidate, how much more often the pair is alike than training pairs in general,
(alike_ab + m p0) / (pairs_ab + m) / p0 - 1, clipped at 0 and cut to each tag's `top` strongest.
"cross": only pairs where the exact match fails count (a not a tag of the candidate, b not of the
query), so two tags that merely sit together on alike shows (already counted as shared) are not
credited twice. "sym": A averaged with its transpose (alike lists are symmetric-ish).

Judged in nested 4-fold CV over the dev query shows, 10 seeds: per outer fold, the settings
(m, top, cross, sym, lam) are chosen by an inner 3-fold CV over the training query shows only
(A fitted on the inner training shows, scored on the inner held-out ones), then A is refitted on
every training query and the held-out fold is ranked over the whole catalog. Training pairs
never involve a held-out query show, as query or as candidate (a held-out show's own alike list
is what the fold is scored on, and alike is symmetric-ish). Candidates: "dev shows" restricts
training pairs to candidates that are dev query shows (what a shipped A learned from dev may
use without touching the test shows' lists); "every show" lets any other catalog show be a
candidate. Production (WORK_WEIGHTS, the shipped tag score) is scored in the same folds; the
p@5 and hit@1 gains get a paired bootstrap 90% interval over the dev queries.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize, minimize_scalar

from benchmarks.lib import retrieval_eval as ev
from benchmarks.lib.retrieval_cv import folds_of
from benchmarks.lib.retrieval_people import bootstrap
from tools.narrative.facts import ShowFacts, tag_norm, tag_terms
from tools.narrative.ranking import WORK_WEIGHTS

__all__ = ["Settings", "TagSpace", "associations", "expanded", "nested", "report", "tag_space"]

Array = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

SEEDS = tuple(range(10))
L2S = (0.1, 0.3, 1.0)  # listwise logistic penalties (below 0.1 A rivals the tag score itself)
SHRINKS = (5.0, 20.0, 80.0)  # m: pairs of prior at the base rate
TOPS = (3, 10, 0)  # associations kept per query tag (0: all)
LAMBDAS = (0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.8)  # share of the mean tag score


@dataclass(frozen=True, slots=True)
class TagSpace:
    """The catalog's tags: presence (shows x tags), query coefficients (weight / norm) and
    each show's inverse norm, in the store's terms."""

    vocab: tuple[str, ...]
    present: Array
    coef: Array
    inv_norm: Array


@dataclass(frozen=True, slots=True)
class Settings:
    shrink: float
    top: int
    cross: bool
    sym: bool
    lam: float = 0.0

    def label(self) -> str:
        kind = ("cross" if self.cross else "all") + (" sym" if self.sym else "")
        return f"m={self.shrink:g} top={self.top or 'all'} {kind} lam={self.lam:g}"


def tag_space(genres: Sequence[Sequence[str]], facts: Sequence[ShowFacts]) -> TagSpace:
    terms = [tag_terms(g, f) for g, f in zip(genres, facts, strict=True)]
    vocab = tuple(sorted({t for found in terms for t in found}))
    column = {t: n for n, t in enumerate(vocab)}
    present = np.zeros((len(terms), len(vocab)))
    coef = np.zeros_like(present)
    inv = np.zeros(len(terms))
    for row, found in enumerate(terms):
        norm = tag_norm(found)
        inv[row] = 1.0 / norm if norm else 0.0
        for tag, weight in found.items():
            present[row, column[tag]] = 1.0
            coef[row, column[tag]] = weight * inv[row]
    return TagSpace(vocab, present, coef, inv)


def associations(space: TagSpace, alike: Array, pairs: Mask, s: Settings) -> Array:
    """A (tags x tags) from the training `pairs` (query, candidate) of label `alike`."""
    t = space.present
    base = float(alike[pairs].sum() / max(pairs.sum(), 1))
    if base == 0.0:
        return np.zeros((t.shape[1], t.shape[1]))
    if s.cross:
        # Per pair, only the query's tags the candidate lacks and the candidate's the query lacks.
        qs, ds = np.nonzero(pairs)
        mine = t[qs] * (1.0 - t[ds])  # (pairs, tags): a in q, not in d
        theirs = t[ds] * (1.0 - t[qs])  # b in d, not in q
        cnt = mine.T @ theirs
        pos = (mine * alike[qs, ds][:, None]).T @ theirs
    else:
        cnt = t.T @ pairs.astype(np.float64) @ t
        pos = t.T @ (alike * pairs) @ t
    lift = np.maximum((pos + s.shrink * base) / (cnt + s.shrink) / base - 1.0, 0.0)
    np.fill_diagonal(lift, 0.0)
    if s.sym:
        lift = (lift + lift.T) / 2
    if s.top:
        keep = np.argsort(-lift, axis=1, kind="stable")[:, : s.top]
        cut = np.zeros_like(lift)
        np.put_along_axis(cut, keep, np.take_along_axis(lift, keep, axis=1), axis=1)
        lift = cut
    return lift


def expanded(space: TagSpace, assoc: Array) -> Array:
    """(query, candidate) association score: the expansion's share of the store's tag score."""
    return np.asarray((space.coef @ assoc @ space.present.T) * space.inv_norm[None, :])


def _fused(mats: Mapping[str, ev.Matrix], tags: Array) -> Array:
    """The production fusion (every signal for every show: PREFETCH exceeds the catalog)."""
    total = sum(WORK_WEIGHTS.values())
    dense = [
        w * np.asarray(mats[k], dtype=np.float64) for k, w in WORK_WEIGHTS.items() if k != "tags"
    ]
    return np.asarray((sum(dense) + WORK_WEIGHTS["tags"] * tags) / total)


def _scale(tags: Array, extra: Array) -> float:
    """lam is a share of the mean off-diagonal tag score, so one grid fits every A."""
    off = ~np.eye(len(tags), dtype=bool)
    return float(tags[off].mean() / max(extra[off].mean(), 1e-12))


def cooccurrence(space: TagSpace, top: int, support: float = 2.0) -> Array:
    """Label-free A: how much more often two tags sit on the same catalog show than by chance
    (lift - 1, damped below `support` shows), each tag's `top` strongest kept."""
    t = space.present
    together = t.T @ t
    shows = np.diag(together).copy()
    chance = np.outer(shows, shows) / len(t)
    lift = (
        np.maximum(together / np.maximum(chance, 1e-12) - 1.0, 0.0)
        * together
        / np.maximum(together + support, 1e-12)
    )
    np.fill_diagonal(lift, 0.0)
    return _top(lift, top)


def _top(assoc: Array, top: int) -> Array:
    if not top:
        return assoc
    keep = np.argsort(-assoc, axis=1, kind="stable")[:, :top]
    cut = np.zeros_like(assoc)
    np.put_along_axis(cut, keep, np.take_along_axis(assoc, keep, axis=1), axis=1)
    return cut


# A method turns (the training pairs, their labels, the shipped tag score) into named options,
# each a (query, candidate) matrix to add to the tag score; "none" (nothing added) is always one.
# The last argument: the production fused score (what a learned A is fitted on top of).
Method = Callable[[TagSpace, Array, Mask, Array, Array], dict[str, Array]]


def lift_method(settings: Sequence[Settings]) -> Method:
    def options(
        space: TagSpace, alike: Array, pairs: Mask, tags: Array, fused: Array
    ) -> dict[str, Array]:
        out = {}
        for s in settings:
            extra = expanded(space, associations(space, alike, pairs, s))
            extra *= _scale(tags, extra)
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
        extra *= _scale(tags, extra)
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


def fit_listwise(space: TagSpace, alike: Array, pairs: Mask, fused: Array, l2: float) -> Array:
    """Non-negative A (no diagonal) minimising each training query's listwise softmax loss over
    its training candidates (the alike ones the targets), on top of the production score, with
    an L2 penalty; the temperature is fitted first on the production score alone."""
    rows = np.flatnonzero(pairs.any(axis=1) & (alike * pairs).any(axis=1))
    mask, target = pairs[rows], (alike * pairs)[rows]
    target = target / target.sum(axis=1, keepdims=True)
    coef, doc = space.coef[rows], space.present * space.inv_norm[:, None]
    base = fused[rows]
    share = WORK_WEIGHTS["tags"] / sum(WORK_WEIGHTS.values())

    def softmax_loss(z: Array) -> tuple[float, Array]:
        z = np.where(mask, z, -np.inf)
        z = z - z.max(axis=1, keepdims=True)
        p = np.where(mask, np.exp(z), 0.0)
        p /= p.sum(axis=1, keepdims=True)
        value = -float(np.sum(target * np.where(mask, np.log(np.maximum(p, 1e-300)), 0.0)))
        return value / len(rows), (p - target) / len(rows)

    beta = float(
        minimize_scalar(
            lambda b: softmax_loss(b * base)[0], bounds=(1.0, 200.0), method="bounded"
        ).x
    )
    v = len(space.vocab)
    off = ~np.eye(v, dtype=bool).ravel()

    def loss(flat: Array) -> tuple[float, Array]:
        assoc = flat.reshape(v, v)
        value, slope = softmax_loss(beta * (base + share * coef @ assoc @ doc.T))
        grad = beta * share * coef.T @ slope @ doc + 2.0 * l2 * assoc
        return value + l2 * float(flat @ flat), grad.ravel() * off

    found = minimize(
        loss,
        np.zeros(v * v),
        jac=True,
        method="L-BFGS-B",
        bounds=[(0.0, None)] * (v * v),
        options={"maxiter": 150},
    )
    return np.asarray(found.x, dtype=np.float64).reshape(v, v) * off.reshape(v, v)


def _per_query(
    scores: Array, rows: Sequence[int], ids: Sequence[str], good: Mapping[int, frozenset[str]]
) -> Array:
    """(rows, 3): hit@1, p@5, reciprocal rank (up to 10) of each query row."""
    out = np.zeros((len(rows), 3))
    ranked = ev.rank_rows(scores.astype(np.float32), ids, rows, self_out=True)
    for n, (row, order) in enumerate(zip(rows, ranked, strict=True)):
        hits = [i in good[row] for i in order[:10]]
        first = next((1 / (k + 1) for k, h in enumerate(hits) if h), 0.0)
        out[n] = (float(hits[0]), sum(hits[:5]) / 5, first)
    return out


def _objective(figures: Array) -> float:
    hit1, p5, rr = figures.mean(axis=0)
    return float(hit1 + p5 / 2 + rr / 10)  # as benchmarks/lib/retrieval_cv.py


def _pairs(n: int, queries: Sequence[int], candidates: Sequence[int]) -> Mask:
    mask = np.zeros((n, n), dtype=bool)
    mask[np.ix_(list(queries), list(candidates))] = True
    np.fill_diagonal(mask, False)
    return mask


def nested(
    mats: Mapping[str, ev.Matrix],
    space: TagSpace,
    ids: Sequence[str],
    rows: Sequence[int],
    alike: Sequence[frozenset[str]],
    method: Method,
    *,
    every_show: bool,
    seeds: Sequence[int] = SEEDS,
) -> dict[str, Any]:
    """Per-query held-out figures (seeds x rows x 3) of production and of the method's option
    chosen by an inner 3-fold CV of the training query shows, and how often each was chosen."""
    n = len(ids)
    good = dict(zip(rows, alike, strict=True))
    label = np.zeros((n, n))
    for row, found in good.items():
        label[row] = [i in found for i in ids]
    tags = np.asarray(mats["tags"], dtype=np.float64)
    plain = _fused(mats, tags)
    column = {r: k for k, r in enumerate(rows)}
    base = np.zeros((len(seeds), len(rows), 3))
    learned = np.zeros_like(base)
    chosen: dict[str, int] = {}

    def options(train: Sequence[int], held: Sequence[int]) -> dict[str, Array]:
        # Training pairs never involve a held-out query show, as query or as candidate.
        cands = sorted(set(range(n)) - set(held)) if every_show else sorted(train)
        found = method(space, label, _pairs(n, train, cands), tags, plain)
        return {"none": np.zeros_like(tags), **found}

    for k, seed in enumerate(seeds):
        for held, train in folds_of(rows, [ids[r] for r in rows], 4, (seed,)):
            totals: dict[str, float] = {}
            for in_held, in_train in folds_of(train, [ids[r] for r in train], 3, (seed + 100,)):
                for name, extra in options(in_train, [*held, *in_held]).items():
                    figures = _per_query(_fused(mats, tags + extra), in_held, ids, good)
                    totals[name] = totals.get(name, 0.0) + _objective(figures) * len(in_held)
            best = max(totals, key=lambda name: totals[name])  # ties: "none", the first
            chosen[best] = chosen.get(best, 0) + 1
            extra = options(train, held)[best]
            at = [column[r] for r in held]
            base[k, at] = _per_query(_fused(mats, tags), held, ids, good)
            learned[k, at] = _per_query(_fused(mats, tags + extra), held, ids, good)
    return {"production": base, "expansion": learned, "chosen": chosen}


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


def methods() -> dict[str, tuple[Method, bool]]:
    """The variants measured: (method, candidates may be any show but the held-out ones)."""
    lift = lift_method([Settings(20.0, 10, True, True)])
    grid = lift_method(
        [Settings(*c) for c in itertools.product(SHRINKS, TOPS, (True, False), (True, False))]
    )
    return {
        "supervised lift (m=20, top 10, cross, sym), candidates: dev shows": (lift, False),
        "supervised lift, candidates: every show": (lift, True),
        "supervised lift, 36 settings, candidates: dev shows": (grid, False),
        "supervised listwise logistic, candidates: dev shows": (logistic_method(L2S), False),
        "label-free co-occurrence on the catalog": (cooccurrence_method, False),
    }


def report(
    mats: Mapping[str, ev.Matrix],
    ids: Sequence[str],
    rows: Sequence[int],
    dev: Sequence[ev.FanQuery],
    *,
    genres: Sequence[Sequence[str]],
    facts: Sequence[ShowFacts],
    seeds: Sequence[int] = SEEDS,
    only: Sequence[str] = (),
) -> dict[str, Any]:
    """Fan-judgement dev nested CV of the tag associations beside production (same folds)."""
    space = tag_space(genres, facts)
    out: dict[str, Any] = {}
    for name, (method, every) in methods().items():
        if only and not any(o in name for o in only):
            continue
        found = nested(
            mats, space, ids, rows, [q.alike for q in dev], method, every_show=every, seeds=seeds
        )
        out.setdefault("production", _summary(found["production"], found["production"]))
        out[name] = {
            **_summary(found["expansion"], found["production"]),
            "chosen": dict(sorted(found["chosen"].items(), key=lambda kv: -kv[1])[:4]),
        }
        print(f"fan dev nested CV, tag associations, {name}: {out[name]}", file=sys.stderr)
    return out
