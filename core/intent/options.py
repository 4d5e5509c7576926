"""Option words in a message: counts, aspect, quality, seed, seconds, style, negative prompt,
scenes, tone, storyboard, k, facet and job ids (docs/intents.md, normalisation).

Each reader returns the values it found and the message with option-only clauses taken out, so
what is left is the description, the title or the setting.
"""

from __future__ import annotations

import re
from typing import Any

from core.intent import option_words as words
from core.intent.job_ids import any_job_id, job_id, job_reference
from core.intent.media_clauses import (
    ANY,
    NEGATIVE,
    NEGATIVE_LABEL,
    NEGATIVE_TAIL,
    REASON,
    media_spans,
    negative_words,
)
from core.intent.styles import style_phrase
from core.intent.text import (
    NUMBER,
    clauses,
    join_clauses,
    looks_like_code,
    rejoin_clauses,
    strip_edges,
    strip_trailing_fillers,
    to_int,
)

__all__ = [
    "MEDIA_OPTION_WORDS",
    "any_job_id",
    "is_option_clause",
    "job_id",
    "job_reference",
    "media_options",
    "similar_options",
    "strip_option_clauses",
    "transform_options",
]

_I = re.IGNORECASE

# -- media ---------------------------------------------------------------------------------------
_STYLE_SUFFIX = re.compile(r"\b((?:[\w'-]+ )?[\w'-]+?)[- ]style\b", _I)
_STYLE_OF = re.compile(r"\bin the style of ([^,]+)", _I)


def _aspect(text: str) -> str | None:
    found = [
        (m.start(), name)
        for name, pattern in (
            ("portrait", words.PORTRAIT),
            ("landscape", words.LANDSCAPE),
            ("square", words.SQUARE),
        )
        if (m := pattern.search(text))
    ]
    return min(found)[1] if found else None


# "without the trees" said alone (a change to the last picture) is what to leave out.
_WITHOUT = re.compile(r"^(?:but |and |mais |pero |aber |mas )?(?:without|sans|sin|ohne|sem)\s", _I)
_DOUBLE_MARK = re.compile(r"([.!?,;:])(?:\s*[.,;:])+(?=\s|$)")


def _tidy(text: str) -> str:
    """The text once a phrase is cut out of it: "dusk. . 2 of them" -> "dusk. 2 of them"."""
    return _DOUBLE_MARK.sub(r"\1", text).strip()


def media_options(text: str, *, video: bool) -> tuple[dict[str, Any], str]:
    """Options of an image or video request, and the text with option-only clauses removed."""
    values: dict[str, Any] = {}
    if (
        not video
        and (m := words.COUNT.search(text))
        and (n := to_int(m.group(1) or m.group(2))) is not None
    ):
        values["count"] = n
    if video:
        seconds = _seconds(text)
        if seconds is not None:
            values["seconds"] = seconds
    if m := words.SEED.search(text):
        values["seed"] = int(m.group(1))
    if aspect := _aspect(text):
        values["aspect"] = aspect
    if words.FINAL.search(text):
        values["quality"] = "final"
    elif words.DRAFT.search(text):
        values["quality"] = "draft"
    if (style := style_phrase(text)) is not None:
        values["style"] = style.style
        if not video:  # a clip takes no style option: its words stay in the description
            text = _tidy(f"{text[: style.start]} {text[style.end :]}")
    if m := NEGATIVE_LABEL.search(text):
        # "..., negative: text, watermark": what follows the label, to the end of its sentence,
        # is to be left out.
        values["negative_prompt"] = strip_edges(m.group(1))
        text = _tidy(f"{text[: m.start()]}{m.group('after') or ''}")
    spans, first_sentence_end = media_spans(text)
    kept: dict[int, str] = {}
    negatives: list[str] = []
    for index, (start, end) in enumerate(spans):
        part = text[start:end]
        neg = NEGATIVE.match(part.strip())
        if neg and (index > 0 or _WITHOUT.match(part.strip())):
            negatives.append(negative_words(neg.group(1)))
            continue
        if _only_options(part, _MEDIA_OPTION_WORDS) and (
            index > 0 or _MEDIA_OPTION_WORDS.search(part)
        ):
            continue  # "..., landscape, final"; "seed 555 and square pls" says no description
        if start >= first_sentence_end and REASON.match(part):
            continue  # "..., since this one is going to print": why, not what
        kept[index] = part
    if values and all(_only_options(part, _MEDIA_OPTION_WORDS) for part in kept.values()):
        kept = {}  # "nochmal, aber im Hochformat mit Seed 77": options and small words only
    if kept:
        last = max(kept)
        if (tail := NEGATIVE_TAIL.search(kept[last])) and tail.start() > 0:
            negatives.insert(0, strip_edges(tail.group("n")))
            kept[last] = kept[last][: tail.start()]
    kept = {i: _without_trailing_options(part, whole=i > 0) for i, part in kept.items()}
    negatives = [ANY.sub("", n) for n in negatives if n]
    if negatives and not video and "negative_prompt" not in values:
        values["negative_prompt"] = ", ".join(negatives)
    return values, rejoin_clauses(text, spans, kept)


