"""Learned tag associations for "shows like X" (issue 17): the models, for retrieval_quality.py
--tune (the nested CV that judges them: benchmarks/lib/retrieval_assoc_cv.py).

The shared-facts score only counts exact tags: "subgenres:workplace comedy" never meets
"format:mockumentary". Here an association matrix A (tag a of the query -> tag b of a candidate,
non-negative, a != b) is learned from the fan-judgement dev pairs, and the tag score becomes

    tags(q, d) + lam * sum_{a in q, b in d} coef_q[a] * A[a, b] / norm(d)

which is query expansion: the query's sparse tag coefficients gain each associated tag b at
lam * sum_a coef_q[a] * A[a, b], so the store's score formula runs it unchanged.

Three ways to get A:
- a shrunk lift (`associations`): among the training (query, candidate) pairs where a is a tag of
  the query and b of the candidate, how much more often the pair is alike than training pairs in
  general, (alike_ab + m p0) / (pairs_ab + m) / p0 - 1, clipped at 0, each tag's `top` strongest
  kept. "cross": only pairs where the exact match fails count (a not a tag of the candidate, b
  not of the query), so two tags that merely sit together on alike shows (already counted as
  shared) are not credited twice. "sym": A averaged with its transpose;
- a listwise logistic fit (`fit_listwise`): A minimising each training query's softmax loss
  over its candidates on top of the production score, non-negative, L2 penalty;
- label-free (`cooccurrence`): tags that sit on the same catalog show more often than chance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize, minimize_scalar

from benchmarks.lib import retrieval_eval as ev
from tools.narrative.facts import ShowFacts, tag_norm, tag_terms
from tools.narrative.ranking import WORK_WEIGHTS

__all__ = [
    "KIND_FIELDS",
    "Settings",
    "TagSpace",
    "associations",
    "cooccurrence",
    "expanded",
    "fit_listwise",
    "fused",
    "scale",
    "tag_space",
    "training_pairs",
]

Array = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

# What kind of show it is: the fields where two labels may name one thing in other words.
KIND_FIELDS = ("genres", "format", "subgenres", "premise", "story_engine", "fan")


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


def fused(mats: Mapping[str, ev.Matrix], tags: Array) -> Array:
    """The production fusion (every signal for every show: PREFETCH exceeds the catalog)."""
    total = sum(WORK_WEIGHTS.values())
    dense = [
        w * np.asarray(mats[k], dtype=np.float64) for k, w in WORK_WEIGHTS.items() if k != "tags"
    ]
    return np.asarray((sum(dense) + WORK_WEIGHTS["tags"] * tags) / total)


def scale(tags: Array, extra: Array) -> float:
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


def training_pairs(n: int, queries: Sequence[int], candidates: Sequence[int]) -> Mask:
    """The (query, candidate) pairs a fit may learn from (never a show with itself)."""
    mask = np.zeros((n, n), dtype=bool)
    mask[np.ix_(list(queries), list(candidates))] = True
    np.fill_diagonal(mask, False)
    return mask
