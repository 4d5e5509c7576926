"""Where a message's sentences end, one rule for every parameter reader.

A sentence ends at ".", "!", "?" or "…" (a run of them) followed by a space, after a letter, a
digit or a closing mark. It does not end after an abbreviation ("Mr. Robot", "St. Petersburg"),
an initial ("House M.D. in space"), or a German ordinal ("im 19. Jahrhundert"). What follows may
start in lower case: members type "a cat. make it blue". French puts a space before "?" and "!".
"""

from __future__ import annotations

import re

__all__ = ["SENTENCE_END", "sentence_spans", "sentences"]

SENTENCE_END = re.compile(
    r"(?<=[^\W_)'\"”])"
    r"(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|Mt|Ft|vs|Pt|mr|ms|dr|st|jr|sr|mt|ft))(?<!\b(?:Mrs|Vol|mrs))"
    # French puts a space before "?" and "!": "Un chat ? Oui."
    # "INT. DINER - NIGHT": a full stop after capitals is a screenplay heading's, or an acronym's
    r"(?:(?<!\b[A-Za-z])(?<![A-Z]{2})\.+|\s?[!?…]+[.!?…]*)\s+"
    # "im 19. Jahrhundert", "am 3. Mai": a German ordinal, no sentence end
    r"(?!(?<=\d\.\s)(?-i:Jahrhundert|Jh|Januar|Februar|März|April|Mai|Juni|Juli|August|September|"
    r"Oktober|November|Dezember|Stock|Etage)\b)"
    r"(?=\S)"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, its end mark included and the space after it left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        end = m.start() + len(m.group(0).rstrip())
        spans.append((start, end))
        start = m.end()
    if start < len(text) or not spans:
        spans.append((start, len(text)))
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each with its end mark, empty ones left out."""
    return [text[a:b] for a, b in sentence_spans(text) if text[a:b].strip()]
