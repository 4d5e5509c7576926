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
    NEGATIVE,
    NEGATIVE_LABEL,
    NEGATIVE_TAIL,
    REASON,
    REASON_INSIDE,
    media_spans,
    negative_words,
)
from core.intent.option_clauses import (
    MEDIA_OPTION_WORDS,
    is_filler_clause,
    is_option_clause,
    only_options,
    seconds_said,
    strip_option_clauses,
    without_trailing_options,
)
from core.intent.sentences import sentences as split_sentences
from core.intent.styles import style_phrase
from core.intent.text import (
    NUMBER,
    looks_like_code,
    rejoin_clauses,
    strip_edges,
    to_int,
)

__all__ = [
    "MEDIA_OPTION_WORDS",
    "any_job_id",
    "is_filler_clause",
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


_COUNT_FIRST = re.compile(rf"^\W*({NUMBER})\s*(?:,|;|:|\s[—–-]\s)", _I)
# "without the trees" said alone (a change to the last picture) is what to leave out.
_WITHOUT = re.compile(r"^(?:but |and |mais |pero |aber |mas )?(?:without|sans|sin|ohne|sem)\s", _I)
_DOUBLE_MARK = re.compile(r"([.!?,;:])(?:\s*[.,;:])+(?=\s|$)")


def _tidy(text: str) -> str:
    """The text once a phrase is cut out of it: "dusk. . 2 of them" -> "dusk. 2 of them"."""
    return _DOUBLE_MARK.sub(r"\1", text).strip()


def _plain_values(text: str, *, video: bool) -> dict[str, Any]:
    """Count or seconds, seed, aspect and quality, wherever they are said."""
    values: dict[str, Any] = {}
    if (
        not video
        and (m := words.COUNT.search(text))
        and (n := to_int(next(g for g in m.groups() if g))) is not None
    ):
        values["count"] = n
    elif not video and (alone := _COUNT_FIRST.match(text)) and (n := to_int(alone.group(1))):
        values["count"] = n  # "Three, landscape, seed 2718 - a train crossing a bridge"
    elif not video and (n := _count_alone(text)) is not None:
        values["count"] = n  # "A heron at dawn. Just one, a rough one is fine."
    if video:
        seconds = seconds_said(text)
        if seconds is not None:
            values["seconds"] = seconds
    if (m := words.SEED.search(text)) and (seed := to_int(m.group(1))) is not None:
        values["seed"] = seed  # "seed 42", "using seed twelve"
    if aspect := _aspect(text):
        values["aspect"] = aspect
    if words.FINAL.search(text):
        values["quality"] = "final"
    elif words.DRAFT.search(text):
        values["quality"] = "draft"
    return values


_CLAUSE = re.compile(r"[^,;.!?¿¡]+")


def _count_alone(text: str) -> int | None:
    for clause in _CLAUSE.finditer(text):
        if m := words.COUNT_ALONE.match(clause.group(0).strip()):
            return 1 if m.group("one") else to_int(m.group(1))
    return None


def _said_around(part: str, index: int, after_first_sentence: bool, text: str) -> bool:
    """A clause that holds only options, or options and why: no part of the description."""
    if only_options(part, MEDIA_OPTION_WORDS) and (
        index > 0 or MEDIA_OPTION_WORDS.search(part) or _COUNT_FIRST.match(text)
    ):
        return True  # "..., landscape, final"; "seed 555 and square pls" says no description
    if after_first_sentence and REASON.match(part):
        return True  # "..., since this one is going to print": why, not what
    # "Seed 4410 so we can get it again tomorrow": an option and why
    why = REASON_INSIDE.search(part) if index > 0 else None
    return bool(
        why
        and only_options(part[: why.start()], MEDIA_OPTION_WORDS)
        and MEDIA_OPTION_WORDS.search(part[: why.start()])
    )


def media_options(text: str, *, video: bool) -> tuple[dict[str, Any], str]:
    """Options of an image or video request, and the text with option-only clauses removed."""
    values = _plain_values(text, video=video)
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
        if _said_around(part, index, start >= first_sentence_end, text):
            continue
        kept[index] = part
    if values and all(only_options(part, MEDIA_OPTION_WORDS) for part in kept.values()):
        kept = {}  # "nochmal, aber im Hochformat mit Seed 77": options and small words only
    if kept:
        last = max(kept)
        if (tail := NEGATIVE_TAIL.search(kept[last])) and tail.start() > 0:
            negatives.insert(0, strip_edges(tail.group("n")))
            kept[last] = kept[last][: tail.start()]
    kept = {i: without_trailing_options(part, whole=i > 0) for i, part in kept.items()}
    # What follows the word, as written (benchmarks/data/intent/README.md): "without any text"
    # leaves out "any text".
    negatives = [n for n in negatives if n]
    if negatives and not video and "negative_prompt" not in values:
        values["negative_prompt"] = ", ".join(negatives)
    return values, rejoin_clauses(text, spans, kept)


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
    r"kein(?:e|en)?|sem|nada de|no quiero)\s+(?:a\s+|un\s+|una\s+|um\s+|ein\s+|the\s+|any\s+|"
    r"le\s+|el\s+|o\s+|das\s+|den\s+)?"
    r"(?:story-?boards?|guion gr[aá]fico)\b",
    _I,
)
_TONE = re.compile(
    # "hopeful and warm in tone"
    r"\b([a-z][\w-]*(?:,? (?:and|&|but) [a-z][\w-]*)?)\s+in\s+tone\b"
    # "with a bleak, satirical tone": two words and a comma only after "with a"
    r"|\bwith\s+an?\s+([a-z][\w-]*,\s+[a-z][\w-]*)\s+(?:tone|vibe)s?\b"
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
    rf"{_NO_STORYBOARD.pattern}|{_SCENES.pattern}|{_STORYBOARD.pattern}|{_TONE.pattern}"
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
    r"[^\W\d_][\w-]*(?:\s+(?:and|et|y|e|und|&)\s+[^\W\d_][\w-]*|\s+(?:humou?r|comedy|wit|"
    r"horror|drama|satire|noir|camp|romance|irony|humor|humour|comédie|comedia|komödie|"
    r"comédia))?)$",
    _I,
)
_NOT_TONE = re.compile(
    r"^(?:please|pls|plz|thanks|thank you|yes|ok|okay|lol|storyboards?|scenes?|storyboard it|"
    r"too|also|again|now|then|maybe|ideally|go|asap|cheers|thx|ty|same|whatever|"
    # what is left of "con storyboard", "no storyboard", "just 1 scene", "bitte sieben Szenen"
    r"con|com|avec|mit|with|and|y|e|et|und|no|ohne|sans|sin|sem|just|only|nur|solo|juste|"
    r"apenas|bitte|por favor|porfa|porfis|pfv|xfa|plis|s'il te plaît|stp|svp)$",
    _I,
)
# Parts of a message, and "... and keep it bleak": a tone joined on with "and".
_PARTS = re.compile(
    # French puts a space before "?": "... dans un cirque ? Plus sombre."
    r"\s*(?:[,;]|(?<=[a-z0-9)])\s?[.!?](?:\s+|$)|\s[—–-]\s|"
    r"\s(?:and|but)\s(?=(?:keep|make)\s+it\s))\s*",
    _I,
)


