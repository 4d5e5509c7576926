"""Do fans' descriptors help "shows like X"? For benchmarks/retrieval_quality.py --tune.

The starter catalog's side file catalog_fan.jsonl (a blind writer's: 6-10 short phrases per show,
"slow-burn", "antihero", "golden-age cable") is read as the fact field "fan", one tag per phrase
in the shared-facts score. Its "appeal" sentences are not read (they did not help on dev, as
their own vector or in the facts text; tools/retrieval/data/FAN_FACTS.md).

Each variant is the tag score with the fan field at one weight (0 = no fan tags: the ranking
before them), and the fan tags weighted by their rarity (idf over the catalog) at the shipped
weight. The fusion weights (synopsis / facts / tags, a 0.1 grid, as ranking.WORK_WEIGHTS) are
chosen per fold on the training folds (4-fold CV over the dev query shows, 10 seeds), through
the store's prefetch fusion; "nested" also chooses the fan weight per fold, among the plain
weights. Each is paired with the variant without fan tags in the same folds: the gain per query
(averaged over seeds), its mean, and a bootstrap 90% interval over the dev query shows. Beside
them, in-sample: each variant's best grid weights on all of dev (how WORK_WEIGHTS was read).
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from benchmarks.lib import retrieval_eval as ev
from benchmarks.lib.retrieval_cv import folds_of
from benchmarks.lib.retrieval_people import paired_summary
from tools.narrative.facts import (
    FAN_FIELDS,
    TAG_FIELD_WEIGHTS,
    ShowFacts,
    tag_terms,
)

__all__ = ["FAN", "WEIGHTS", "per_query", "report", "variants"]

Array = npt.NDArray[np.float64]
FAN = FAN_FIELDS[0]
WEIGHTS = (0.0, 0.2, 0.3, 0.4)  # the fan field's weight in the tag score; 0: none
KEYS = ("synopsis", "facts", "tags")  # the signals WORK_WEIGHTS weighs
SEEDS = tuple(range(10))
NESTED = "nested: fan weight chosen per fold"
BASE = f"{FAN}=0"


def _rare_matrix(
    genres: Sequence[Sequence[str]], facts: Sequence[ShowFacts], weight: float
) -> ev.Matrix:
    """The tag score with each fan phrase at `weight` times its idf over the catalog (log n / df,
    over log n: 1 for a phrase on one show, 0 for one on every show)."""
    weights = {**TAG_FIELD_WEIGHTS, FAN: weight}
    tags = [tag_terms(g, f, weights) for g, f in zip(genres, facts, strict=True)]
    spread = Counter(t for found in tags for t in found if t.startswith(f"{FAN}:"))
    n = len(tags)
    for found in tags:
        for tag in [t for t in found if t in spread]:
            found[tag] = weight * math.log(n / spread[tag]) / math.log(n)
    return ev.tag_similarity_matrix(tags)


def variants(
    genres: Sequence[Sequence[str]], facts: Sequence[ShowFacts], mats: Mapping[str, ev.Matrix]
) -> dict[str, dict[str, ev.Matrix]]:
    """Signal matrices per variant: the tags with the fan field at each of WEIGHTS, and with the
    fan phrases weighted by their rarity at the shipped weight."""
    out = {
        f"{FAN}={w:g}": {
            **mats,
            "tags": ev.tag_matrix(genres, facts, {**TAG_FIELD_WEIGHTS, FAN: w}),
        }
        for w in WEIGHTS
    }
    shipped = TAG_FIELD_WEIGHTS[FAN]
    out[f"{FAN}={shipped:g} by rarity"] = {**mats, "tags": _rare_matrix(genres, facts, shipped)}
    return out


def per_query(
    found: Mapping[str, Mapping[str, ev.Matrix]],
    ids: Sequence[str],
    rows: Sequence[int],
    alike: Sequence[frozenset[str]],
    prefetch: int,
    *,
    seeds: Sequence[int] = SEEDS,
) -> tuple[dict[str, dict[str, Array]], Counter[str]]:
    """Each dev query's held-out hit@1, p@5 and reciprocal rank (rows: seeds, columns: `rows`)
    per variant, the grid weights chosen on the training folds; under NESTED, the plain fan
    weight chosen with them; and how often NESTED chose each weight."""
    good = dict(zip(rows, alike, strict=True))
    column = {r: n for n, r in enumerate(rows)}
    grid = list(ev.grid(0.1, KEYS))
    fused = {
        (name, json.dumps(w, sort_keys=True)): ev.fused_prefetch(m, w, prefetch)
        for name, m in found.items()
        for w in grid
    }
    plain = [k for k in fused if "rarity" not in k[0]]
    out = {
        name: {m: np.zeros((len(seeds), len(rows))) for m in ("hit@1", "p@5", "rr")}
        for name in (*found, NESTED)
    }
    chosen: Counter[str] = Counter()

    def value(key: tuple[str, str], which: Sequence[int]) -> float:
        ranked = ev.rank_rows(fused[key], ids, which, self_out=True)
        return ev.fan_objective(ev.metrics(ranked, [good[r] for r in which]))

    def keep(name: str, seed: int, key: tuple[str, str], which: Sequence[int]) -> None:
        ranked = ev.rank_rows(fused[key], ids, which, self_out=True)
        for row, order in zip(which, ranked, strict=True):
            figures = ev.query_figures(order, good[row])
            for metric, value in zip(("hit@1", "p@5", "rr"), figures, strict=True):
                out[name][metric][seed, column[row]] = value

    for n, seed in enumerate(seeds):
        for held, train in folds_of(rows, [ids[r] for r in rows], 4, (seed,)):
            scored = {k: value(k, train) for k in fused}
            for name in found:
                keep(name, n, max((k for k in fused if k[0] == name), key=scored.__getitem__), held)
            best = max(plain, key=scored.__getitem__)
            chosen[best[0]] += 1
            keep(NESTED, n, best, held)
    return out, chosen


def _all_dev(
    found: Mapping[str, Mapping[str, ev.Matrix]],
    ids: Sequence[str],
    rows: Sequence[int],
    alike: Sequence[frozenset[str]],
    prefetch: int,
) -> dict[str, Any]:
    """In-sample: each variant's best grid weights on all of dev, with their figures."""
    out: dict[str, Any] = {}
    for name, mats in found.items():
        best: tuple[float, dict[str, float], dict[str, float]] | None = None
        for w in ev.grid(0.1, KEYS):
            ranked = ev.rank_rows(ev.fused_prefetch(mats, w, prefetch), ids, rows, self_out=True)
            m = ev.metrics(ranked, alike)
            if best is None or ev.fan_objective(m) > best[0]:
                best = (ev.fan_objective(m), w, m)
        assert best is not None
        out[name] = {"weights": best[1], **{k: round(v, 3) for k, v in best[2].items()}}
    return out


def report(
    genres: Sequence[Sequence[str]],
    facts: Sequence[ShowFacts],
    mats: Mapping[str, ev.Matrix],
    ids: Sequence[str],
    rows: Sequence[int],
    dev: Sequence[ev.FanQuery],
    prefetch: int,
) -> dict[str, Any]:
    """Fan-judgement dev CV of every fan variant beside the tags without fan phrases."""
    alike = [q.alike for q in dev]
    found = variants(genres, facts, mats)
    figures, chosen = per_query(found, ids, rows, alike, prefetch)
    base = figures[BASE]
    out: dict[str, Any] = {name: paired_summary(f, base) for name, f in figures.items()}
    out[NESTED]["chosen"] = dict(chosen)
    out["all dev, best grid weights (in-sample)"] = _all_dev(found, ids, rows, alike, prefetch)
    for name, summary in out.items():
        print(f"fan dev 4-fold CV, fans' descriptors, {name}: {summary}", file=sys.stderr)
    return out
