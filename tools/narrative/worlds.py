"""Whether a synopsis tells a story in an invented world, where the production year says nothing.

A story that names no period is usually set when it was made (tools.narrative.grounding), but not
one set in a world of its own: Game of Thrones (2011) is not a present-day show, nor are Avatar's
four nations or a galaxy far away. Such a synopsis says so in its first words ("In a world where
alchemy...", "set on the continent of Westeros", "Set in the Star Wars galaxy") and names no real
place; a real place ("In a version of Los Angeles...", "a world where superheroes live in New
York") puts the story back in ours. The era of an invented world is "timeless", as the starter
catalog's hand-written facts say for every one of them ("secondary world").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

__all__ = ["invented_world"]

# Words a synopsis uses to open on a world of its own.
_INVENTED = re.compile(
    r"\b(?:"
    r"(?:in|on|across) an? (?:(?:\w+|war-torn|far-off) )?(?:world|realm|kingdom) "
    r"(?:where|whose|in which|divided|of|ruled|split|torn|populated)|"
    r"(?:in|on|across) an? (?:fantasy|mythical|magical|imaginary|fictional|invented) "
    r"(?:world|realm|land|kingdom|continent|empire)|"
    r"(?:the|a) (?:continent|kingdom|realm) of [A-Z]|"
    r"(?:star wars|galactic|distant|faraway|far-off) galaxy|galaxy far|"
    r"(?:a|the) galactic empire"
    r")",
    re.IGNORECASE,
)
# "the kingdom of [A-Z]" needs its capital as written: the pattern above is case-blind.
_NAMED_KINGDOM = re.compile(r"\b(?:the|a) (?:continent|kingdom|realm) of (?P<name>\w+)", re.I)
# Real-world anchors beyond the place list: our planet, real nations' adjectives.
# Capitalised as written: "Earth" the planet, not the element a character bends.
_OUR_WORLD = re.compile(
    r"\b(?:Earth|American|British|English|French|German|Japanese|Korean|Chinese|Russian|"
    r"Spanish|Italian|European|African|Indian|Mexican|Canadian|Australian|Soviet)\b"
)
OPENING_CHARS = 400  # the first words, however the sentences were split ("George R. R. Martin")
_REAL_PLACE = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(line.strip())
        for line in (Path(__file__).resolve().parent / "data" / "places.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip() and not line.startswith("#")
    )
    + r")\b",
    re.IGNORECASE,
)


def invented_world(sentences: Sequence[str]) -> str | None:
    """The words that open the story on an invented world, or None (ours, or not said)."""
    opening = " ".join(sentences)[:OPENING_CHARS]
    match = _INVENTED.search(opening)
    if match is None:
        return None
    kingdom = _NAMED_KINGDOM.search(match.group(0))
    if kingdom is not None and not kingdom.group("name")[:1].isupper():
        return None  # "the kingdom of heaven", "a realm of shadows": a phrase, not a place
    text = " ".join(sentences)
    if _OUR_WORLD.search(text) or _REAL_PLACE.search(text):
        return None
    return match.group(0)