# "Cuatro escenas y más oscuro": an option, then the tone joined on with "and".
_AFTER_SCENES = re.compile(
    rf"^{NUMBER}\s+(?:scenes?|scènes?|escenas?|szenen?|cenas?)\s+(?:and|y|et|und|e)\s+(?P<rest>.+)$",
    _I,
)


def _tone_said_alone(text: str) -> str | None:
    """A tone said on its own after the request: "..., 4 scenes, gritty", "Noir, six scenes.",
    "tono oscuro", "Keep it warm and funny." Never the request's own first part."""
    parts = [p for p in _PARTS.split(text) if p.strip()]
    parts = [m.group("rest") if (m := _AFTER_SCENES.match(p.strip())) else p for p in parts]
    for said in parts[1:]:
        # "más oscuro y con storyboard", "Düsterer bitte": the tone without what follows it
        part = _POLITE_END.sub("", _GLUED_OPTIONS.split(said.strip(), maxsplit=1)[0])
        m = _TONE_AFTER.match(part.strip())
        if m is None:
            continue
        tone = m.group("t").strip()
        words = tone.split()
        if _NOT_TONE.match(tone) or {words[0].lower(), words[-1].lower()} & _SETTING_WORDS:
            continue
        return tone.lower()
    return None


_WITH_TONE = re.compile(r"\s+with\s+an?\s+[a-z][\w-]*,\s+[a-z][\w-]*\s+(?:tone|vibe)s?\W*$", _I)
_POLITE_END = re.compile(
    r"\s+(?:please|pls|plz|bitte|por favor|porfa|s'il te plaît|s'il vous plaît|stp|svp|"
    r"por gentileza)\W*$",
    _I,
)
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
    rest = _without_option_sentences(text)
    if said_with := _WITH_TONE.search(rest):
        rest = rest[: said_with.start()]  # "... a lunar base with a bleak, satirical tone."
    rest = strip_option_clauses(rest, _TRANSFORM_OPTION_WORDS)
    # "Sketch me a storyboard of Hollow Pines set in ancient Rome": the storyboard asks for it.
    rest = _STORYBOARD_OF.sub("", rest, count=1)
    # "6 scenes with storyboards" or "with a lighter tone" glued to the setting: cut it off.
    rest = _GLUED_OPTIONS.split(rest, maxsplit=1)[0]
    return values, rest


