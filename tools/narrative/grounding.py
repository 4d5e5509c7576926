"""The facts the offline extractor can stand on, field by field, before it guesses.

For each field `/show dna` shows, the first of these that has an answer wins, and the DNA records
which one it was (`Extraction.sources`):
1. "catalog": the catalog's curated facts (setting_place, setting_era, tone, themes), written by
   hand for every starter show;
2. "text": what the synopsis states outright (a year, "present-day", "Light, warm and quotable",
   "in Albuquerque");
3. "hint": for the era only, words that date the story without naming its period ("online",
   "futuristic"; a story that opens on a world of its own, "In a world where alchemy...", is
   "timeless": tools.narrative.worlds);
4. "year": for the era only, the years the show was made (a story that names no period is set
   when it was made: Friends, 1994, is a late-twentieth-century show);
5. "guess": the zero-shot embedding reading, which is what the offline reader did for every
   field before, and which is not shown to members as a fact.
An era from a hint or the year is always a rough reading (tools.narrative.trust): the year was
right for 0.75 of the held-out shows, below the 0.80 a fact needs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tools.narrative.cues import read_tones, tone_ids_of_words
from tools.narrative.eras import EraCue, era_for_year, read_era
from tools.narrative.schema import FieldSource
from tools.narrative.vocab import vocabulary
from tools.narrative.worlds import invented_world

__all__ = [
    "Grounded",
    "catalog_words",
    "curated_themes",
    "curated_tones",
    "curated_tropes",
    "ground_era",
    "ground_place",
    "ground_tone",
]

# Tones a DNA states: the strongest two (a third is more often wrong than right).
MAX_TONES = 2
CATALOG_TERMS = Path(__file__).resolve().parent / "data" / "catalog_terms.json"

# The catalog's era words (tools/retrieval/data/catalog_vocabulary.json) as era ids.
CATALOG_ERAS = {
    "prehistoric": "ancient",
    "ancient": "ancient",
    "medieval": "medieval",
    "early modern": "early_modern",
    "19th century": "nineteenth_century",
    "1900s-1940s": "early_twentieth_century",
    "1950s-1970s": "mid_twentieth_century",
    "1980s": "late_twentieth_century",
    "1990s": "late_twentieth_century",
    "2000s": "present_day",
    "near future": "near_future",
    "far future": "far_future",
    "secondary world": "timeless",
}


@dataclass(frozen=True, slots=True)
class Grounded:
    value: Any
    source: FieldSource


def catalog_words(facts: Mapping[str, Any], name: str) -> list[str]:
    """A curated fact as a list of non-empty strings, whatever JSON shape it came in."""
    value = facts.get(name)
    items = value if isinstance(value, list | tuple) else [value]
    return [str(v).strip() for v in items if v is not None and str(v).strip()]


def ground_era(
    facts: Mapping[str, Any], sentences: Sequence[str], year: int | None
) -> Grounded | None:
    """The era from the catalog, the text or the production year; None leaves it to a guess."""
    for word in catalog_words(facts, "setting_era"):
        key = word.casefold()
        if key == "contemporary" and year is not None:
            return Grounded(era_for_year(year), "catalog")
        if key in CATALOG_ERAS:
            return Grounded(CATALOG_ERAS[key], "catalog")
        # "multiple eras" (Dark, The Crown): the text's first stated period is the best single id.
    cue: EraCue | None = read_era(sentences, made=year)
    if cue is not None:
        return Grounded(cue.era, "text" if cue.named else "hint")
    if invented_world(sentences) is not None:
        # Game of Thrones (2011) is not a present-day story: its year says nothing of its era.
        return Grounded("timeless", "hint")
    if year is not None:
        return Grounded(era_for_year(year), "year")
    return None


def ground_place(
    facts: Mapping[str, Any], synopsis: str, text_place: str | None
) -> Grounded | None:
    places = catalog_words(facts, "setting_place")
    if places:
        return Grounded(_as_written(places[0], synopsis)[:200], "catalog")
    if text_place:
        return Grounded(text_place[:200], "text")
    return None


def ground_tone(facts: Mapping[str, Any], sentences: Sequence[str]) -> Grounded | None:
    curated = curated_tones(catalog_words(facts, "tone"))
    if curated:
        return Grounded(curated[:MAX_TONES], "catalog")
    stated = read_tones(sentences, limit=MAX_TONES)
    if stated:
        return Grounded(stated, "text")
    return None


def curated_tones(words: Sequence[str]) -> list[str]:
    """Tone words the table knows map through it; any other word through the tone lexicon."""
    table = _catalog_terms()["tones"]
    found: list[str] = []
    for word in words:
        key = word.casefold().strip()
        found.extend(table[key] if key in table else tone_ids_of_words([word]))
    return list(dict.fromkeys(found))


def _as_written(place: str, synopsis: str) -> str:
    """A place in the synopsis's own capitals when the synopsis spells it the same way."""
    found = re.search(re.escape(place), synopsis, flags=re.IGNORECASE)
    return found.group(0) if found else place


def curated_themes(facts: Mapping[str, Any]) -> list[str]:
    """The catalog's theme words ("pride", "family", "surveillance") as theme ids (at most 5)."""
    return _mapped(catalog_words(facts, "themes"), "themes", vocabulary().ids("themes"))[:5]


def curated_tropes(facts: Mapping[str, Any]) -> list[str]:
    """Trope ids the catalog's subgenres name ("heist", "police procedural", "time travel")."""
    table = _catalog_terms()["tropes"]
    words = [w.casefold() for w in catalog_words(facts, "subgenres")]
    return list(dict.fromkeys(t for w in words for t in table.get(w, ())))


def _mapped(words: Sequence[str], kind: str, ids: Sequence[str]) -> list[str]:
    table = _catalog_terms()[kind]
    found: list[str] = []
    for word in words:
        key = " ".join(word.casefold().replace("_", " ").split())
        if key in table:
            found.extend(table[key])
            continue
        # Not in the table (a user's catalog): an id that is the word, or starts with it.
        found.extend(t for t in ids if t == key.replace(" ", "_") or t.startswith(f"{key}_and_"))
    return list(dict.fromkeys(found))


@cache
def _catalog_terms() -> dict[str, dict[str, tuple[str, ...]]]:
    raw = json.loads(CATALOG_TERMS.read_text(encoding="utf-8"))
    vocab = vocabulary()
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for kind in ("themes", "tones", "tropes"):
        allowed = set(vocab.ids(kind))
        entries = {str(k): tuple(str(i) for i in v) for k, v in raw[kind].items()}
        wrong = sorted({i for ids in entries.values() for i in ids} - allowed)
        if wrong:
            raise ValueError(f"{CATALOG_TERMS.name}: {', '.join(wrong)} are not {kind} ids")
        table[kind] = entries
    return table
