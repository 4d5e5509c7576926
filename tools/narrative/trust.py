"""Which fields of a DNA `/show dna` may state as facts, and which only as a rough reading.

The offline reader's agreement with hand-written DNA facts (benchmarks/dna_facts.py, dev split,
benchmarks/data/retrieval/dna_facts.jsonl) is kept per field and per source of that field in
data/dna_trust.json. A field is shown as fact only when the LOWER bound of a 90% Wilson interval of
its dev agreement is at least `threshold` (0.80): a point figure of 0.83 over 26 shows is too thin
a margin (three fields chosen that way came out at 0.70-0.75 on the held-out shows), so a field
needs to be right about nearly every dev show it was measured on, or on many more shows, before a
member reads it as fact. A guess that agreed less than `hide_below` is not shown at all; anything
else is shown, marked as a rough reading.

A place the catalog only describes ("the offices of a secretive biotech corporation", "an unnamed
English city") is judged apart from one it names ("a sandwich shop in Chicago, Illinois"): a
member names a place by its name, and a description is rarely the place they would name.

An era is a fact only when the catalog holds it or the text names its period (a year, a decade,
a century, "Victorian"): an era read from the production year agreed on every dev show but on
only 0.75 of 20 held-out shows, and one read from hints ("online", "in a world where...") rests
on the same kind of inference, so both are rough readings whatever their dev figure.

Fields the hand-written set does not cover (genres, themes) are facts only when they come from
the catalog's curated data, written by hand; structure, conflict and outcome are always a rough
reading when offline. A DNA Claude wrote is shown as Claude wrote it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal

from tools.narrative.names import names_somewhere
from tools.narrative.schema import NarrativeDNA

__all__ = [
    "DISPLAY_FIELDS",
    "TRUST_FILE",
    "Trust",
    "agreement_lower_bound",
    "field_trust",
    "source_key",
    "trust_figures",
]

TRUST_FILE = Path(__file__).resolve().parent / "data" / "dna_trust.json"

Trust = Literal["fact", "rough", "hidden"]
# What `/show dna` shows (bot/render/shows.py) -> which measured DNA fields each one rests on.
DISPLAY_FIELDS: Mapping[str, tuple[str, ...]] = {
    "genres": ("genres",),
    "tone": ("tone",),
    "themes": ("themes",),
    "structure": (),
    "characters": ("characters",),
    "roles": ("roles",),
    "setting.place": ("setting.place",),
    "setting.era": ("setting.era",),
    "conflict": (),
    "outcome": (),
    "tropes": ("tropes",),
}
# The only sources a field may be a fact from (the others are rough readings at best). A
# conservative rule from the held-out split, not tuned: the era read from the production year
# scored 0.75 there, below the 0.80 a fact needs.
_FACT_SOURCES: Mapping[str, frozenset[str]] = {"setting.era": frozenset({"catalog", "text"})}
# Fields the hand-written facts do not cover: the catalog's curated words are facts.
_CURATED_ONLY = frozenset({"genres", "themes"})
_MIN_SHOWS = 5  # a figure from fewer dev shows decides nothing
# A two-sided 90% interval: its lower bound is wrong (too high) for at most 1 field in 20.
_Z = 1.6449


def agreement_lower_bound(agreement: float, shows: int, z: float = _Z) -> float:
    """The lower end of the Wilson score interval of an agreement measured on `shows` shows.

    Wilson's interval is for a share of yes/no outcomes; some fields score each show with a
    share (characters: the part of the main cast found). A per-show score in [0, 1] with mean p
    has a variance of at most p(1 - p), the yes/no case, so treating the shows as yes/no trials
    gives an interval at least as wide as the true one: the bound errs on the side of "rough".
    """
    if shows <= 0:
        return 0.0
    p = min(1.0, max(0.0, agreement))
    z2 = z * z
    centre = p + z2 / (2 * shows)
    spread = z * math.sqrt(p * (1 - p) / shows + z2 / (4 * shows * shows))
    return max(0.0, (centre - spread) / (1 + z2 / shows))


@cache
def trust_figures(path: Path = TRUST_FILE) -> dict[str, Any]:
    """The measured agreement: {"threshold", "hide_below", "agreement": {field: {source:
    {"agreement", "shows"}}}}; empty figures (everything rough) when it was never measured."""
    if not path.exists():
        return {"threshold": 0.8, "hide_below": 0.5, "agreement": {}}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def field_trust(dna: NarrativeDNA, figures: Mapping[str, Any] | None = None) -> dict[str, Trust]:
    """Every display field of this DNA: a fact, a rough reading, or not shown."""
    if dna.extraction.method == "llm":
        return dict.fromkeys(DISPLAY_FIELDS, "fact")
    figures = figures if figures is not None else trust_figures()
    threshold = float(figures.get("threshold", 0.8))
    hide_below = float(figures.get("hide_below", 0.5))
    measured: Mapping[str, Any] = figures.get("agreement") or {}
    out: dict[str, Trust] = {}
    for shown, rests_on in DISPLAY_FIELDS.items():
        source = source_key(dna, shown)
        if not rests_on:
            out[shown] = "rough"
        elif shown in _CURATED_ONLY:
            out[shown] = "fact" if source == "catalog" else "rough"
        else:
            scores = [_agreement(measured, field, source) for field in rests_on]
            known = [s for s in scores if s is not None]
            may_be_fact = source in _FACT_SOURCES.get(shown, (source,))
            if len(known) < len(scores):
                out[shown] = "rough"
            elif may_be_fact and min(agreement_lower_bound(*s) for s in known) >= threshold:
                out[shown] = "fact"
            elif source == "guess" and min(a for a, _ in known) < hide_below:
                out[shown] = "hidden"
            else:
                out[shown] = "rough"
    return out


def source_key(dna: NarrativeDNA, field: str) -> str:
    """What filled a field in, as its agreement is kept: the DNA's recorded source, with a place
    the catalog only describes kept apart ("catalog_described")."""
    # Roles are read with the characters, from the same words.
    source = str(dna.extraction.sources.get("characters" if field == "roles" else field, "guess"))
    if field == "setting.place" and source == "catalog" and not names_somewhere(dna.setting.place):
        return "catalog_described"
    return source


def _agreement(measured: Mapping[str, Any], field: str, source: str) -> tuple[float, int] | None:
    """(agreement, shows) for a field from a source, None when too few shows measured it."""
    entry = (measured.get(field) or {}).get(source)
    if not isinstance(entry, Mapping) or int(entry.get("shows", 0)) < _MIN_SHOWS:
        return None
    return float(entry["agreement"]), int(entry["shows"])
