"""Second-order similarity for "shows like X", measured for benchmarks/retrieval_quality.py --tune.

The question (issue 17): two shows a fan calls alike may share their neighbours even where their
own texts and facts differ. Each show's neighbourhood comes from the production score S (the
learned ranker's fusion of synopsis, facts and tags), and is compared in one of these ways:
- profile: a show's row of S against every catalog show, centred, only its k highest kept, unit
  length; two shows compared by cosine (what one named dense vector per show would give the
  store: one dimension per starter show);
- profile without itself: the same with the show's own column left out, as a member's own show
  (not a starter show) would have it;
- shared neighbours: the share of their k nearest shows two shows have in common;
- k-reciprocal: the Jaccard overlap of soft k-reciprocal neighbour sets (Zhong et al. 2017, the
  person re-identification re-ranking that raises precision at k);
- diffusion: manifold ranking over the symmetric k-nearest-neighbour graph (Zhou et al. 2004);
- profile as a learned signal: the profile cosine as a fourth signal of the learned ranker.
Beside them, not second order but label-free too: latent tags, the shared-facts tags of every
starter show reduced by SVD (LSA) to k dimensions, so labels that go together ("whodunit",
"detective mystery") count as near; a fourth learned signal, k chosen per fold (`latent_tags`).
Each (but the last) is fused with S as (1 - lam) S / sd(S) + lam Q / sd(Q). `cross_validated`
refits S's weights on the training folds of each fold (as benchmarks/lib/retrieval_learn.py
does), chooses k and lam there, and scores the held-out fold, beside S alone in the same folds.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from benchmarks.lib import retrieval_eval as ev
from benchmarks.lib import retrieval_learn as learn
from benchmarks.lib.retrieval_cv import folds_of, pool, pooled
from tools.narrative.facts import ShowFacts, tag_terms

__all__ = [
    "FAMILIES",
    "cross_validated",
    "diffusion",
    "latent_tags",
    "profile_similarity",
    "reciprocal_similarity",
    "report",
    "shared_neighbours",
]

Array = npt.NDArray[np.float64]
Family = Callable[[Array], dict[str, Array]]

# How much of the second-order score is fused with the production score (0: S alone).
LAMBDAS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7)
KEYS = ("synopsis", "facts", "tags")  # the production ranking's signals (ranking.WORK_WEIGHTS)
L2, HARD = 1e-3, 3.0  # the learned ranker's settings that chose WORK_WEIGHTS


def profile_similarity(scores: Array, k: int, *, with_self: bool = True) -> Array:
    """Cosine of the shows' centred top-k score profiles (rows of `scores`)."""
    n = len(scores)
    profiles = np.zeros_like(scores)
    for i in range(n):
        keep = np.ones(n, dtype=bool)
        keep[i] = with_self
        row = scores[i] - scores[i][keep].mean()
        row[~keep] = -np.inf
        top = np.argsort(-row, kind="stable")[:k]
        profiles[i, top] = np.where(np.isfinite(row[top]), row[top], 0.0)
    profiles /= np.maximum(np.linalg.norm(profiles, axis=1, keepdims=True), 1e-12)
    return profiles @ profiles.T


def _nearest(scores: Array, k: int) -> npt.NDArray[np.intp]:
    """Each show's k nearest other shows, best first."""
    others = scores.copy()
    np.fill_diagonal(others, -np.inf)
    return np.argsort(-others, axis=1, kind="stable")[:, :k]


def shared_neighbours(scores: Array, k: int) -> Array:
    """The share of their k nearest shows (each show counting as its own) two shows share."""
    member = np.zeros_like(scores)
    np.put_along_axis(member, _nearest(scores, k), 1.0, axis=1)
    np.fill_diagonal(member, 1.0)
    return (member @ member.T) / (k + 1)


