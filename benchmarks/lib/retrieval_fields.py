"""Which curated facts earn a place in "shows like X", for benchmarks/retrieval_quality.py --tune.

Each variant changes the facts in use: a field's tags left out of the shared-facts score, a story
field's tags added to it at a weight (one field, or all of them), or story facts written into the
facts text (the "facts" vector, re-embedded). Every variant is judged by the learned ranker's
4-fold CV over the dev query shows (benchmarks/lib/retrieval_learn.py, weights refitted per
fold), and a nested CV chooses among all variants on the training folds alone and scores the
held-out fold: the figure a choice made on dev is worth, where the best single variant's figure
is flattered by the choice (on 76 dev queries one query is 0.013 of hit@1).
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from benchmarks.lib import retrieval_eval as ev
from benchmarks.lib import retrieval_learn as learn
from tools.narrative.catalog import CatalogRecord
from tools.narrative.facts import (
    STORY_FIELDS,
    TAG_FIELD_WEIGHTS,
    TEXT_STORY_FIELDS,
    facts_text,
)

__all__ = ["field_report", "tag_matrix", "variants"]

KEYS = ("synopsis", "facts", "tags")  # the signals of WORK_WEIGHTS
TAG_WEIGHTS = (0.5, 1.0)  # a story field tried alone in the shared-facts score at these weights
STORY_TAG_WEIGHTS = (0.3, 0.5)  # every story field together, at these weights
# Story facts tried in the facts text (none, each alone, the hooks together, all).
TEXT_SETS: tuple[tuple[str, ...], ...] = (
    (),
    *((f,) for f in STORY_FIELDS),
    ("premise", "story_engine"),
    STORY_FIELDS,
)

Embed = Callable[[Sequence[str]], Awaitable[ev.Matrix]]


def tag_matrix(records: Sequence[CatalogRecord], weights: Mapping[str, float]) -> ev.Matrix:
    return ev.tag_matrix([r.genres for r in records], [r.facts() for r in records], weights)


async def variants(
    records: Sequence[CatalogRecord], mats: Mapping[str, ev.Matrix], embed: Embed
) -> dict[str, dict[str, ev.Matrix]]:
    """The signal matrices of each variant ("in use": the facts as shipped)."""
    out = {"in use": dict(mats)}

    def tags(**changed: float) -> ev.Matrix:
        return tag_matrix(records, {**TAG_FIELD_WEIGHTS, **changed})

    for name, in_use in TAG_FIELD_WEIGHTS.items():  # does each field in use earn its place?
        if in_use > 0.0:
            out[f"tags without {name}"] = {**mats, "tags": tags(**{name: 0.0})}
    unused = [f for f in STORY_FIELDS if not TAG_FIELD_WEIGHTS.get(f)]
    for name in unused:  # would a story field, added?
        for weight in TAG_WEIGHTS:
            out[f"tags with {name}={weight:g}"] = {**mats, "tags": tags(**{name: weight})}
    texts: dict[str, ev.Matrix] = {}
    for fields in TEXT_SETS:
        if tuple(fields) != TEXT_STORY_FIELDS:
            written = [facts_text(r.title, r.genres, r.facts(), "", story=fields) for r in records]
            vectors = await embed(written)
            label = " + ".join(fields) or "none"
            texts[label] = ev.cosine(vectors, vectors)
            out[f"text {label}"] = {**mats, "facts": texts[label]}
    for weight in STORY_TAG_WEIGHTS if unused else ():
        story = tags(**dict.fromkeys(unused, weight))
        out[f"tags with story fields={weight:g}"] = {**mats, "tags": story}
        if "premise" in texts:
            out[f"text premise, tags with story fields={weight:g}"] = {
                **mats,
                "facts": texts["premise"],
                "tags": story,
            }
    return out


def field_report(
    found: Mapping[str, Mapping[str, ev.Matrix]],
    ids: Sequence[str],
    rows: Sequence[int],
    alike: Sequence[frozenset[str]],
    surface: Sequence[frozenset[str]],
) -> dict[str, Any]:
    """Per variant: the learned ranker's dev CV and its weights; then the nested CV."""
    out: dict[str, Any] = {}
    for name, mats in found.items():
        cv = learn.cross_validated(mats, KEYS, ids, rows, alike, surface)
        out[name] = {k: cv[k] for k in ("hit@1", "p@5", "mrr@10", "weights")}
        print(f"fields dev CV {name}: {out[name]}", file=sys.stderr)
    out["nested: chosen on training folds"] = learn.nested_cross_validated(
        found, KEYS, ids, rows, alike, surface
    )
    print(f"fields dev nested CV: {out['nested: chosen on training folds']}", file=sys.stderr)
    return out
