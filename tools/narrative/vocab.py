"""The project's own vocabularies (genres, themes, tones, archetypes, tropes, beats...), as data.

They live in `data/vocabulary.json`, written in our own words: each entry has an id (what the DNA
stores) and a description (what the offline extractor embeds to recognise it, and what Claude is
shown). Changing an id is a schema change; rewording a description only changes extraction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "FRAMEWORKS",
    "BeatDef",
    "Framework",
    "Term",
    "Vocabulary",
    "vocabulary",
]

DATA = Path(__file__).resolve().parent / "data" / "vocabulary.json"

Framework = Literal["save_the_cat", "heros_journey", "three_act", "five_turning_points"]
FRAMEWORKS: tuple[Framework, ...] = (
    "save_the_cat",
    "heros_journey",
    "three_act",
    "five_turning_points",
)
# The kinds of flat term lists in the file.
KINDS = (
    "genres",
    "themes",
    "tones",
    "archetypes",
    "tropes",
    "roles",
    "arcs",
    "eras",
    "world_types",
    "outcomes",
    "conflicts",
)


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    description: str
    aliases: tuple[str, ...] = ()
    valence: float = 0.0  # tones only
    intensity: float = 0.0  # tones only

    @property
    def label(self) -> str:
        return self.id.replace("_", " ")


@dataclass(frozen=True, slots=True)
class BeatDef:
    id: str
    position: float  # where the beat usually falls, 0..1
    function: str  # what the beat does, shared across frameworks (inciting, midpoint, climax...)
    turning_point: bool
    description: str

    @property
    def label(self) -> str:
        return self.id.replace("_", " ")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    version: int
    terms: dict[str, tuple[Term, ...]]
    frameworks: dict[str, tuple[BeatDef, ...]]

    def ids(self, kind: str) -> tuple[str, ...]:
        return tuple(t.id for t in self.terms[kind])

    def term(self, kind: str, term_id: str) -> Term:
        for term in self.terms[kind]:
            if term.id == term_id:
                return term
        raise KeyError(f"{term_id!r} is not a {kind} term")

    def beat_ids(self, framework: str) -> tuple[str, ...]:
        return tuple(b.id for b in self.frameworks[framework])

    def beat(self, framework: str, beat_id: str) -> BeatDef:
        for beat in self.frameworks[framework]:
            if beat.id == beat_id:
                return beat
        raise KeyError(f"{beat_id!r} is not a beat of {framework}")

    def genre_for(self, text: str) -> str | None:
        """A catalog's free-text genre ("Sci-Fi", "crime drama") mapped onto a genre id."""
        key = text.strip().casefold().replace("_", " ")
        for term in self.terms["genres"]:
            if key == term.id.replace("_", " ") or key in term.aliases:
                return term.id
        return None


def _term(raw: dict[str, Any]) -> Term:
    return Term(
        id=raw["id"],
        description=raw["description"],
        aliases=tuple(a.casefold() for a in raw.get("aliases", ())),
        valence=float(raw.get("valence", 0.0)),
        intensity=float(raw.get("intensity", 0.0)),
    )


@cache
def vocabulary() -> Vocabulary:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    terms = {kind: tuple(_term(t) for t in raw[kind]) for kind in KINDS}
    frameworks: dict[str, tuple[BeatDef, ...]] = {
        name: tuple(
            BeatDef(
                id=b["id"],
                position=float(b["position"]),
                function=b["function"],
                turning_point=bool(b["turning_point"]),
                description=b["description"],
            )
            for b in raw["frameworks"][name]
        )
        for name in FRAMEWORKS
    }
    return Vocabulary(version=int(raw["version"]), terms=terms, frameworks=frameworks)
