"""Reading the hand-written DNA facts and scoring one DNA against them (benchmarks/dna_facts.py).

The facts are written in their own words; each is read in the DNA's vocabulary first:
- roles: the facts' "family" and "comic_relief" have no DNA role: the DNA's "supporting" or
  "ally" (a member of the cast who is not lead, rival or love) is right for them; the DNA's
  "deuteragonist" (second lead) is right for one of an ensemble's several "protagonist"s;
- era: "contemporary" is the era of the years the show was made; "1980s" and the other decades
  are their era; "invented-world" is "timeless", "medieval-fantasy" is "medieval" or "timeless";
  "multiple-eras" is not scored;
- tone: words through the catalog's tone table (tools/narrative/data/catalog_terms.json), so
  "witty" is "lighthearted"; words with no tone id ("cerebral", "restrained") are not scored;
- tropes: phrases through benchmarks/data/dna_facts_tropes.json, written by hand.
Names match when they share a name word of three letters or more (titles dropped) or one is a
four-letter prefix of the other ("Walt", "Walter"), unless each has a name word the other lacks
("Walter White" and "Skyler White" are two people of one family). Each DNA character counts for
at most one hand-written character and the other way round (the pairing that matches the most
name words), so one "Sherlock Holmes" is not also Mycroft Holmes. A place matches when one
names a part of the other ("Albuquerque" / "Albuquerque, New Mexico"). Tone and tropes are
scored as the share of the DNA's labels the facts hold (precision: what a member reads must be
right), recall beside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from tools.narrative.eras import era_for_year
from tools.narrative.grounding import CATALOG_ERAS, curated_tones
from tools.narrative.schema import NarrativeDNA

__all__ = ["FIELDS", "Gold", "load_gold", "score_show"]

FIELDS = ("characters", "roles", "setting.place", "setting.era", "tone", "tropes")
TROPE_PHRASES = Path(__file__).resolve().parent.parent / "data" / "dna_facts_tropes.json"
# The facts' roles -> the DNA roles that are right for them.
ROLE_MATCHES: dict[str, frozenset[str]] = {
    "protagonist": frozenset({"protagonist", "deuteragonist"}),
    "antagonist": frozenset({"antagonist"}),
    "ally": frozenset({"ally"}),
    "foil": frozenset({"foil"}),
    "love_interest": frozenset({"love_interest"}),
    "mentor": frozenset({"mentor"}),
    "family": frozenset({"supporting", "ally"}),
    "comic_relief": frozenset({"supporting", "ally"}),
}
# The facts' era words -> the DNA era ids that are right (None: not scored).
_ERA_WORDS: dict[str, frozenset[str] | None] = {
    "invented-world": frozenset({"timeless"}),
    "medieval-fantasy": frozenset({"medieval", "timeless"}),
    "multiple-eras": None,
    "near future": frozenset({"near_future"}),
    "far future": frozenset({"far_future"}),
}
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "doctor",
        "professor",
        "detective",
        "agent",
        "special",
        "sir",
        "lady",
        "lord",
        "prince",
        "princess",
        "king",
        "queen",
    ]
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]+")


@dataclass(frozen=True, slots=True)
class GoldCharacter:
    name: str
    role: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Gold:
    id: str
    split: str
    characters: tuple[GoldCharacter, ...]
    place: str | None
    era: frozenset[str] | None  # the era ids that are right
    tone: tuple[str, ...]
    tropes: tuple[str, ...]
    era_raw: str | None = None


def era_ids(value: Any, year: int | None) -> frozenset[str] | None:
    if not value:
        return None
    key = str(value).strip().casefold()
    if key in _ERA_WORDS:
        return _ERA_WORDS[key]
    if key == "contemporary":
        return frozenset({era_for_year(year)}) if year is not None else None
    decade = re.fullmatch(r"(1[0-9]{2}0|20[0-9]0)s", key)
    if decade:
        return frozenset({era_for_year(int(decade.group(1)) + 5)})
    if key in CATALOG_ERAS:
        return frozenset({CATALOG_ERAS[key]})
    raise ValueError(f"era {value!r}: add it to _ERA_WORDS")


@cache
def _trope_phrases() -> dict[str, tuple[str, ...]]:
    raw = json.loads(TROPE_PHRASES.read_text(encoding="utf-8"))["phrases"]
    return {k.casefold(): tuple(v) for k, v in raw.items()}


def trope_ids(phrases: Sequence[str]) -> tuple[str, ...]:
    table = _trope_phrases()
    unknown = [p for p in phrases if p.casefold() not in table]
    if unknown:
        raise ValueError(f"trope phrases missing from {TROPE_PHRASES.name}: {unknown}")
    return tuple(dict.fromkeys(i for p in phrases for i in table[p.casefold()]))


def load_gold(path: Path, years: Mapping[str, int | None] | None = None) -> list[Gold]:
    if not path.exists():
        raise SystemExit(f"{path} is missing: the hand-written DNA facts are needed")
    gold = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        row = json.loads(raw)
        work_id = str(row.get("show") or row.get("id"))
        try:
            characters = tuple(
                GoldCharacter(name=str(c["name"]), role=str(c.get("role") or ""))
                for c in row.get("characters") or []
            )
            unknown_roles = {c.role for c in characters if c.role and c.role not in ROLE_MATCHES}
            if unknown_roles:
                raise ValueError(f"roles {sorted(unknown_roles)}: add them to ROLE_MATCHES")
            gold.append(
                Gold(
                    id=work_id,
                    split=str(row["split"]),
                    characters=characters,
                    place=row.get("setting_place") or None,
                    era=era_ids(row.get("setting_era"), (years or {}).get(work_id)),
                    tone=tuple(curated_tones([str(t) for t in row.get("tone") or []])),
                    tropes=trope_ids([str(t) for t in row.get("tropes") or []]),
                    era_raw=row.get("setting_era"),
                )
            )
        except (KeyError, ValueError) as exc:
            raise SystemExit(f"{path.name} line {number} ({work_id}): {exc}") from exc
    return gold


def _words(name: str) -> set[str]:
    return {w for w in _WORD.findall(name.casefold()) if len(w) >= 3 and w not in _TITLES}


def _alike(a: str, b: str) -> bool:
    # "Walt" is "Walter", "Carmy" is "Carmen": a shared start of four letters.
    return a == b or (len(a) >= 4 <= len(b) and a[:4] == b[:4])


def _name_overlap(gold: GoldCharacter, name: str) -> int:
    """How many name words the two share (0: not the same person)."""
    mine = _words(name)
    best = 0
    for form in (gold.name, *gold.aliases):
        theirs = _words(form)
        shared = sum(1 for a in mine if any(_alike(a, b) for b in theirs))
        only_mine = [a for a in mine if not any(_alike(a, b) for b in theirs)]
        only_theirs = [b for b in theirs if not any(_alike(a, b) for a in mine)]
        if shared and not (only_mine and only_theirs):
            best = max(best, shared)
    return best


def _same_person(gold: GoldCharacter, name: str) -> bool:
    return _name_overlap(gold, name) > 0


def _pairs(golds: Sequence[GoldCharacter], names: Sequence[str]) -> list[tuple[int, int]]:
    """(gold index, name index) pairs, each used once, matching the most name words."""
    if not golds or not names:
        return []
    overlap = np.asarray([[_name_overlap(g, n) if n else 0 for n in names] for g in golds])
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if overlap[r, c] > 0]


def _place_matches(gold: str, place: str) -> bool:
    def parts(text: str) -> list[str]:
        cleaned = re.sub(r"\b(?:the|a|an|in|of)\b", " ", text.casefold())
        return [" ".join(p.split()) for p in re.split(r"[,;/()]| and ", cleaned) if p.strip()]

    mine, theirs = parts(place), parts(gold)
    return any(a in b or b in a for a in mine for b in theirs if len(a) >= 3 and len(b) >= 3)


def _share(shown: Sequence[str], truth: Sequence[str]) -> tuple[float | None, float | None]:
    if not truth:
        return None, None
    precision = sum(1 for s in shown if s in truth) / len(shown) if shown else 0.0
    recall = sum(1 for t in truth if t in shown) / len(truth)
    return precision, recall


def score_show(gold: Gold, dna: NarrativeDNA) -> dict[str, Any]:
    """One show's agreement per field (None where the facts say nothing)."""
    row: dict[str, Any] = {"id": gold.id}
    names = [c.name or "" for c in dna.characters]
    if gold.characters:
        pairs = _pairs(gold.characters, names)
        matched = [(gold.characters[g], dna.characters[n]) for g, n in pairs]
        row["characters"] = len(matched) / len(gold.characters)
        named = [n for n in names if n]
        row["characters_precision"] = len(pairs) / len(named) if named else 0.0
        with_roles = [(g, c) for g, c in matched if g.role]
        row["roles"] = (
            sum(1 for g, c in with_roles if c.role in ROLE_MATCHES[g.role]) / len(with_roles)
            if with_roles
            else None
        )
    if gold.place:
        row["setting.place"] = float(_place_matches(gold.place, dna.setting.place))
    if gold.era:
        row["setting.era"] = float(dna.setting.era in gold.era)
    row["tone"], row["tone_recall"] = _share(dna.tone.labels, gold.tone)
    row["tropes"], row["tropes_recall"] = _share(dna.tropes, gold.tropes)
    return row
