"""A change to the thread's last request said in several parts: "nice, now two more but
widescreen", "redo it, no people", "plus sombre, et 8 scènes", "gefällt mir, bitte quadratisch
und gleich drei Stück", "seulement trois, et par l'intrigue".

Each part is read on its own: a reaction ("nice", "j'adore", "hmm too small") changes nothing;
"again" words repeat the request; options, a count, what to leave out, a tone change it. The
message is a change only when every part is one of these and at least one repeats or changes
something, so a new request in a thread ("cool, now draw a dog") is never read as a change.
Whole-message patterns (core/intent/followup.py) cannot list every order of these parts; parts
read one at a time can.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from core.conversation import Turn
from core.intent.followup_jobs import followup_reading
from core.intent.followup_options import AGAIN, COMPARATIVE, LEAD, options_only, read_count
from core.intent.followup_words import DISMISS, OPTION_ECHO, TRAILING_TONE
from core.intent.options import media_options, similar_options, transform_options
from core.intent.schema import Intent, IntentResult
from core.intent.text import NUMBER, strip_edges, strip_trailing_fillers

__all__ = ["dismisses_in_parts", "read_parts"]

_I = re.IGNORECASE
_X = re.VERBOSE
_MEDIA: Final = (Intent.GENERATE_IMAGE, Intent.GENERATE_VIDEO)
# Parts end at punctuation and at "and"/"but" in the five languages ("mais" is also Portuguese
# "more", so it does not split: "mais engraçado").
_PARTS: Final = re.compile(
    r"\s*(?:[,;!?]+|\.+(?=\s|$)|:)\s*|\s+(?:and|but|et|y|und|aber|pero|e|mas|then|puis)\s+", _I
)
_MOST_PARTS: Final = 5
# A reaction to the result, in any language: it asks for nothing.
_REACTION: Final = re.compile(
    r"""^(?:(?:i|we)\s+(?:really\s+|absolutely\s+)?(?:love|like|adore|dig)\s+
          (?:it|this|that|them|these|those|the\s+\w+(?:\s+one)?)
       | (?:nice|cool|great|perfect|awesome|amazing|lovely|beautiful|neat|sweet|wow|love\s+it|
          hmm+|ok|okay|yes|yeah|yep|not\s+bad|so\s+good|good|thanks|thank\s+you|ty|lol|haha\w*|
          (?:it\s+|that\s+)?looks?\s+(?:good|great|nice|cool|amazing))
       | too\s+[^\W\d_]+ | (?:a\s+bit|kinda|a\s+little)\s+too\s+[^\W\d_]+
       | j'adore | j'aime(?:\s+bien)? | (?:c'est\s+)?(?:super|g[ée]nial|parfait|joli|top|cool)
       | trop\s+[^\W\d_]+ | merci
       | me\s+encanta | me\s+gusta | genial | perfecto | (?:qu[ée]\s+)?(?:bonito|precioso|guay)
       | demasiado\s+[^\W\d_]+ | gracias
       | (?:das\s+)?gef[äa]llt\s+mir | toll | sch[öo]n | perfekt | klasse | zu\s+[^\W\d_]+ | danke
       | adorei | amei | gostei | lindo | perfeito | demais | muito\s+[^\W\d_]+ | obrigad[oa])
       (?:\s+(?:lol|haha\w*|!+))?$""",
    _I | _X,
)
# What is left out: "no people", "without text", "sans personnages", "sin gente", "ohne Menschen".
_LEAVE_OUT: Final = re.compile(
    r"^(?:no|without|sans|sin|ohne|sem)\s+"
    r"(?P<what>[^\W\d_][\w' -]*)$",
    _I,
)
# "make it darker", "rends-le plus drôle", "hazlo más oscuro", "mach es düsterer".
_MAKE_IT: Final = re.compile(
    r"^(?:make\s+it|make\s+the\s+\w+|rends[\s-](?:le|la)|fais[\s-](?:le|la)|hazlo|hazla|"
    r"mach\s+(?:es|das)|deixa(?:-o|-a)?|faz(?:-o|-a)?)\s+(?P<rest>.+)$",
    _I,
)
# Small words a part may keep beside its options ("without the", "only", "add", "gleich").
_SMALL: Final = re.compile(
    r"\b(?:without|the|add|also|too|gleich|direkt|auch|aussi|tamb[ié]n|tamb[ée]m|le|la|les|el|"
    r"los|las|der|die|das|o|os|as|avec|con|com|mit|sans|sin|ohne|sem|no)\b",
    _I,
)
_COUNTED: Final = re.compile(
    rf"\b(?:{NUMBER}|scenes?|sc[èe]nes?|escenas?|szenen?|cenas?|st[üu]ck|results?|r[ée]sultats?|"
    r"resultados?|ergebnisse?|shows?|s[ée]ries?|serien|versions?)\b|\b[ldLD]'",
    _I,
)
_BUT: Final = re.compile(r"^\W*(?:but|mais|pero|aber|mas)\b", _I)
_FILLER: Final = re.compile(
    r"^(?:please|pls|plz|bitte|stp|s'il\s+te\s+pla[iî]t|por\s+favor|porfa|pfv|ok|okay|eh|ah|oh|"
    r"meh|bof|bah|nah|nope|no|lol|pff+|ugh|"
    r"ach|hmm+|well|so|alors|bueno|pues|also|naja|tja|enfim|ent[ãa]o)$",
    _I,
)


def _parts(text: str) -> list[tuple[str, str]]:
    """Each part as written and without its opening small words ("now", "can you", "mais")."""
    lead = re.compile(rf"^{LEAD}", _I)
    parts = []
    for raw in _PARTS.split(text):
        written = strip_trailing_fillers(strip_edges(raw))
        part = strip_trailing_fillers(strip_edges(lead.sub("", written)))
        if part and not _FILLER.match(part):
            parts.append((written, part))
    return parts


def read_parts(text: str, last: Turn) -> IntentResult | None:
    """The last request again with what each part of the message changes, or None when some
    part is neither a reaction, nor "again", nor a change the last request can take."""
    if last.intent not in (*_MEDIA, Intent.TRANSFORM_SHOW, Intent.FIND_SIMILAR):
        return None
    if len(_PARTS.split(text)) < 2:
        return None  # one part: the whole-message readers know it (core/intent/followup.py)
    parts = _parts(text)
    if not parts or len(parts) > _MOST_PARTS:
        return None
    changes: dict[str, Any] = {}
    acted = False
    for written, said in parts:
        if _REACTION.match(said):
            continue
        part = said
        if (again := AGAIN.match(written)) is not None:
            acted = True
            part = strip_edges(_BUT.sub("", again.group("rest")))
            if not part:
                continue
        read = _read_part(last.intent, written if part is said else part, part)
        if read is None:
            return None
        changes.update(read)
        acted = True
    if not acted:
        return None
    return followup_reading(last.intent, {**last.params, **changes})


def _read_part(intent: Intent, written: str, part: str) -> dict[str, Any] | None:
    """What one part changes, or None when it is not a change this request can take."""
    if intent is Intent.TRANSFORM_SHOW and (tone := _tone(written) or _tone(part)) is not None:
        return {"tone": tone}  # "mais engraçado": "mais" is "more" here, not "but"
    if intent in _MEDIA and (out := _LEAVE_OUT.match(part)) is not None:
        what = strip_edges(out.group("what"))
        if not OPTION_ECHO.match(what + " "):
            return {"negative_prompt": what}
    if (read := options_only(intent, part)) is not None:
        return read
    options, rest = _options(intent, part)
    return options if options and _only_small_words(rest) else None


def _options(intent: Intent, part: str) -> tuple[dict[str, Any], str]:
    if intent in _MEDIA:
        options, rest = media_options(part, video=intent is Intent.GENERATE_VIDEO)
        if intent is Intent.GENERATE_IMAGE and "count" not in options:
            rest = read_count(rest, options)  # "gleich drei Stück"
        return options, rest
    if intent is Intent.TRANSFORM_SHOW:
        return transform_options(part)
    return similar_options(part)


def _tone(part: str) -> str | None:
    """ "darker", "plus sombre", "mais engraçado", "make it funnier": the new tone."""
    if (made := _MAKE_IT.match(part)) is not None:
        part = made.group("rest")
    said = TRAILING_TONE.match(part)
    if said is not None and said.end("tone") >= len(part.rstrip(" !.?")):
        return strip_edges(said.group("tone"))
    if COMPARATIVE.match(part) and len(part.split()) <= 4:
        return strip_edges(part)
    return None


def _only_small_words(rest: str) -> bool:
    """What a part keeps beside its options says nothing more: small words, the number and the
    noun the options were read from ("8 scènes", "l'intrigue")."""
    left = strip_edges(_SMALL.sub(" ", _COUNTED.sub(" ", rest)))
    return not left or bool(OPTION_ECHO.match(left + " "))


_MORE_DISMISSALS: Final = re.compile(
    r"""^(?:drop\s+it|not\s+in\s+the\s+mood(?:\s+(?:any\s*more|now|today))?|changed\s+my\s+mind|
       not\s+(?:tonight|today|now|right\s+now)|pas\s+(?:ce\s+soir|aujourd'hui|maintenant)|
       hoy\s+no|ahora\s+no|heute\s+nicht|jetzt\s+nicht|hoje\s+n[ãa]o|agora\s+n[ãa]o|
       maybe\s+(?:later|another\s+time)|another\s+time|some\s+other\s+time|no\s+need|
       doch\s+nicht|lass\s+mal|keine\s+lust(?:\s+mehr)?|ein\s+andermal|
       pas\s+envie|plus\s+tard|une\s+autre\s+fois|
       no\s+tengo\s+ganas|otro\s+d[ií]a|m[aá]s\s+tarde|
       sem\s+vontade|outro\s+dia|mais\s+tarde|deixa\s+pra\s+l[aá])$""",
    _I | _X,
)


def dismisses_in_parts(text: str) -> bool:
    """ "eh, drop it, not in the mood anymore", "ach, lass mal, doch nicht": every part drops
    the bot's question or is a small word."""
    parts: Sequence[str] = [
        strip_edges(p) for p in re.split(r"\s*(?:[,;!?]+|\.+)\s*", text) if strip_edges(p)
    ]
    said = [p for p in parts if not _FILLER.match(p)]
    return (
        bool(said)
        and all(DISMISS.match(p) or _MORE_DISMISSALS.match(p) or _REACTION.match(p) for p in said)
        and any(DISMISS.match(p) or _MORE_DISMISSALS.match(p) for p in said)
    )
