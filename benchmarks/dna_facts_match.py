"""Reading the hand-written DNA facts and scoring one DNA against them (benchmarks/dna_facts.py).

Names match when they share a name word of three letters or more, after dropping titles
("Walt" matches "Walter White" by its first four letters; "Heisenberg" matches when the DNA lists
it as Walter White's alias, which it does not expose, so aliases count through `Character.name`
only). A place matches when one names a part of the other ("Albuquerque" / "Albuquerque, New
Mexico"); era ids must be equal; tone and tropes are scored as the share of the DNA's labels the
facts hold (precision: what a member reads must be right) with recall beside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.narrative.cues import era_for_year
from tools.narrative.grounding import CATALOG_ERAS
from tools.narrative.schema import NarrativeDNA
from tools.narrative.vocab import vocabulary

__all__ = ["FIELDS", "Gold", "load_gold", "score_show"]

FIELDS = ("characters", "roles", "setting.place", "setting.era", "tone", "tropes")
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
    era: str | None  # an era id of the DNA vocabulary
    tone: tuple[str, ...]
    tropes: tuple[str, ...]
    era_raw: str | None = None


def _first(row: Mapping[str, Any], *keys: str) -> Any:
    setting = row.get("setting") if isinstance(row.get("setting"), Mapping) else {}
    for key in keys:
        for source in (row, setting):
            if source.get(key) not in (None, "", []):
                return source[key]
    return None


def _ids(values: Any, kind: str) -> tuple[str, ...]:
    allowed = set(vocabulary().ids(kind))
    items = values if isinstance(values, list) else [values] if values else []
    ids = [str(v).strip().lower().replace("-", "_").replace(" ", "_") for v in items]
    unknown = sorted(set(ids) - allowed)
    if unknown:
        raise ValueError(f"{kind} not in the DNA vocabulary: {', '.join(unknown)}")
    return tuple(dict.fromkeys(ids))


def era_id(value: Any, year: int | None) -> str | None:
    if not value:
        return None
    key = str(value).strip().casefold()
    ids = set(vocabulary().ids("eras"))
    if key.replace(" ", "_").replace("-", "_") in ids:
        return key.replace(" ", "_").replace("-", "_")
    if key in CATALOG_ERAS:
        return CATALOG_ERAS[key]
    if key == "contemporary" and year is not None:
        return era_for_year(year)
    raise ValueError(f"era {value!r} is neither an era id nor a catalog era word")


def load_gold(path: Path, years: Mapping[str, int | None] | None = None) -> list[Gold]:
    if not path.exists():
        raise SystemExit(f"{path} is missing: the hand-written DNA facts are needed")
    gold = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        row = json.loads(raw)
        work_id = str(row.get("id") or row.get("show_id") or row.get("show"))
        try:
            characters = tuple(
                GoldCharacter(
                    name=str(c["name"]),
                    role=_ids(c.get("role"), "roles")[0] if c.get("role") else "",
                    aliases=tuple(str(a) for a in c.get("aliases") or ()),
                )
                for c in row.get("characters") or []
            )
            era_raw = _first(row, "era", "setting_era")
            gold.append(
                Gold(
                    id=work_id,
                    split=str(row.get("split", "dev")),
                    characters=characters,
                    place=_first(row, "place", "setting_place"),
                    era=era_id(era_raw, (years or {}).get(work_id)),
                    tone=_ids(_first(row, "tone", "tones"), "tones"),
                    tropes=_ids(_first(row, "tropes"), "tropes"),
                    era_raw=era_raw,
                )
            )
        except (KeyError, ValueError) as exc:
            raise SystemExit(f"{path.name} line {number} ({work_id}): {exc}") from exc
    return gold


def _words(name: str) -> set[str]:
    return {w for w in _WORD.findall(name.casefold()) if len(w) >= 3 and w not in _TITLES}


def _same_person(gold: GoldCharacter, name: str) -> bool:
    mine = _words(name)
    for form in (gold.name, *gold.aliases):
        theirs = _words(form)
        if mine & theirs:
            return True
        # "Walt" is "Walter": a four-letter prefix of a name word counts.
        if any(
            a.startswith(b) or b.startswith(a)
            for a in mine
            for b in theirs
            if len(a) >= 4 <= len(b)
        ):
            return True
    return False


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
        matched = []
        for character in gold.characters:
            index = next((i for i, n in enumerate(names) if n and _same_person(character, n)), None)
            if index is not None:
                matched.append((character, dna.characters[index]))
        row["characters"] = len(matched) / len(gold.characters)
        named = [n for n in names if n]
        row["characters_precision"] = (
            sum(1 for n in named if any(_same_person(c, n) for c in gold.characters)) / len(named)
            if named
            else 0.0
        )
        with_roles = [(g, c) for g, c in matched if g.role]
        row["roles"] = (
            sum(1 for g, c in with_roles if g.role == c.role) / len(with_roles)
            if with_roles
            else None
        )
    if gold.place:
        row["setting.place"] = float(_place_matches(gold.place, dna.setting.place))
    if gold.era:
        row["setting.era"] = float(gold.era == dna.setting.era)
    row["tone"], row["tone_recall"] = _share(dna.tone.labels, gold.tone)
    row["tropes"], row["tropes_recall"] = _share(dna.tropes, gold.tropes)
    return row
