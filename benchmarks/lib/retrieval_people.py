"""Does knowing who made a show help "shows like X"? For benchmarks/retrieval_quality.py --tune.

The starter catalog's side file catalog_people.jsonl (a blind writer's: each show's credited
creators and the author of what it adapts, a line marked "sure": false when the writer was not
confident) is tried in the shared-facts tag score, the only place the store can weigh it without a
new vector: creators alone, source authors alone, or both as one "made by" set (a person who created
one show and wrote the book of another counts as shared), at several field weights, with the
unsure lines kept or left out. The tags carry no rarity weight (a shared tag counts its field's
weight whatever its spread); a person is on one to three shows, so the field weight is its rarity
weight. Beside them, the people as a signal of their own (the cosine of two shows' "made by" sets)
that the learned ranker weighs: the most the facts could give, though the store would need a second
tag formula for it. And, since the tags carry no rarity weight, every tag weighted by its rarity
over the catalog (idf to a power) as a check that rarity is worth weighing at all.

Every variant is judged by the learned ranker refitted per fold (benchmarks/lib/retrieval_learn.py,
4-fold CV over the dev query shows, 10 seeds), beside the ranker without people in the same folds;
a nested CV chooses the variant on the training folds alone; a paired bootstrap over the dev query
shows gives the 90% interval of each variant's gain (a query's figure averaged over seeds first).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from benchmarks.lib import retrieval_eval as ev
from benchmarks.lib import retrieval_learn as learn
from benchmarks.lib.retrieval_cv import folds_of
from tools.narrative.catalog import CatalogRecord
from tools.narrative.facts import (
    PEOPLE_FIELDS,
    TAG_FIELD_WEIGHTS,
    ShowFacts,
    person_key,
    tag_norm,
    tag_terms,
)

__all__ = [
    "MADE_BY",
    "bootstrap",
    "made_by_facts",
    "paired_summary",
    "per_query",
    "report",
    "variants",
]

Array = npt.NDArray[np.float64]
KEYS = ("synopsis", "facts", "tags")  # the production ranker's signals (ranking.WORK_WEIGHTS)
MADE_BY = "made_by"  # creators and source author as one set of people
NESTED = "nested: tag variant chosen on the training folds"
WEIGHTS = (1.0, 2.0, 3.0)  # a people field's weight in the tag score, inside the norm
# A people field's weight when its tags are left out of the norm (a bonus for a shared person
# that does not dilute every other shared fact of a show whose people are on no other show).
BONUS_WEIGHTS = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0)
SEEDS = tuple(range(10))
L2, HARD = 1e-3, 3.0  # the learned ranker's settings that chose WORK_WEIGHTS


def made_by_facts(facts: ShowFacts, *, fields: Sequence[str] = PEOPLE_FIELDS) -> ShowFacts:
    """The facts with `fields`' people as one "made_by" set of compared names."""
    people = dict.fromkeys(person_key(n) for f in fields for n in facts.get(f))
    labels = {k: v for k, v in facts.labels.items() if k not in PEOPLE_FIELDS}
    if people:
        labels[MADE_BY] = tuple(people)
    return ShowFacts(labels=labels, logline=facts.logline, protagonist=facts.protagonist)


def _people_matrix(facts: Sequence[ShowFacts]) -> ev.Matrix:
    """Cosine of two shows' "made by" sets (0 for a show without people)."""
    sets = [set(made_by_facts(f).get(MADE_BY)) for f in facts]
    out = np.zeros((len(sets), len(sets)), dtype=np.float32)
    for i, a in enumerate(sets):
        for j, b in enumerate(sets):
            if a and b:
                out[i, j] = len(a & b) / np.sqrt(len(a) * len(b))
    return out