# Options glued to the end of the description: "a knight with seed 42", "um dragão em alta
# qualidade", "a street at night in 4k".
_TRAILING_OPTION = re.compile(
    r"(?:^|\s+)(?:(?:with|using|use|reuse|same|keep|in|at|as|en|em|na|no|au|im|in der|con|com|"
    r"mit|avec|de|a|for|around|about|roughly|approximately|approx|lasting|just|say|like|maybe|"
    r"pour|para|für|fürs|"
    r"format|formato|mode|modo)\s+)*(?:(?:the|a|an|my|la|le|el|o|um|uma|une|un|una|mon|mi|meu|mein)\s+)?"
    rf"(?:{words.SEED.pattern}|{words.FINAL.pattern}|{words.DRAFT.pattern}|{words.PORTRAIT.pattern}|"
    rf"{words.LANDSCAPE.pattern}|{words.SQUARE.pattern}|{words.SECONDS_WORD.pattern})"
    r"(?:\s+(?:quality|format|mode|orientation|version|qualité|calidad|qualidade|qualität|"
    r"formato|modo|long|max|tops|or so))?\W*$",
    _I,
)


def _without_trailing_options(part: str, *, whole: bool = False) -> str:
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


def _seconds(text: str) -> int | None:
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
    r"roughly|approximately|approx|ish|max|tops|or so|\d+)\b)*$",
    _I,
)


_LONGEST_OPTION_CLAUSE = 240  # "in a high quality landscape format with seed 42, three please"


def _only_options(part: str, options: re.Pattern[str]) -> bool:
    if len(part) > _LONGEST_OPTION_CLAUSE:
        return False  # a pasted paragraph is never options alone: no need to scan it
    residue = options.sub(" ", part)
    return bool(_FILLER.match(residue.strip()))


def strip_option_clauses(text: str, options: re.Pattern[str]) -> str:
    kept = [
        part for i, part in enumerate(clauses(text)) if i == 0 or not _only_options(part, options)
    ]
    return join_clauses(kept)