def _without_option_sentences(text: str) -> str:
    """ "Lighter tone and a storyboard, please. The show is ...": a first sentence of options only
    names neither the show nor its world."""
    sentences = split_sentences(text)
    first = 0
    while len(sentences) - first > 1 and all(
        only_options(part, _TRANSFORM_OPTION_WORDS)
        for part in re.split(r",|\s(?:and|y|et|und|e)\s", sentences[first])
        if part.strip()
    ):
        first += 1
    return " ".join(sentences[first:]) if first else text


_STORYBOARD_OF = re.compile(
    r"^.{0,40}?\b(?:an?\s+)?(?:storyboard(?:ed)?|story-board)s?\s+(?:version\s+)?(?:of|for)\s+(?=\S)",
    _I,
)
_GLUED_OPTIONS = re.compile(
    rf"\s+(?:with|and|in|con|avec|mit|com|y|et|und|e|en|em|,)?\s*(?:{NUMBER}\s*(?:scenes?|"
    # "... and add a storyboard", "... y con storyboard"
    r"scènes?|escenas?|szenen?|cenas?)|(?:(?:with|and|add|include|plus|avec|con|mit|com)\s+)*"
    r"(?:an?\s+|un\s+|una\s+|um\s+|uma\s+|einen?\s+)?storyboards?)\b"
    r"|\s+(?:with|in|and|avec|con|com|mit|en|em|dans)\s+(?:an?|un|une|una|um|uma|einem|einer)\s+"
    r"(?:[\w-]+,?\s+){0,2}(?:tone|vibe|mood|feel|ton|tono|tom)\b"
    r"|\s+(?:avec|con|com|mit)\s+(?:un\s+|una\s+|um\s+|einem\s+)?(?:ton|tono|tom)\s+[\w-]+\W*$",
    _I,
)


# -- find_similar --------------------------------------------------------------------------------
_SIMILAR_OPTION_WORDS = re.compile(
    rf"{words.K.pattern}|\b(?:across |in |on |by )?(?:all facets|every facet|overall|facet|"
    r"thematically|structurally|please|pls|suggestions?|recommendations?|picks?)\b",
    _I,
)


_NUMBER_ALONE = re.compile(rf"^{NUMBER}$", _I)


def similar_options(text: str) -> tuple[dict[str, Any], str]:
    values: dict[str, Any] = {}
    if m := words.K.search(text):
        n = to_int(next(g for g in m.groups() if g))
        if n is not None:
            values["k"] = n
            # "give me 5 recommendations": the count is no title.
            text = f"{text[: m.start()]} {text[m.end() :]}".strip() if m.start() else text
    else:
        parts = _PARTS.split(text)
        # "Six, if you can, and ... built like Cowboy Bebop?": a count said first, on its own
        first = parts[:1] if len(parts) > 1 and _NUMBER_ALONE.match(parts[0].strip()) else []
        for part in first + parts[1:]:
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