def bonus_matrix(
    genres: Sequence[Sequence[str]], facts: Sequence[ShowFacts], name: str, weight: float
) -> ev.Matrix:
    """The tag score with `name`'s people tags at `weight`, the norms of the other tags only."""
    base = [tag_terms(g, f) for g, f in zip(genres, facts, strict=True)]
    norms = np.asarray([max(tag_norm(t), 1e-12) for t in base])
    sets = [set(made_by_facts(f, fields=_fields(name)).get(MADE_BY)) for f in facts]
    out = np.zeros((len(base), len(base)), dtype=np.float32)
    for i in range(len(base)):
        for j in range(len(base)):
            shared = sum(w for t, w in base[i].items() if t in base[j])
            shared += weight * len(sets[i] & sets[j])
            out[i, j] = shared / (norms[i] * norms[j])
    return out


def rarity_matrix(
    genres: Sequence[Sequence[str]], facts: Sequence[ShowFacts], power: float
) -> ev.Matrix:
    """The tag score with each tag's weight times log((n + 1) / shows with it) ** `power`."""
    base = [tag_terms(g, f) for g, f in zip(genres, facts, strict=True)]
    spread: dict[str, int] = {}
    for found in base:
        for tag in found:
            spread[tag] = spread.get(tag, 0) + 1
    rare = [
        {t: w * np.log((len(base) + 1) / spread[t]) ** power for t, w in found.items()}
        for found in base
    ]
    norms = np.asarray([max(tag_norm(t), 1e-12) for t in rare])
    out = np.zeros((len(base), len(base)), dtype=np.float32)
    for i in range(len(base)):
        for j in range(len(base)):
            out[i, j] = sum(w for t, w in rare[i].items() if t in rare[j]) / (norms[i] * norms[j])
    return out


def _fields(name: str) -> tuple[str, ...]:
    return PEOPLE_FIELDS if name == MADE_BY else (name,)


def variants(
    catalogs: Mapping[str, Sequence[CatalogRecord]], mats: Mapping[str, ev.Matrix]
) -> dict[str, dict[str, ev.Matrix]]:
    """Signal matrices per variant ("without people": the tags as shipped); `catalogs`: the
    catalog read with the unsure lines ("all names") and without them ("sure names only"). The
    people inside the norm and as a fourth signal are tried with the first catalog only."""
    out: dict[str, dict[str, ev.Matrix]] = {"without people": dict(mats)}
    for n, (label, records) in enumerate(catalogs.items()):
        genres = [r.genres for r in records]
        facts = [r.facts() for r in records]
        for weight in BONUS_WEIGHTS:
            for name in ("creators", MADE_BY):
                out[f"{label}: tags with {name} outside the norm={weight:g}"] = {
                    **mats,
                    "tags": bonus_matrix(genres, facts, name, weight),
                }
        if n > 0:
            continue
        for weight in WEIGHTS:
            for name in (*PEOPLE_FIELDS, MADE_BY):
                # Under another field name the people count in the norm like any other fact.
                inside = [made_by_facts(f, fields=_fields(name)) for f in facts]
                weights = {**TAG_FIELD_WEIGHTS, MADE_BY: weight}
                out[f"{label}: tags with {name} in the norm={weight:g}"] = {
                    **mats,
                    "tags": ev.tag_matrix(genres, inside, weights),
                }
        out[f"{label}: people as a learned signal"] = {**mats, "people": _people_matrix(facts)}
    return out