# -- transform -----------------------------------------------------------------------------------
_SCENES = re.compile(
    rf"\b({NUMBER})\s*(?:-\s*)?(?:short\s+|quick\s+|little\s+)?(?:scenes?|scènes?|szenen?|"
    r"escenas?|cenas?|parts?|acts?|beats?|partes|actos|atos|akte|teile|parties|actes)\b"
    r"|\b(?:scenes?|scènes|escenas|szenen|cenas)\s*[:=]\s*(\d+)",
    _I,
)
_STORYBOARD = re.compile(
    r"\bstory-?boards?(?:ed|ing)?\b"
    r"|\b(?:draw|sketch|illustrate) (?:the )?(?:boards|scenes|panels)\b"
    r"|\bwith (?:drawings|sketches|panels|illustrations)\b|\bguion gr[aá]fico\b",
    _I,
)
_NO_STORYBOARD = re.compile(
    r"\b(?:no|without|skip(?: the)?|don'?t (?:need|want|add)(?: a| the)?|sans|pas de|sin|ohne|"
    r"kein(?:e|en)?|sem|nada de|no quiero)\s+(?:a\s+|un\s+|una\s+|um\s+|ein\s+)?"
    r"(?:story-?boards?|guion gr[aá]fico)\b",
    _I,
)
_TONE = re.compile(
    # "hopeful and warm in tone"
    r"\b([a-z][\w-]*(?:,? (?:and|&|but) [a-z][\w-]*)?)\s+in\s+tone\b"
    r"|\b(?:in an? |with an? |make it |keep it |a )?([a-z][\w-]*(?: [a-z][\w-]*)?)"
    r"\s+(?:tone|vibe)s?\b"
    r"|\btone\s*[:=]?\s*(?:of\s+|should be\s+)?([a-z][\w -]*)"
    # "avec un ton plus sombre", "con un tono oscuro", "tom cômico"; "mit einem düsteren Ton"
    r"|\b(?:(?:un|una|um|uma|le|el|o)\s+)?(?:ton|tono|tom)\s+(?!(?:de|of|du|do|da)\b)"
    r"((?:plus |moins |más |menos |mais |muy |très |bem |un peu |un poco |um pouco )?"
    r"[^\W\d_][\w-]*)"
    r"|\b([^\W\d_][\w-]*)(?:-|\s+)(?-i:Ton)\b",
    _I,
)
_TRANSFORM_OPTION_WORDS = re.compile(
    rf"{_SCENES.pattern}|{_STORYBOARD.pattern}|{_TONE.pattern}"
    r"|\b(?:storyboard it|with storyboards?|and a storyboard|please|pls|with art|with images)\b",
    _I,
)


# "tono oscuro", "ton absurde", "tom cômico"; "Keep it warm and funny."
_TONE_AFTER = re.compile(
    r"^(?:(?:with |in )?(?:an? |un |una |um |uma )?(?:ton|tono|tom)\s*[:=]?\s+|"
    r"(?:and |but )?(?:keep|make) (?:it|the tone|things)\s+|"
    r"(?:and |but )?(?:very |really |super )?)"
    r"(?P<t>(?:(?:plus|moins|más|menos|mais|more|less|a bit|a little|un peu|un poco|um pouco|"
    r"etwas|noch|viel|much|way|even|bien|muy|très|sehr|bem)\s+)?"
    r"[^\W\d_][\w-]*(?:\s+(?:and|et|y|e|und|&)\s+[^\W\d_][\w-]*)?)$",
    _I,
)
_NOT_TONE = re.compile(
    r"^(?:please|pls|plz|thanks|thank you|yes|ok|okay|lol|storyboards?|scenes?|storyboard it|"
    r"too|also|again|now|then|maybe|ideally|go|asap|cheers|thx|ty|same|whatever)$",
    _I,
)
# Parts of a message, and "... and keep it bleak": a tone joined on with "and".
_PARTS = re.compile(
    r"\s*(?:[,;]|(?<=[a-z0-9)])[.!?](?:\s+|$)|\s[—–-]\s|\s(?:and|but)\s(?=(?:keep|make)\s+it\s))\s*",
    _I,
)


def _tone_said_alone(text: str) -> str | None:
    """A tone said on its own after the request: "..., 4 scenes, gritty", "Noir, six scenes.",
    "tono oscuro", "Keep it warm and funny." Never the request's own first part."""
    parts = [p for p in _PARTS.split(text) if p.strip()]
    for part in parts[1:]:
        m = _TONE_AFTER.match(part.strip())
        if m is None:
            continue
        tone = m.group("t").strip()
        words = tone.split()
        if _NOT_TONE.match(tone) or {words[0].lower(), words[-1].lower()} & _SETTING_WORDS:
            continue
        return tone.lower()
    return None


