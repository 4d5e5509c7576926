"""Why two shows are alike, in facts both have: "same creator: Vince Gilligan; both:
serialized crime drama; premise: antihero's descent into crime; fans call both: antihero, moral
decline; tone: dark, tense; themes: moral decay, family". Built from the curated facts of the two
payloads, so it differs from pair to pair; a show without curated facts falls back to its genre
words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tools.narrative.facts import PEOPLE_FIELDS, TAG_FIELD_WEIGHTS, person_key

__all__ = ["shared_facts", "why_summary"]

# (payload fact, words in the summary); "both" lists what kind of show both are.
_KINDS = ("format", "subgenres")
# Most specific first: the premise (the story facts of catalog_story.jsonl), a place or era
# (144 places among the 156 starter shows, none on more than 5; "contemporary" is left out),
# what fans call both (catalog_fan.jsonl: "antihero", "cold war"; the commonest on 20 shows),
# where tone and themes are shared by many and how the story is told ("serialized single arc")
# by most dramas.
_PARTS = (
    ("premise", "premise"),
    ("setting_place", "setting"),
    ("setting_era", "era"),
    ("fan", "fans call both"),
    ("tone", "tone"),
    ("themes", "themes"),
    ("story_engine", "told as"),
    ("audience", "for"),
    ("animation", "animation"),
    ("language", "language"),
)
_MAX_LABELS = 3
# A line people read under each result: at this length, the less specific reasons left (those
# later in `_PARTS`) are shortened to the labels that still fit, or dropped.
_MAX_CHARS = 180
# Shared by most of the catalog, so they say nothing about this pair: kept in the data, left
# out of the line.
_COMMON = {"setting_era": {"contemporary"}, "language": {"english"}, "audience": {"adult"}}


def _facts(payload: Mapping[str, Any]) -> Mapping[str, Any]:
    value = payload.get("facts")
    return value if isinstance(value, Mapping) else {}


def _labels(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return []


# Who made both shows leads the line when the ranking weighs it: two shows by one creator is the
# most specific thing they can share. Unweighted, it is no reason the show was found.
_PEOPLE = tuple(f for f in PEOPLE_FIELDS if TAG_FIELD_WEIGHTS.get(f, 0.0) > 0.0)


def shared_people(
    mine: Mapping[str, Any], theirs: Mapping[str, Any], fields: tuple[str, ...] = _PEOPLE
) -> dict[str, list[str]]:
    """Who made both shows, as the query show writes their names: under "creators" the people
    who created both, under "authors" the others (one show adapts a writer the other is created
    by or adapts too). Only people of `fields` count."""

    def people(facts: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, str]:
        return {person_key(v): v for n in names if n in fields for v in _labels(facts.get(n))}

    their_creators, their_people = people(theirs, ("creators",)), people(theirs, PEOPLE_FIELDS)
    creators = [v for k, v in people(mine, ("creators",)).items() if k in their_creators]
    authors = [
        v for k, v in people(mine, PEOPLE_FIELDS).items() if k in their_people and v not in creators
    ]
    return {k: v for k, v in (("creators", creators), ("authors", authors)) if v}


def shared_facts(query: Mapping[str, Any], hit: Mapping[str, Any]) -> dict[str, list[str]]:
    """Per fact, the labels both shows have (in the query show's order); who made both under
    "creators" and "authors" (`shared_people`)."""
    mine, theirs = _facts(query), _facts(hit)
    shared: dict[str, list[str]] = shared_people(mine, theirs)
    for name in (*_KINDS, *(n for n, _ in _PARTS)):
        other = set(_labels(theirs.get(name)))
        both = [v for v in _labels(mine.get(name)) if v in other]
        if both:
            shared[name] = both
    if not any(shared.get(k) for k in _KINDS):
        other = {g.casefold() for g in _labels(hit.get("catalog_genres"))}
        genres = [g for g in _labels(query.get("catalog_genres")) if g.casefold() in other]
        if genres:
            shared["genres"] = genres
    return shared


def why_summary(
    shared: Mapping[str, list[str]], dna_shared: Mapping[str, list[str]] | None = None
) -> str:
    """The shared facts as one line; for shows without curated facts (a server's own), the
    tropes and themes both DNAs hold stand in for them."""
    kinds = [*shared.get("format", []), *shared.get("subgenres", [])] or shared.get("genres", [])
    parts = [
        f"{words}: {', '.join(shared[name][:_MAX_LABELS])}"
        for name, words in (("creators", "same creator"), ("authors", "made from the work of"))
        if shared.get(name)
    ]
    if kinds:
        parts.append(f"both: {', '.join(kinds[:_MAX_LABELS])}")
    said = {v.casefold() for name in (*_KINDS, "genres") for v in shared.get(name, [])}
    for name, words in _PARTS:
        # A fan's word already said as another fact ("antihero" as a subgenre) is said once.
        labels = [
            v
            for v in shared.get(name, [])
            if v not in _COMMON.get(name, set()) and v.casefold() not in said
        ][:_MAX_LABELS]
        while labels and not _fits(parts, f"{words}: {', '.join(labels)}"):
            labels.pop()  # fewer labels of a reason before none
        if labels:
            said.update(v.casefold() for v in labels)
            parts.append(f"{words}: {', '.join(labels)}")
    if not any(shared.get(name) for name in ("tone", "themes")):
        for name in ("tropes", "themes"):
            labels = [v.replace("_", " ") for v in (dna_shared or {}).get(name, [])]
            if labels:
                parts.append(f"{name}: {', '.join(labels[:_MAX_LABELS])}")
    return "; ".join(parts)


def _fits(parts: list[str], part: str) -> bool:
    """Whether `part` still fits the line (the first two reasons always do)."""
    return len(parts) < 2 or len("; ".join([*parts, part])) <= _MAX_CHARS
