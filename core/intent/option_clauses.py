"""The clauses of a request that only state options ("..., landscape, final", "seed 555 and square
pls"), and option words glued to the end of a description ("a knight with seed 42"): what
`core/intent/options.py` takes out so the description, title or setting is left.
"""

from __future__ import annotations

import re

from core.intent import option_words as words
from core.intent.text import NUMBER, clauses, join_clauses, strip_trailing_fillers, to_int

__all__ = [
    "MEDIA_OPTION_WORDS",
    "is_filler_clause",
    "is_option_clause",
    "only_options",
    "seconds_said",
    "strip_option_clauses",
    "without_trailing_options",
]

_I = re.IGNORECASE

_STYLE_SUFFIX = re.compile(r"\b((?:[\w'-]+ )?[\w'-]+?)[- ]style\b", _I)
_STYLE_OF = re.compile(r"\bin the style of ([^,]+)", _I)

# Options glued to the end of the description: "a knight with seed 42", "um dragão em alta
# qualidade", "a street at night in 4k".
_TRAILING_OPTION = re.compile(
    r"(?:^|\s+)(?:(?:with|using|use|reuse|same|keep|in|at|as|en|em|na|no|au|im|in der|con|com|"
    r"mit|avec|de|a|for|around|about|roughly|approximately|approx|lasting|just|say|like|maybe|"
    r"pour|para|für|fürs|"
    r"format|formato|mode|modo)\s+)*(?:(?:the|a|an|my|la|le|el|o|um|uma|une|un|una|mon|mi|meu|mein)\s+)?"
    rf"(?:{words.SEED.pattern}|{words.FINAL.pattern}|{words.DRAFT.pattern}|{words.PORTRAIT.pattern}|"
    r"\bx\s?\d{1,2}\b|\b\d{1,2}\s?x\b|"
    rf"{words.LANDSCAPE.pattern}|{words.SQUARE.pattern}|{words.SECONDS_WORD.pattern})"
    r"(?:\s+(?:quality|format|mode|orientation|version|qualité|calidad|qualidade|qualität|"
    r"formato|modo|long|max|tops|or so))?\W*$",
    _I,
)


def without_trailing_options(part: str, *, whole: bool = False) -> str:
    """`part` without the option words at its end; `whole`: it may be all options."""
    part = strip_trailing_fillers(part)
    for _ in range(3):
        # Options glued on are a few words at the end: only the end is searched, so a long
        # message costs no more than a short one.
        offset = max(0, len(part) - _TRAILING_WINDOW)
        m = _TRAILING_OPTION.search(part, offset)
        if m is None or (m.start() == 0 and not whole):
            break
        part = part[: m.start()]
    return part


_TRAILING_WINDOW = 80


def seconds_said(text: str) -> int | None:
    if (m := words.SECONDS_WORD.search(text)) and (n := to_int(m.group(1))) is not None:
        return n
    # "4s" is seconds only for small numbers: "80s" is a decade.
    for m in words.SECONDS_SHORT.finditer(text):
        if int(m.group(1)) <= 10:
            return int(m.group(1))
    return None


_MEDIA_OPTION_WORDS = re.compile(
    "|".join(
        p.pattern
        for p in (
            words.COUNT,
            words.SECONDS_WORD,
            words.SECONDS_SHORT,
            words.SEED,
            words.PORTRAIT,
            words.LANDSCAPE,
            words.SQUARE,
            words.FINAL,
            words.DRAFT,
            _STYLE_SUFFIX,
            _STYLE_OF,
        )
    )
    + r"|\b(?:quality|mode|format|formato|aspect(?: ratio)?|ratio|orientation|long|length|duration|"
    r"versions?|clip|hd|en|im|em|na|no|au|format|formato|modo|mode|orientation|size)\b",
    _I,
)

MEDIA_OPTION_WORDS = _MEDIA_OPTION_WORDS

# What may be left in an option-only clause once the options are taken out.
_FILLER = re.compile(
    r"^(?:\W|\b(?:and|with|in|at|as|make it|make them|it|them|please|pls|plz|of|a|an|the|"
    r"only|also|i want|give me|for|each|using|use|lol|thanks|thx|ty|go|do|to|be|is|should|"
    r"just|maybe|ok|okay|yeah|yes|one|all|total|both|fine|lovely|great|nice|good|perfect|"
    r"would|could|perhaps|so|i|can|choose|pick|works|enough|if possible|ideally|pref|"
    r"preferably|render|renders|version|image|picture|pic|clip|video|shot|output|result|again|"
    r"but|aber|mais|pero|mas|nochmal|encore|otra vez|de novo|mit|avec|con|com|about|around|"
    r"roughly|approximately|approx|ish|max|tops|or so|all different|different|each different|"
    # "si possible", "wenn möglich", "se possível", "de preferencia": hedges in other languages
    r"si possible|si es posible|si se puede|wenn möglich|wenn es geht|se possível|se der|"
    r"de préférence|de preferencia|de preferência|am liebsten|bitte|por favor|s'il te plaît|"
    r"s'il vous plaît|stp|svp|porfa|wäre gut|wäre super|serait bien|estaría bien|seria bom|"
    rf"varied|various|distinct|unique|\d+|{NUMBER})\b)*$",
    _I,
)


_LONGEST_OPTION_CLAUSE = 240  # "in a high quality landscape format with seed 42, three please"


def only_options(part: str, options: re.Pattern[str]) -> bool:
    if len(part) > _LONGEST_OPTION_CLAUSE:
        return False  # a pasted paragraph is never options alone: no need to scan it
    residue = options.sub(" ", part)
    return bool(_FILLER.match(residue.strip()))


def strip_option_clauses(text: str, options: re.Pattern[str]) -> str:
    """The clauses that are not options only. The first is kept unless a later one says more:
    "Three scenes, no storyboard, and the idea is ..." starts with its options."""
    parts = clauses(text)
    said = [not only_options(part, options) for part in parts]
    first_said = said.index(True) if True in said else 0
    return join_clauses([part for i, part in enumerate(parts) if i == first_said or said[i]])


def is_filler_clause(part: str) -> bool:
    """Small words only: "all different", "please", "each one"."""
    return bool(_FILLER.match(part.strip()))


def is_option_clause(part: str) -> bool:
    """Options of a picture and small words only: "seed 31337", "quality final", "landscape pls"."""
    return only_options(part, _MEDIA_OPTION_WORDS) and bool(_MEDIA_OPTION_WORDS.search(part))
