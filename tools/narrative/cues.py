"""What a synopsis says outright about its tone and tropes, read from its own words.

The embedding zero-shot guesses a tone for any text, and guesses badly: every crime show read as
the same three moods. A synopsis usually states its tone ("Light, warm and quotable", "a darkly
comic thriller"), so these readers look for those words first. They return nothing when the text
states nothing, so the caller can tell a stated fact from a guess. The era is read the same way
in tools.narrative.eras.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path

TROPE_CUES = Path(__file__).resolve().parent / "data" / "trope_cues.json"

__all__ = [
    "read_tones",
    "read_tropes",
    "tone_ids_of_words",
]

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
