"""The clauses of an image or video request that are not its description: what to leave out
("no people", "ohne Menschen", "negative: text, watermark", a later sentence "No text on it
please"), and why the picture is wanted ("since this one is going to print"). Clauses are cut at
commas, semicolons, spaced dashes and sentence ends, so a later sentence is a clause of its own.
"""

from __future__ import annotations

import re

from core.intent.sentences import SENTENCE_END
from core.intent.text import strip_edges

__all__ = [
    "NEGATIVE",
    "NEGATIVE_LABEL",
    "NEGATIVE_TAIL",
    "REASON",
    "REASON_INSIDE",
    "media_spans",
    "negative_words",
]

_I = re.IGNORECASE

NEGATIVE = re.compile(
    r"^(?:but |and |mais |pero |aber |mas |y |et |und |e )?(?:please |pls |and )?(?:with )?"
    r"(?:no|without|avoid|minus|except|leave out|exclude|excluding|skip|keep out|get rid of|"
    r"(?:don'?t|do not|please don'?t)\s+(?:include|show|add|put in|draw)|"
    r"sans|sin|ohne|sem|pas de|kein(?:e|en)?|nada de|evita|évite|vermeide)\s+"
    r"(?!(?:more|less|problem|worries|rush|pressure|hurry|stress)\b)(.+)$",
    _I,
)
# Said at the end of the description without a comma: "a lighthouse without people", "une forêt
# sans personnages", "ein Leuchtturm ohne Menschen". A few words only: "a man without a hat
# walking his dog through a long night market" is a description.
NEGATIVE_TAIL = re.compile(
    r"\s+(?:but\s+|and\s+|y\s+|et\s+|und\s+|e\s+)?(?:without|sans|sin|ohne|sem|"
    r"with no|but no|and no|no more)\s+"
    # "un couloir sans fin", "una escalera sin fin", "ohne Ende": endless, nothing left out
    r"(?!(?:fin|fim|end|ende|cesse|parar|limites?|límites?|grenzen)\W*$)"
    r"(?P<n>(?:[\w'-]+\s+){0,3}[\w'-]+)\W*$",
    _I,
)
NEGATIVE_LABEL = re.compile(
    r"[,.;]?\s*\b(?:negative(?: prompt)?|neg|négatif|negativo|negativ|avoid|exclude|without|"
    r"no|sans|sin|ohne|sem|évite[rz]?|evita[r]?|vermeide)\s*[:=]\s*(.+?)"
    r"(?P<after>(?<=[^\W\d_])[.!?]\s+\S.*)?$",
    _I | re.DOTALL,
)
_END = re.compile(
    r"\s+(?:in it|in them|on it|on them|in the (?:image|picture|shot|frame|background)|please|pls|"
    r"thanks|anywhere|at all|s'il te pla[iî]t|por favor|bitte)\W*$",
    _I,
)


def negative_words(raw: str) -> str:
    """ "text on it please" -> "text"."""
    words = strip_edges(raw)
    for _ in range(3):
        trimmed = _END.sub("", words)
        if trimmed == words:
            break
        words = trimmed
    return words


# Clauses, and sentences too: "... very cinematic. No text on it please, and make it final."
# A dot after an initial or a title ("Mr. Robot") ends no sentence.
_MEDIA_SPLIT = re.compile(rf"\s*(?:,|;|\s[—–-]\s|\s\+\s|{SENTENCE_END.pattern})\s*")


def media_spans(text: str) -> tuple[list[tuple[int, int]], int]:
    """Where each clause starts and ends, and where the first sentence ends."""
    spans: list[tuple[int, int]] = []
    last = 0
    for split in _MEDIA_SPLIT.finditer(text):
        spans.append((last, split.start()))
        last = split.end()
    spans.append((last, len(text)))
    first_end = end.start() if (end := SENTENCE_END.search(text)) else len(text)
    return [(a, b) for a, b in spans if text[a:b].strip()], first_end


# Why the picture is wanted, said after the description: "since this one is going to print",
# "parce que c'est pour un concours", "weil es für die Schule ist".
REASON = re.compile(
    r"^\W*(?:and\s+)?(?:since|because|cause|'cause|cuz|as (?:it|this|i|we)|so (?:that )?(?:i|we)|"
    r"parce que|car|puisque|porque|ya que|pues|weil|da|denn|damit|já que|pois)\b",
    _I,
)
REASON_INSIDE = re.compile(
    r"\s(?:since|because|cause|'cause|cuz|so (?:that )?(?:i|we|you|it)|parce que|porque|weil|"
    r"damit|para que|pour que|já que)\b",
    _I,
)