def reciprocal_similarity(scores: Array, k: int, tau: float = 0.2) -> Array:
    """Jaccard overlap of soft k-reciprocal neighbour sets: j is in i's set when each is among
    the other's k nearest (itself included), widened by a neighbour's own half-size set when
    two thirds of it is already in; members weighted by exp(score / tau), summing to 1."""
    n = len(scores)
    near = [set(row) | {i} for i, row in enumerate(_nearest(scores, k))]
    half = [set(row) | {i} for i, row in enumerate(_nearest(scores, max(1, k // 2)))]

    def reciprocal(i: int, sets: Sequence[set[int]]) -> set[int]:
        return {j for j in sets[i] if i in sets[j]}

    weights = np.zeros_like(scores)
    for i in range(n):
        found = reciprocal(i, near)
        widened = set(found)
        for j in found:
            theirs = reciprocal(j, half)
            if len(theirs & found) > 2 / 3 * len(theirs):
                widened |= theirs
        idx = np.asarray(sorted(widened))
        w = np.exp((scores[i, idx] - scores[i, idx].max()) / tau)
        weights[i, idx] = w / w.sum()
    shared = np.stack([np.minimum(weights[i][None, :], weights).sum(axis=1) for i in range(n)])
    return shared / np.maximum(2.0 - shared, 1e-12)


def diffusion(scores: Array, k: int, alpha: float) -> Array:
    """Manifold ranking: (I - alpha W)^-1 over the symmetric, normalised k-nearest-neighbour
    graph whose edges weigh the cube of the (non-negative) score."""
    n = len(scores)
    graph = np.zeros_like(scores)
    nearest = _nearest(scores, k)
    rows = np.repeat(np.arange(n), k)
    graph[rows, nearest.ravel()] = np.maximum(scores[rows, nearest.ravel()], 0.0) ** 3
    graph = np.maximum(graph, graph.T)
    inv = 1.0 / np.sqrt(np.maximum(graph.sum(axis=1), 1e-12))
    return np.asarray(np.linalg.inv(np.eye(n) - alpha * graph * inv[:, None] * inv[None, :]))


FAMILIES: Mapping[str, Family] = {
    "profile": lambda s: {f"k={k}": profile_similarity(s, k) for k in (5, 10, 20, 30, 155)},
    "profile without itself": lambda s: {
        f"k={k}": profile_similarity(s, k, with_self=False) for k in (5, 10, 20, 30, 155)
    },
    "shared neighbours": lambda s: {f"k={k}": shared_neighbours(s, k) for k in (5, 10, 20, 30)},
    "k-reciprocal": lambda s: {f"k={k}": reciprocal_similarity(s, k) for k in (5, 10, 20)},
    "diffusion": lambda s: {
        f"k={k} alpha={a}": diffusion(s, k, a) for k in (5, 10, 20) for a in (0.5, 0.8, 0.95)
    },
}


def fuse(scores: Array, second: Array, lam: float) -> Array:
    """The production score and a second-order one, each over its own spread."""
    if lam == 0.0:
        return scores
    spread = max(float(second.std()), 1e-12)
    return np.asarray((1 - lam) * scores / scores.std() + lam * second / spread, dtype=np.float64)


def cross_validated(
    mats: Mapping[str, ev.Matrix],
    ids: Sequence[str],
    rows: Sequence[int],
    alike: Sequence[frozenset[str]],
    surface: Sequence[frozenset[str]],
    *,
    families: Mapping[str, Family] = FAMILIES,
    folds: int = 4,
    seeds: Sequence[int] = (0, 1, 2),
) -> dict[str, Any]:
    """Held-out figures (pooled over folds, averaged over seeds) of the production ranker refitted
    per fold, of each family fused with it (k and lam chosen on the training folds), of the best
    family chosen per fold, and of the profile as a learned fourth signal."""
    features = np.stack([np.asarray(mats[k], dtype=np.float64) for k in KEYS], axis=-1)
    good = dict(zip(rows, alike, strict=True))
    bad = dict(zip(rows, surface, strict=True))
    totals: dict[str, dict[str, float]] = {}
    chosen: dict[str, dict[str, int]] = {}

    def scored(m: Array, which: Sequence[int]) -> dict[str, float]:
        ranked = ev.rank_rows(m.astype(np.float32), ids, which, self_out=True)
        return ev.metrics(ranked, [good[r] for r in which])

    def keep(name: str, label: str, figures: dict[str, float], held: int) -> None:
        pool(totals.setdefault(name, {}), figures, held)
        if label:
            chosen.setdefault(name, {})[label] = chosen.setdefault(name, {}).get(label, 0) + 1

    for held, train in folds_of(rows, [ids[r] for r in rows], folds, seeds):
        scores = features @ learn.fit(*learn.pairs(features, ids, train, good, bad, HARD), L2)
        keep("production ranker", "", scored(scores, held), len(held))
        best_any: tuple[float, str, Array] | None = None
        for family, make in families.items():
            options = [
                (ev.fan_objective(scored(fuse(scores, q, lam), train)), f"{p} lam={lam}", q, lam)
                for p, q in make(scores).items()
                for lam in LAMBDAS
            ]
            value, label, second, lam = max(options, key=lambda o: o[0])
            keep(family, label, scored(fuse(scores, second, lam), held), len(held))
            if best_any is None or value > best_any[0]:
                best_any = (value, f"{family} {label}", fuse(scores, second, lam))
        if best_any is not None:
            keep("best family chosen per fold", best_any[1], scored(best_any[2], held), len(held))
        learned = _learned_profile(features, scores, ids, train, good, bad)
        keep("profile as a learned signal", learned[0], scored(learned[1], held), len(held))
    out: dict[str, Any] = {}
    for name, figures in totals.items():
        out[name] = pooled(figures, len(rows), len(seeds))
        if name in chosen:
            out[name]["chosen"] = dict(sorted(chosen[name].items(), key=lambda kv: -kv[1])[:4])
    return out


def _learned_profile(
    features: Array,
    scores: Array,
    ids: Sequence[str],
    train: Sequence[int],
    good: Mapping[int, frozenset[str]],
    bad: Mapping[int, frozenset[str]],
) -> tuple[str, Array]:
    """The profile cosine as a fourth signal, k chosen by the refitted ranker's training figure."""
    best: tuple[float, str, Array] | None = None
    for k in (5, 10, 20, 155):
        both = np.concatenate([features, profile_similarity(scores, k)[..., None]], axis=-1)
        fused = both @ learn.fit(*learn.pairs(both, ids, train, good, bad, HARD), L2)
        ranked = ev.rank_rows(fused.astype(np.float32), ids, train, self_out=True)
        value = ev.fan_objective(ev.metrics(ranked, [good[r] for r in train]))
        if best is None or value > best[0]:
            best = (value, f"k={k}", fused)
    assert best is not None
    return best[1], best[2]


def latent_tags(genres: Sequence[Sequence[str]], facts: Sequence[ShowFacts], k: int) -> Array:
    """Cosine of the shows' tag vectors (field weights as in the tag score) reduced to their k
    main SVD dimensions over the catalog; with every dimension kept, the plain weighted cosine."""
    terms = [tag_terms(g, f) for g, f in zip(genres, facts, strict=True)]
    column = {t: n for n, t in enumerate(sorted({t for found in terms for t in found}))}
    shows = np.zeros((len(terms), len(column)))
    for row, found in enumerate(terms):
        for tag, weight in found.items():
            shows[row, column[tag]] = weight
    shows /= np.maximum(np.linalg.norm(shows, axis=1, keepdims=True), 1e-12)
    left, spread, _ = np.linalg.svd(shows, full_matrices=False)
    reduced = left[:, :k] * spread[:k]
    reduced /= np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-12)
    return np.asarray(reduced @ reduced.T, dtype=np.float64)


def report(
    mats: Mapping[str, ev.Matrix],
    ids: Sequence[str],
    rows: Sequence[int],
    dev: Sequence[Any],
    *,
    genres: Sequence[Sequence[str]] = (),
    facts: Sequence[ShowFacts] = (),
) -> dict[str, Any]:
    """Fan-judgement dev CV of every second-order family beside the production ranker, and of
    latent tags (given the catalog's genres and facts, in `ids` order) chosen per fold."""
    found = cross_validated(mats, ids, rows, [q.alike for q in dev], [q.surface for q in dev])
    if facts:
        variants: dict[str, dict[str, ev.Matrix]] = {
            "none": {**mats, "latent": np.zeros_like(mats["tags"])}
        }
        for k in (32, 64, 96, len(ids)):
            variants[f"k={k}"] = {
                **mats,
                "latent": latent_tags(genres, facts, k).astype(np.float32),
            }
        found["latent tags, k chosen per fold (10 seeds)"] = learn.nested_cross_validated(
            variants,
            (*KEYS, "latent"),
            ids,
            rows,
            [q.alike for q in dev],
            [q.surface for q in dev],
            seeds=range(10),
        )
        found["production ranker (10 seeds)"] = learn.cross_validated(
            mats, KEYS, ids, rows, [q.alike for q in dev], [q.surface for q in dev], seeds=range(10)
        )
    for name, figures in found.items():
        print(f"fan dev 4-fold CV, second order, {name}: {figures}", file=sys.stderr)
    return found
