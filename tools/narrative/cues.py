"""What a synopsis says outright about its era and tone, read from its own words.

The embedding zero-shot guesses an era and a tone for any text, and guesses badly: Friends read
as "far future", every crime show as the same three moods. A synopsis usually states both ("In
1983, ...", "Steeped in 1980s nostalgia", "Light, warm and quotable"), so these readers look for
those words first. They return None (era) or nothing (tone) when the text states nothing, so the
caller can tell a stated fact from a guess.

Era: a year or decade where the story happens ("in 1983", "the early 1980s"), a named period
("Victorian", "the Second World War", "feudal Japan"), or words for now or the future
("present-day", "in the near future"). Years in sentences about the production itself ("revived
in 2005", "ran until 1964") are not the story's.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TROPE_CUES = Path(__file__).resolve().parent / "data" / "trope_cues.json"

__all__ = [
    "EraCue",
    "era_for_year",
    "read_era",
    "read_tones",
    "read_tropes",
    "tone_ids_of_words",
]

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
        r"near[- ]future|not[- ]too[- ]distant future|a few (?:years|decades) from now|"
        r"in the future|futuristic|dystopian future",
        "near_future",
    ),
    (
        r"present[- ]day|modern[- ]day|contemporary|today's|nowadays|smartphones?|social media|"
        r"the internet|online",
        "present_day",
    ),
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
        r"gold rush|frontier town|meiji|taisho",
        "nineteenth_century",
    ),
    (
        r"first world war|world war i\b|great war|prohibition|great depression|roaring twenties|"
        r"jazz age|weimar|second world war|world war ii|world war 2|nazi[- ]occupied|the blitz",
        "early_twentieth_century",
    ),
    (
        r"cold war|space race|post-?war britain|swinging sixties|vietnam war|korean war",
        "mid_twentieth_century",
    ),
)
_PERIOD_RES = tuple((re.compile(rf"\b(?:{p})", re.IGNORECASE), era) for p, era in _PERIODS)


@dataclass(frozen=True, slots=True)
class EraCue:
    era: str  # an era id of the vocabulary
    evidence: str  # the words that said so


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
    for pattern, era in _PERIOD_RES:
        for match in pattern.finditer(sentence):
            # "a former Cold War spy": someone's past, not when the story happens.
            if not _PAST_OF_SOMEONE.search(sentence[: match.start()]):
                return EraCue(era, match.group(0))
    return None


# Right before a year or period: someone's past or a named event ("the 1994 Winter Olympics",
# "a former Cold War spy", "a veteran of the Vietnam War"), not the time of the story.
_PAST_OF_SOMEONE = re.compile(
    r"\b(?:former|ex-|retired|veteran(?: of)?|survivors? of|memories of)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_EVENT_YEAR = re.compile(r"(?:\bthe|\b(?:former|ex-|retired))\s+$", re.IGNORECASE)
_THEN_NOW = re.compile(r"^\W*(?:and|but)?\s*now\b", re.IGNORECASE)


# Words a synopsis uses for its own mood, per tone id of the vocabulary.
_TONE_WORDS: dict[str, tuple[str, ...]] = {
    "dark": ("dark", "darkly", "darker", "grim", "brutal", "violent", "noir", "sinister"),
    "bleak": ("bleak", "hopeless", "despairing", "nihilistic", "unsparing", "harrowing"),
    "tense": (
        "tense",
        "suspenseful",
        "suspense",
        "taut",
        "gripping",
        "nail-biting",
        "paranoid",
        "paranoia",
        "thrilling",
    ),
    "gritty": ("gritty", "raw", "realistic", "grimy", "hard-edged", "unflinching"),
    "eerie": (
        "eerie",
        "creepy",
        "uncanny",
        "unsettling",
        "haunting",
        "ominous",
        "spooky",
        "dreamlike",
        "mysterious",
        "atmospheric",
        "horror",
        "frightening",
        "scary",
    ),
    "melancholic": (
        "melancholy",
        "melancholic",
        "bittersweet",
        "wistful",
        "mournful",
        "elegiac",
        "sad",
        "poignant",
        "moving",
        "quiet",
    ),
    "cynical": ("cynical", "jaded", "sardonic", "acerbic", "caustic", "misanthropic"),
    "satirical": (
        "satire",
        "satirical",
        "satirizes",
        "satirises",
        "skewers",
        "parody",
        "parodies",
        "lampoons",
        "mocking",
        "send-up",
    ),
    "absurd": (
        "absurd",
        "absurdist",
        "surreal",
        "zany",
        "outlandish",
        "bizarre",
        "wacky",
        "madcap",
        "deadpan",
        "farcical",
        "farce",
        "cringe",
        "awkward",
    ),
    "lighthearted": (
        "light",
        "lighthearted",
        "light-hearted",
        "breezy",
        "playful",
        "fun",
        "goofy",
        "funny",
        "comic",
        "comedic",
        "silly",
        "quotable",
        "upbeat",
    ),
    "whimsical": ("whimsical", "quirky", "charming", "magical", "fanciful", "offbeat"),
    "warm": (
        "warm",
        "heartfelt",
        "affectionate",
        "big-hearted",
        "sweet",
        "heartwarming",
        "kind",
        "kindness",
        "tender",
        "sincere",
    ),
    "cozy": ("cozy", "cosy", "gentle", "comforting", "low-stakes", "wholesome", "soothing"),
    "romantic": ("romantic", "swoon-worthy", "swooning", "yearning", "love story", "romance"),
    "hopeful": ("hopeful", "optimistic", "uplifting", "inspiring", "life-affirming", "earnest"),
    "epic": ("epic", "sweeping", "grand", "sprawling", "operatic", "large-scale"),
    "frantic": (
        "frantic",
        "chaotic",
        "breathless",
        "fast-paced",
        "frenetic",
        "manic",
        "anxious",
        "hyperactive",
    ),
}
_TONE_RES = {
    tone: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    for tone, words in _TONE_WORDS.items()
}
# A sentence about the show as a whole ("Tense, darkly funny..., the show explores...") says
# more about its mood than a sentence of plot ("a dark mirror dimension", "a cozy coffee house").
_ABOUT_THE_SHOW = re.compile(
    r"\b(?:series|show|sitcom|drama|comedy|tone|mood|blends|mixes|balances|explores|"
    r"combines|style|humou?r|atmosphere)\b",
    re.IGNORECASE,
)


def read_tones(sentences: Sequence[str], *, limit: int = 3) -> list[str]:
    """Tone ids the text states about itself, strongest first (empty when it states none)."""
    scores: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for index, sentence in enumerate(sentences):
        weight = 2 if _ABOUT_THE_SHOW.search(sentence) else 1
        for tone, pattern in _TONE_RES.items():
            hits = len(pattern.findall(sentence))
            if hits:
                scores[tone] += weight * hits
                first_seen.setdefault(tone, index)
    # One word in a sentence of plot is not a mood: it takes a sentence about the show, or two.
    stated = [t for t, s in scores.items() if s >= 2]
    stated.sort(key=lambda t: (-scores[t], first_seen[t]))
    return stated[:limit]


def tone_ids_of_words(words: Sequence[str]) -> list[str]:
    """Tone words as written in a catalog ("light", "heartfelt", "darkly comic") as tone ids, in
    their order; a word that names no tone of the vocabulary adds none."""
    found: list[str] = []
    for word in words:
        key = word.replace("_", " ").strip()
        if key.casefold() in _TONE_WORDS:
            found.append(key.casefold())
            continue
        for tone, pattern in _TONE_RES.items():
            if pattern.search(key):
                found.append(tone)
    return list(dict.fromkeys(found))


@cache
def _trope_patterns() -> dict[str, re.Pattern[str]]:
    raw = json.loads(TROPE_CUES.read_text(encoding="utf-8"))["tropes"]
    return {
        trope: re.compile(r"\b(?:" + "|".join(cues) + ")", re.IGNORECASE)
        for trope, cues in raw.items()
    }


def read_tropes(sentences: Sequence[str], *, limit: int = 4) -> list[str]:
    """Trope ids the text states outright ("a heist", "a serial killer", "undercover"), the most
    often stated first (ties: the first stated); empty when it states none."""
    text = " ".join(sentences)
    found: list[tuple[int, int, str]] = []
    for trope, pattern in _trope_patterns().items():
        hits = list(pattern.finditer(text))
        if hits:
            found.append((-len(hits), hits[0].start(), trope))
    return [trope for *_, trope in sorted(found)[:limit]]
