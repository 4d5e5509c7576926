"""Which curated facts earn a place in "shows like X", for benchmarks/retrieval_quality.py --tune.

Each variant changes the facts in use: a field's tags left out of the shared-facts score, a story
or viewing field's tags added to it at a weight (one field, or all of them), or story and viewing
facts written into the facts text (the "facts" vector, re-embedded). A viewing fact on a scale
(intensity 0-3, stakes personal to cosmic, ...) counts by closeness (tools.narrative.facts
.scale_tags). Every variant is judged by the learned ranker's
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
    VIEWING_FIELDS,
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

VIEWING_TAG_WEIGHTS = (0.5, 1.0)  # a viewing field alone in the shared-facts score
# Viewing fields tried together: the two that did most alone on dev (a choice the nested CV
# does not see: say so beside its figure), and all of them.
VIEWING_SETS: tuple[tuple[str, ...], ...] = (("humour", "complexity"), VIEWING_FIELDS)
# Viewing facts tried in the facts text, after the story facts in use: what a viewer comes for.
VIEWING_TEXT: tuple[str, ...] = ("viewer_draw",)

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
    out.update(await _viewing_variants(records, mats, embed))
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


async def _viewing_variants(
    records: Sequence[CatalogRecord], mats: Mapping[str, ev.Matrix], embed: Embed
) -> dict[str, dict[str, ev.Matrix]]:
    """The viewing facts in the shared-facts score (each field alone, the sets together) and in
    the facts text; those already in use are left as they are."""
    out: dict[str, dict[str, ev.Matrix]] = {}
    unused = [f for f in VIEWING_FIELDS if not TAG_FIELD_WEIGHTS.get(f)]

    def tags(**changed: float) -> ev.Matrix:
        return tag_matrix(records, {**TAG_FIELD_WEIGHTS, **changed})

    for name in unused:
        for weight in VIEWING_TAG_WEIGHTS:
            out[f"tags with {name}={weight:g}"] = {**mats, "tags": tags(**{name: weight})}
    together: dict[str, ev.Matrix] = {}
    for fields in VIEWING_SETS:
        added = [f for f in fields if f in unused]
        if added:
            label = "viewing fields" if tuple(fields) == VIEWING_FIELDS else ", ".join(added)
            for weight in VIEWING_TAG_WEIGHTS:
                together[f"{label}={weight:g}"] = tags(**dict.fromkeys(added, weight))
                out[f"tags with {label}={weight:g}"] = {
                    **mats,
                    "tags": together[f"{label}={weight:g}"],
                }
    shown = [f for f in VIEWING_TEXT if f not in TEXT_STORY_FIELDS]
    if shown:
        story = (*TEXT_STORY_FIELDS, *shown)
        written = [facts_text(r.title, r.genres, r.facts(), "", story=story) for r in records]
        vectors = await embed(written)
        text = ev.cosine(vectors, vectors)
        label = " + ".join(story)
        out[f"text {label}"] = {**mats, "facts": text}
        for name, matrix in together.items():
            out[f"text {label}, tags with {name}"] = {**mats, "facts": text, "tags": matrix}
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
