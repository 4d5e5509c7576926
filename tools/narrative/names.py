"""Finding character names in a synopsis without a language model, and hiding them behind roles.

Names are runs of capitalised words, counted where they are not just starting a sentence; words
that mostly follow "in", "at", "to"... are places, not people. It is a heuristic: good enough to
find the two or three people a synopsis is about, and to replace them with "the protagonist" so
that two retellings with different names compare on what happens, not on who it happens to.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["NameMention", "anonymise", "find_names", "find_places", "role_names"]

_RUN = re.compile(r"\b[A-Z][a-zA-Z'’\-]+(?:\s+(?:[A-Z][a-zA-Z'’\-]+|de|van|von|da|del|al))*")
_PLACE_CUES = frozenset(
    "in at to from into across near outside of through on toward towards around".split()  # noqa: SIM905
)
# Capitalised words that are not people: sentence openers, titles, months, nationalities...
_NOT_NAMES = frozenset(
    line.strip()
    for line in (Path(__file__).resolve().parent / "data" / "not_names.txt")
    .read_text()
    .splitlines()
    if line.strip() and not line.startswith("#")
)


@dataclass(slots=True)
class NameMention:
    name: str
    count: int = 0
    sentences: list[int] = field(default_factory=list)
    place_cues: int = 0
    aliases: set[str] = field(default_factory=set)  # shorter forms seen: "Walt", "Pinkman"


def _clean(run: str) -> tuple[str, list[str]]:
    """The name in a run of capitalised words, and the leading words dropped from it."""
    words = run.replace("’", "'").split()
    dropped: list[str] = []
    while words and words[0].lower() in _NOT_NAMES:
        dropped.append(words[0].lower())
        words = words[1:]
    while words and words[-1].lower() in _NOT_NAMES:
        words = words[:-1]
    # Acronyms (FBI, DEA, NASA) are organisations far more often than people.
    words = [w for w in words if not (len(w) > 1 and w.isupper())]
    name = " ".join(words)
    return (name[:-2] if name.endswith("'s") else name), dropped


def find_names(sentences: Sequence[str], *, max_names: int = 6) -> list[NameMention]:
    """Likely people, most mentioned first (ties: first appearance)."""
    found, starts = _mentions(sentences)
    merged = _merge_partial(list(found.values()))
    people = [
        m
        for m in merged
        # One capitalised word seen once, starting a sentence, is usually an ordinary word
        # ("Grief", "Soon"); a full name or a repeated word is a name.
        if m.count > starts[m.name] or m.count >= 2 or " " in m.name
        if m.place_cues * 2 < m.count
    ]
    people.sort(key=lambda m: (-m.count, m.sentences[0]))
    return people[:max_names]


def find_places(sentences: Sequence[str]) -> list[str]:
    """Capitalised names that mostly follow "in", "at", "to"...: most mentioned first."""
    found, _ = _mentions(sentences)
    places = [m for m in found.values() if m.place_cues * 2 >= m.count]
    places.sort(key=lambda m: (-m.count, m.sentences[0]))
    return [m.name for m in places]


def _mentions(sentences: Sequence[str]) -> tuple[dict[str, NameMention], Counter[str]]:
    found: dict[str, NameMention] = {}
    starts: Counter[str] = Counter()
    for index, sentence in enumerate(sentences):
        for match in _RUN.finditer(sentence):
            name, dropped = _clean(match.group(0))
            if not name or len(name) < 2 or name.lower() in _NOT_NAMES:
                continue
            before = sentence[: match.start()].split()
            at_start = not before and not dropped
            if at_start:
                starts[name] += 1
            mention = found.setdefault(name, NameMention(name))
            mention.count += 1
            mention.sentences.append(index)
            cues = [*dropped, before[-1].lower() if before else ""]
            if any(c in _PLACE_CUES for c in cues):
                mention.place_cues += 1
    return found, starts


def _merge_partial(people: list[NameMention]) -> list[NameMention]:
    """Single words of a full name ("Walter", "White") count as that name ("Walter White")."""
    full = [m for m in people if " " in m.name]
    kept: list[NameMention] = []
    for mention in people:
        owner = next((f for f in full if f is not mention and _part_of(mention.name, f.name)), None)
        if owner is None:
            kept.append(mention)
        else:
            owner.aliases.add(mention.name)
            owner.count += mention.count
            owner.sentences = sorted({*owner.sentences, *mention.sentences})
    return kept


def _part_of(short: str, full: str) -> bool:
    if " " in short:
        return False
    # "Walt" is short for "Walter": a prefix of at least four letters counts.
    return any(w == short or (len(short) >= 4 and w.startswith(short)) for w in full.split())


def role_names(mentions: Sequence[NameMention], roles: Sequence[str]) -> dict[str, str]:
    """Every form of each name mapped to its role, for `anonymise`."""
    mapping: dict[str, str] = {}
    for mention, role in zip(mentions, roles, strict=False):
        mapping[mention.name] = role
        for alias in mention.aliases:
            mapping.setdefault(alias, role)
    return mapping


def anonymise(text: str, roles: Mapping[str, str]) -> str:
    """Replace each name (and its first and last word alone) with "the <role>"."""
    replacements: dict[str, str] = {}
    for name, role in roles.items():
        phrase = f"the {role.replace('_', ' ')}"
        replacements[name] = phrase
        parts = name.split()
        if len(parts) > 1:
            replacements.setdefault(parts[0], phrase)
            replacements.setdefault(parts[-1], phrase)
    if not replacements:
        return text
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(n) for n in sorted(replacements, key=len, reverse=True)) + r")"
        r"(['’]s)?\b"
    )
    return pattern.sub(lambda m: replacements[m.group(1)] + ("'s" if m.group(2) else ""), text)