_SETTING_WORDS = frozenset(
    """in on at into aboard inside during set a an the with and but to of for storyboard
    storyboards scenes scene""".split()  # noqa: SIM905 (a word list reads best as words)
)


_NOT_TONE_WORDS = frozenset({"the", "a", "an", "in", "with", "same", "its", "their", "of", "my"})


def _tone_named(text: str) -> str | None:
    """A tone said with the word "tone" (or "vibe", "ton", "tono", "tom", "Ton")."""
    for m in _TONE.finditer(text):
        tone = next((g for g in m.groups() if g), "").strip()
        tone = re.sub(r"^(?:an?|the)\s+", "", tone, flags=_I)
        if tone and not set(tone.lower().split()) <= _NOT_TONE_WORDS:
            return tone.lower()
    return None


def transform_options(text: str) -> tuple[dict[str, Any], str]:
    values: dict[str, Any] = {}
    if m := _SCENES.search(text):
        n = to_int(m.group(1) or m.group(2))
        if n is not None:
            values["scenes"] = n
    if _NO_STORYBOARD.search(text):
        values["storyboard"] = False
    elif _STORYBOARD.search(text):
        values["storyboard"] = True
    if tone := _tone_named(text) or _tone_said_alone(text):
        values["tone"] = tone
    rest = strip_option_clauses(text, _TRANSFORM_OPTION_WORDS)
    # "6 scenes with storyboards" or "with a lighter tone" glued to the setting: cut it off.
    rest = _GLUED_OPTIONS.split(rest, maxsplit=1)[0]
    return values, rest


_GLUED_OPTIONS = re.compile(
    rf"\s+(?:with|and|in|con|avec|mit|com|y|et|und|e|en|em|,)?\s*(?:{NUMBER}\s*(?:scenes?|"
    r"scènes?|escenas?|szenen?|cenas?)|(?:with |and )?(?:a )?storyboards?)\b"
    r"|\s+(?:with|in|and|avec|con|com|mit|en|em|dans)\s+(?:an?|un|une|una|um|uma|einem|einer)\s+"
    r"(?:[\w-]+\s+){0,2}(?:tone|vibe|mood|feel|ton|tono|tom)\b"
    r"|\s+(?:avec|con|com|mit)\s+(?:un\s+|una\s+|um\s+|einem\s+)?(?:ton|tono|tom)\s+[\w-]+\W*$",
    _I,
)


# -- find_similar --------------------------------------------------------------------------------
_SIMILAR_OPTION_WORDS = re.compile(
    rf"{words.K.pattern}|\b(?:across |in |on |by )?(?:all facets|every facet|overall|facet|"
    r"thematically|structurally|please|pls|suggestions?|recommendations?|picks?)\b",
    _I,
)


def is_option_clause(part: str) -> bool:
    """Options of a picture and small words only: "seed 31337", "quality final", "landscape pls"."""
    return _only_options(part, _MEDIA_OPTION_WORDS) and bool(_MEDIA_OPTION_WORDS.search(part))


def similar_options(text: str) -> tuple[dict[str, Any], str]:
    values: dict[str, Any] = {}
    if m := words.K.search(text):
        n = to_int(next(g for g in m.groups() if g))
        if n is not None:
            values["k"] = n
            # "give me 5 recommendations": the count is no title.
            text = f"{text[: m.start()]} {text[m.end() :]}".strip() if m.start() else text
    else:
        for part in _PARTS.split(text)[1:]:
            if (alone := words.K_ALONE.match(part.strip())) and (n := to_int(alone.group(1))):
                values["k"] = n
                # "more, like 10": the count is no title.
                text = text.replace(part.strip(), " ").strip()
    found = [(m.start(), name) for name, pattern in words.FACETS if (m := pattern.search(text))]
    if found:
        # "all facets" wins: it is never said by accident.
        names = [name for _, name in sorted(found)]
        values["facet"] = "all" if "all" in names else names[0]
    if looks_like_code(text):
        return values, text
    return values, strip_option_clauses(text, _SIMILAR_OPTION_WORDS)
