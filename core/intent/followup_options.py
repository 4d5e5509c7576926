"""Changes to the thread's last request made of options alone: "landscape please", "only top 3",
"2 more of those", "und zwei Stück". core/intent/followup.py and core/intent/followup_clauses.py
decide when a message is such a change; these read what it changes."""

from __future__ import annotations

import re
from typing import Any

from core.intent.followup_words import BARE_COUNT, LENGTH_CHANGE, OPTION_ECHO
from core.intent.options import media_options, similar_options, transform_options
from core.intent.schema import Intent
from core.intent.text import NUMBER, strip_edges, strip_trailing_fillers, to_int

__all__ = ["AGAIN", "COMPARATIVE", "LEAD", "N_PICTURES", "options_only", "read_count"]

_I = re.IGNORECASE
_MEDIA = (Intent.GENERATE_IMAGE, Intent.GENERATE_VIDEO)
# The small words a change opens with: "ok now", "and", "can we", "tu peux".
LEAD = (
    r"(?:(?:ok|okay|now|and|but|actually|yes|yeah|yep|hmm+|please|pls|cool|nice|great|so|"
    # the same small words in the other languages members write in
    r"encore|mais|maintenant|et|ahora|pero|y|otra\s+vez|de\s+nuevo|jetzt|aber|und|nochmal|"
    r"noch\s+einmal|agora|mas|e|de\s+novo|outra\s+vez|love\s+it|perfect|"
    # asked politely: "can we have it widescreen?", "tu peux la refaire ?"
    r"(?:can|could)\s+(?:you|we|i)|tu\s+peux|peux-tu|tu\s+pourrais|puedes|podr[ií]as|"
    r"kannst\s+du|k[öo]nntest\s+du|pode|voc[eê]\s+pode)\W*\s+)*"
)

# "again", "redo it", "refais-le", "nochmal": the last request once more; what follows may
# change it.
AGAIN = re.compile(
    rf"^{LEAD}(?:again|same(?:\s+(?:thing|again|one|prompt))?|another(?:\s+one)?|"
    r"one\s+more\s+time|one more|"
    r"encore(?:\s+une\s+fois)?|de\s+nuevo|otra\s+vez|nochmal|noch\s*einmal|de\s+novo|"
    r"outra\s+vez|mais\s+uma(?:\s+vez)?|"
    r"redo(?:\s+it)?|retry|re-?roll|do it again|once more|more like (?:that|this)|"
    r"try\s+(?:it\s+|that\s+)?again|(?:la\s+|le\s+|l')?refaire|refais(?:-le|-la)?|rehazlo|"
    r"hazlo\s+(?:de\s+nuevo|otra\s+vez)|mach\s+(?:es\s+|das\s+)?nochmal|refaz(?:\s+isso)?|"
    r"(?:do|make)\s+(?:it|that|one)\s+again)\b(?P<rest>.*)$",
    _I,
)
# "darker", "a bit warmer": a change said as a comparative.
COMPARATIVE = re.compile(
    r"^(?:a\s+(?:bit|little)\s+|much\s+|even\s+|way\s+)?(?:more|less|darker|brighter|lighter|"
    r"bigger|smaller|warmer|colder|cooler|scarier|funnier|happier|sadder|moodier|softer|sharper|"
    r"simpler|busier|older|younger|creepier|cuter|weirder|calmer|louder|slower|faster|longer|"
    r"shorter|wider|taller)\b.*$",
    _I,
)

# "ahora tres", "und zwei Stück", "three versions": how many pictures, at the end of a change.
N_PICTURES = re.compile(
    rf"(?:^|\s|,)(?:(?:and|und|et|y|e)\s+)?({NUMBER})(?:\s+(?:versions?|variations?|of\s+them|"
    r"st[üu]ck|exemplaires?|copias|versiones|vers[õo]es|c[óo]pias))?\W*$",
    _I,
)


def read_count(words: str, options: dict[str, Any]) -> str:
    """Take "und zwei Stück" off the end of a change to a picture, into `options` as its count;
    the words that are left."""
    m = N_PICTURES.search(words)
    if m is None or (n := to_int(m.group(1))) is None:
        return words
    options["count"] = n
    return words[: m.start()]


_MORE = re.compile(
    rf"^{LEAD}(?:(?:make|do|give\s+me|gimme|generate|draw|(?:can|could)\s+i\s+(?:get|have)|"
    rf"i\s+(?:want|need))\s+)?({NUMBER})\s+"
    r"(?:more(?:\s+(?:of (?:those|them|these)|like (?:that|this|it)))?"
    r"|of\s+(?:those|them|these|that|it))(?:\s+(?:please|pls|plz))?\W*$",
    _I,
)


def options_only(intent: Intent, text: str) -> dict[str, Any] | None:
    """ "landscape please", "only top 3", "2 more of those": options of the last request and
    nothing else."""
    if intent in _MEDIA and (m := _MORE.match(text)) and (n := to_int(m.group(1))):
        return {"count": n} if intent is Intent.GENERATE_IMAGE else {}
    if intent in _MEDIA:
        text = _HAVE_IT.sub("", _THIS_TIME.sub("", text))  # "can we have it widescreen?"
        options, rest = media_options(text, video=intent is Intent.GENERATE_VIDEO)
        if not _STYLE_WORD.search(text):
            options.pop("style", None)  # a style only when called one: "in anime style"
        made = _MAKE_N.search(rest) if intent is Intent.GENERATE_IMAGE else None
        if made and "count" not in options and (n := to_int(made.group(1))) is not None:
            options["count"] = n
            rest = rest[: made.start()] + rest[made.end() :]
        if intent is Intent.GENERATE_IMAGE and "count" not in options:
            rest = read_count(rest, options)
    elif intent is Intent.TRANSFORM_SHOW:
        options, rest = transform_options(text)
    elif intent is Intent.FIND_SIMILAR:
        options, rest = similar_options(text)
        if (m := BARE_COUNT.match(text)) and (n := to_int(m.group(1))) is not None:
            return {"k": n}
        only = _ONLY_COUNT.search(text)
        if "k" not in options and only and (n := to_int(only.group(1))) is not None:
            options["k"] = n
    else:
        return None
    if not options:
        return None
    rest = OPTION_ECHO.sub("", strip_edges(rest)) if rest else ""
    if rest.strip() and not OPTION_ECHO.match(rest + " "):
        leftover = strip_trailing_fillers(strip_edges(rest))
        if leftover and not ("seconds" in options and LENGTH_CHANGE.match(leftover)):
            return None
    return options


_THIS_TIME = re.compile(
    r"\s+(?:this\s+time|instead|cette\s+fois|esta\s+vez|diesmal|desta\s+vez)\W*$", _I
)
_HAVE_IT = re.compile(rf"^{LEAD}(?:have|get|make|do|see)\s+(?:it|that|this|one)\s+", _I)
_STYLE_WORD = re.compile(r"\b(?:style|estilo|stil)\b|-stil\b", _I)
# "portrait this time, and make 2": how many pictures, inside a change.
_MAKE_N = re.compile(
    rf"\b(?:make|do|give\s+me|gimme|generate|draw)\s+({NUMBER})\b(?!\s*(?:s\b|sec|scene))", _I
)
# "only 3, and by theme": a count of results beside other options.
_ONLY_COUNT = re.compile(
    rf"\b(?:only|just|top|solo|só|sólo|seulement|juste|nur|apenas)\s+(?:the\s+)?(?:top\s+)?({NUMBER})\b",
    _I,
)