def per_query(
    found: Mapping[str, Mapping[str, ev.Matrix]],
    ids: Sequence[str],
    rows: Sequence[int],
    alike: Sequence[frozenset[str]],
    surface: Sequence[frozenset[str]],
    *,
    seeds: Sequence[int] = SEEDS,
) -> dict[str, dict[str, Array]]:
    """Each dev query's held-out hit@1, p@5 and reciprocal rank (rows: seeds, columns: `rows`)
    per variant, the ranker refitted on the other folds (a "people" matrix is a fourth signal);
    and under NESTED, the variant chosen per fold by its figures on the training folds."""
    features = {
        name: np.stack(
            [np.asarray(m[k], dtype=np.float64) for k in (*KEYS, "people") if k in m], axis=-1
        )
        for name, m in found.items()
    }
    good = dict(zip(rows, alike, strict=True))
    bad = dict(zip(rows, surface, strict=True))
    column = {r: n for n, r in enumerate(rows)}
    out = {
        name: {m: np.zeros((len(seeds), len(rows))) for m in ("hit@1", "p@5", "rr")}
        for name in (*found, NESTED)
    }

    def keep(name: str, seed: int, scores: Array, which: Sequence[int]) -> None:
        ranked = ev.rank_rows(scores.astype(np.float32), ids, which, self_out=True)
        for row, order in zip(which, ranked, strict=True):
            figures = ev.query_figures(order, good[row])
            for metric, value in zip(("hit@1", "p@5", "rr"), figures, strict=True):
                out[name][metric][seed, column[row]] = value

    def objective(scores: Array, which: Sequence[int]) -> float:
        ranked = ev.rank_rows(scores.astype(np.float32), ids, which, self_out=True)
        return ev.fan_objective(ev.metrics(ranked, [good[r] for r in which]))

    for n, seed in enumerate(seeds):
        for held, train in folds_of(rows, [ids[r] for r in rows], 4, (seed,)):
            best: tuple[float, Array] | None = None
            for name, x in features.items():
                w = learn.fit(*learn.pairs(x, ids, train, good, bad, HARD), L2)
                keep(name, n, x @ w, held)
                # Only tag variants compete: a fourth signal the store cannot run is no choice.
                value = -1.0 if "people" in found[name] else objective(x @ w, train)
                if best is None or value > best[0]:
                    best = (value, x @ w)
            assert best is not None
            keep(NESTED, n, best[1], held)
    return out


def bootstrap(gain: Array, *, draws: int = 10000, seed: int = 0) -> tuple[float, float]:
    """90% interval of the mean of per-query gains, queries drawn with replacement."""
    rng = np.random.default_rng(seed)
    means = gain[rng.integers(0, len(gain), size=(draws, len(gain)))].mean(axis=1)
    low, high = np.percentile(means, [5, 95])
    return round(float(low), 3), round(float(high), 3)


def paired_summary(found: Mapping[str, Array], base: Mapping[str, Array]) -> dict[str, Any]:
    """Held-out figures of a variant (per seed and query) and its paired gains over `base`."""
    out: dict[str, Any] = {
        "hit@1": round(float(found["hit@1"].mean()), 3),
        "p@5": round(float(found["p@5"].mean()), 3),
        "mrr@10": round(float(found["rr"].mean()), 3),
    }
    for metric in ("hit@1", "p@5"):
        gain = (found[metric] - base[metric]).mean(axis=0)  # per query, over seeds
        out[f"{metric} gain"] = round(float(gain.mean()), 3)
        out[f"{metric} gain 90%"] = bootstrap(gain)
        out[f"{metric} queries better/worse"] = (int((gain > 0).sum()), int((gain < 0).sum()))
    return out


def report(
    catalogs: Mapping[str, Sequence[CatalogRecord]],
    mats: Mapping[str, ev.Matrix],
    ids: Sequence[str],
    rows: Sequence[int],
    dev: Sequence[Any],
) -> dict[str, Any]:
    """Fan-judgement dev CV of every people variant beside the ranker without people."""
    alike, surface = [q.alike for q in dev], [q.surface for q in dev]
    found = variants(catalogs, mats)
    figures = per_query(found, ids, rows, alike, surface)
    base = figures["without people"]
    out: dict[str, Any] = {name: paired_summary(f, base) for name, f in figures.items()}
    records = next(iter(catalogs.values()))
    genres, facts = [r.genres for r in records], [r.facts() for r in records]
    rarity = {
        f"every tag weighted by rarity (idf^{power:g})": {
            **mats,
            "tags": rarity_matrix(genres, facts, power),
        }
        for power in (0.5, 1.0)
    }
    weighed = per_query(rarity, ids, rows, alike, surface)
    out.update({name: paired_summary(weighed[name], base) for name in rarity})
    for name, summary in out.items():
        print(f"fan dev 4-fold CV, people, {name}: {summary}", file=sys.stderr)
    return out
