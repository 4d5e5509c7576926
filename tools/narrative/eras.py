"""When a story happens, read from what its synopsis says (tools.narrative.grounding uses it).

A year or decade where the story happens ("in 1983", "the early 1980s"), a named period
("Victorian", "the Second World War", "feudal Japan", "the 24th century") or words for now or the
future ("present-day", "in the near future"). Years in sentences about the production itself
("revived in 2005", "ran until 1964") are not the story's. Words that only hint at a time
("online", "smartphones", "futuristic") are read too, but marked as hints (`EraCue.named`):
`/show dna` states an era as fact only when the text names it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["EraCue", "era_for_year", "read_era"]

# Sentences about how the show was made, not when its story happens.
_PRODUCTION = re.compile(
    r"\b(?:series|season|seasons|episode|episodes|revival|revived|premiered|aired|broadcast|"
    r"hiatus|actors?|cast|finale|renewed|ran|running|film|films|novel|novels|book|adapted)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(
    r"\b(?:in|of|from|since|by|around|during|until|circa|year)?\s*\b(1[0-9]{3}|20[0-9]{2})\b(?!s)"
)
_DECADE = re.compile(r"\b(?:(early|mid|late)[-\s])?(1[0-9]{2}0|20[0-9]0)s\b", re.IGNORECASE)
_WORD_DECADES = {
    "twenties": 1920,
    "thirties": 1930,
    "forties": 1940,
    "fifties": 1950,
    "sixties": 1960,
    "seventies": 1970,
    "eighties": 1980,
    "nineties": 1990,
}
_WORD_DECADE = re.compile(r"\bthe (" + "|".join(_WORD_DECADES) + r")\b", re.IGNORECASE)
# Named periods and what era id each one is; checked in this order (most specific first).
_PERIODS: tuple[tuple[str, str], ...] = (
    (
        r"far future|distant future|centuries (?:from now|in the future|later)|"
        r"thousand years (?:later|in the future|from now)|"
        r"\b(?:2[2-9]|3[0-9])(?:nd|rd|th) century|year 2[2-9]\d\d",
        "far_future",
    ),
    (
        r"near[- ]future|not[- ]too[- ]distant future|a few (?:years|decades) from now",
        "near_future",
    ),
    (r"in the future|futuristic|dystopian future", "near_future"),
    (r"present[- ]day|modern[- ]day|contemporary|today's|nowadays", "present_day"),
    (r"smartphones?|social media|the internet|online", "present_day"),
    (
        r"prehistoric|stone age|ancient (?:rome|greece|egypt|china)|roman empire|pharaoh|"
        r"gladiators?|bronze age",
        "ancient",
    ),
    (r"medieval|middle ages|viking|feudal|knights? of|crusades?", "medieval"),
    (
        r"tudor|elizabethan|renaissance|seventeenth century|eighteenth century|"
        r"1[5-7]th century|age of sail|napoleonic|colonial america|edo period|shogunate",
        "early_modern",
    ),
    (
        r"victorian|regency|nineteenth century|19th century|american civil war|old west|wild west|"
        r"gold rush|frontier town|meiji",
        "nineteenth_century",
    ),
    (
        # Taisho: Japan's 1912-1926 (Demon Slayer), not the Meiji era before it.
        r"first world war|world war i\b|great war|prohibition|great depression|roaring twenties|"
        r"jazz age|weimar|taisho|second world war|world war ii|world war 2|nazi[- ]occupied|"
        r"the blitz",
        "early_twentieth_century",
    ),
    (
        r"cold war|space race|post-?war britain|swinging sixties|vietnam war|korean war",
        "mid_twentieth_century",
    ),
)
# Words that date a story without naming its period: a future that may be near or far, the
# things of now (a story with smartphones is set now, but the text does not say so).
_HINTS = frozenset(
    {
        r"in the future|futuristic|dystopian future",
        r"smartphones?|social media|the internet|online",
    }
)
_PERIOD_RES = tuple(
    (re.compile(rf"\b(?:{p})", re.IGNORECASE), era, p not in _HINTS) for p, era in _PERIODS
)


@dataclass(frozen=True, slots=True)
class EraCue:
    era: str  # an era id of the vocabulary
    evidence: str  # the words that said so
    # The words name the period (a year, a decade, a century, "Victorian", "present-day"), rather
    # than only hint at it ("online", "futuristic"): only a named period is stated as fact.
    named: bool = True


def era_for_year(year: int, *, made: int | None = None) -> str:
    """The era id a story year falls in. `made` (the production year) tells the near future from
    the present: a story set 30 years after it was made is near-future, not present-day."""
    if made is not None and year > made + 150:
        return "far_future"
    if made is not None and year > made + 8:
        return "near_future"
    if year > 2150:
        return "far_future"
    if year > 2035:
        return "near_future"
    for bound, era in (
        (500, "ancient"),
        (1450, "medieval"),
        (1800, "early_modern"),
        (1900, "nineteenth_century"),
        (1950, "early_twentieth_century"),
        (1980, "mid_twentieth_century"),
        (2000, "late_twentieth_century"),
    ):
        if year < bound:
            return era
    return "present_day"


def read_era(sentences: Sequence[str], *, made: int | None = None) -> EraCue | None:
    """The era the text states (its first story-time cue), or None when it states none."""
    for sentence in sentences:
        if _PRODUCTION.search(sentence) and not re.match(r"^\s*(?:In|By|Since)\b", sentence):
            # "Steeped in 1980s nostalgia, the series..." still dates the story: a decade of
            # nostalgia or a period name counts; a bare year in a production sentence does not.
            cue = _decade_cue(sentence, made) or _period_cue(sentence)
        else:
            cue = (
                _future_cue(sentence)
                or _year_cue(sentence, made)
                or _decade_cue(sentence, made)
                or _period_cue(sentence)
            )
        if cue is not None:
            return cue
    return None


def _year_cue(sentence: str, made: int | None) -> EraCue | None:
    for match in _YEAR.finditer(sentence):
        year = int(match.group(1))
        if _EVENT_YEAR.search(sentence[: match.start(1)]):
            continue  # "watching the 1994 Winter Olympics": an event, not the story's time
        if 1000 <= year <= 2999:
            return EraCue(era_for_year(year, made=made), match.group(0).strip())
    return None


def _decade_cue(sentence: str, made: int | None) -> EraCue | None:
    match = _DECADE.search(sentence)
    if match is not None and _THEN_NOW.match(sentence[match.end() :]):
        match = None  # "starred in a sitcom in the 1990s and now lives...": a past, not the era
    if match is not None:
        decade = int(match.group(2))
        part = (match.group(1) or "").lower()
        year = decade + {"early": 2, "mid": 5, "late": 8}.get(part, 5)
        return EraCue(era_for_year(year, made=made), match.group(0))
    word = _WORD_DECADE.search(sentence)
    if word is not None:
        year = _WORD_DECADES[word.group(1).lower()] + 5
        if made is not None and made < year:  # "the twenties" of a 2020s show
            year += 100
        return EraCue(era_for_year(year, made=made), word.group(0))
    return None


def _future_cue(sentence: str) -> EraCue | None:
    # "wakes up a thousand years later" outranks the year he fell asleep in the same sentence.
    cue = _period_cue(sentence)
    return cue if cue is not None and cue.era in ("near_future", "far_future") else None


def _period_cue(sentence: str) -> EraCue | None:
    for pattern, era, named in _PERIOD_RES:
        for match in pattern.finditer(sentence):
            # "a former Cold War spy": someone's past, not when the story happens.
            if not _PAST_OF_SOMEONE.search(sentence[: match.start()]):
                return EraCue(era, match.group(0), named=named)
    return None


# Right before a year or period: someone's past or a named event ("the 1994 Winter Olympics",
# "a former Cold War spy", "a veteran of the Vietnam War"), not the time of the story.
_PAST_OF_SOMEONE = re.compile(
    r"\b(?:former|ex-|retired|veteran(?: of)?|survivors? of|memories of)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_EVENT_YEAR = re.compile(r"(?:\bthe|\b(?:former|ex-|retired))\s+$", re.IGNORECASE)
_THEN_NOW = re.compile(r"^\W*(?:and|but)?\s*now\b", re.IGNORECASE)
