"""Option words in a message: counts, aspect, quality, seed, seconds, style, negative prompt,
scenes, tone, storyboard, k, facet and job ids (docs/intents.md, normalisation).

Each reader returns the values it found and the message with option-only clauses taken out, so
what is left is the description, the title or the setting.
"""

from __future__ import annotations

import re
from typing import Any

from core.intent.text import (
    NUMBER,
    clause_spans,
    clauses,
    join_clauses,
    rejoin_clauses,
    strip_edges,
    strip_trailing_fillers,
    to_int,
)

__all__ = [
    "MEDIA_OPTION_WORDS",
    "any_job_id",
    "job_id",
    "media_options",
    "similar_options",
    "strip_option_clauses",
    "transform_options",
]

_I = re.IGNORECASE

# -- media ---------------------------------------------------------------------------------------
_COUNT = re.compile(
    rf"\b({NUMBER})\s+(?:of\s+)?(?:(?:more|quick|rough|different|portrait|landscape|square|final|"
    r"draft|small|big|hq|other|new|tall|wide|vertical|horizontal)\s+)?(?:of them|of those|"
    r"versions?|variations?|variants?|takes?|copies|options|ones|different ones|images?|imgs?|"
    r"pics?|pictures?|photos?|drawings?|renders?|results?|illustrations?|wallpapers?|icons?|"
    r"shots?|paintings?|drafts?|sketch(?:es)?|posters?|bilder|imágenes|imagenes|imagens|dessins|"
    r"desenhos|dibujos|fotos|illustrations|ilustraciones|ilustrações|versiones|versões|"
    r"varianten|variantes|zeichnungen|entwürfe|propositions|opciones|opções)\b",
    _I,
)
_SECONDS_WORD = re.compile(
    rf"\b({NUMBER})\s*(?:-\s*)?(?:secs?|seconds?|sek|sekunden|segundos?|secondes?)\b", _I
)
_SECONDS_SHORT = re.compile(r"\b(\d{1,2})\s?s\b", _I)
_SEED = re.compile(
    r"\b(?:seed|semente|semilla|graine|samen|seed number)\s*(?:[:=#]|of|is|de|number)?\s*"
    r"(\d{1,10})\b",
    _I,
)
_PORTRAIT = re.compile(
    r"\b(?:portrait(?!\s+(?:of|de|d'|von|do|da)\b)(?!\s*d')|vertical(?:es|ly)?|verticale?s?|"
    r"verticais|phone wallpaper|phone background|"
    r"for (?:my )?phone|tiktok|reels?|story format|9:16|2:3|upright|tall|hochformat|hochkant|"
    r"retrato|formato vertical|en hauteur|(?:für|fürs) (?:das )?handy|para (?:el |o )?(?:móvil|"
    r"movil|celular|telemóvel)|pour (?:mon |le )?(?:téléphone|portable|mobile))\b",
    _I,
)
_LANDSCAPE = re.compile(
    r"\b(?:landscape|widescreen|wide ?screen|wide format|horizontal(?:es|ly)?|horizontale?s?|"
    r"horizontais|16:9|21:9|3:2|cinematic|banner|desktop wallpaper|panorama|panoramic|"
    r"panoramique|panorámic[oa]|panorâmic[oa]|paysage|querformat|breitbild|apaisad[oa]|"
    r"paisagem|en largeur|format paysage|formato paisaje)\b",
    _I,
)
_SQUARE = re.compile(
    r"\b(?:square|1:1|icon|avatar|pfp|profile pic(?:ture)?|carrée?s?|cuadrad[oa]s?|quadrad[oa]s?|"
    r"quadratisch(?:e[srnm]?)?)\b",
    _I,
)
_FINAL = re.compile(
    r"\b(?:final(?: quality| version| render)?|hq|high[- ]quality|high[- ]res|hi[- ]res|"
    r"best quality|full quality|top quality|4k|8k|max quality|polished|haute (?:qualité|"
    r"résolution|definition|définition)|qualité (?:finale|maximale|max)|version finale|"
    r"alta (?:calidad|qualidade|resolución|resolução|definición|definição)|calidad (?:final|"
    r"máxima|alta)|qualidade (?:final|máxima|alta)|versión final|versão final|"
    r"hohe[rnm]? (?:qualität|auflösung)|hochauflösend\w*|beste[rn]? qualität|endversion|"
    r"finale[rn]? (?:qualität|version)|in hd|full hd)\b",
    _I,
)
_DRAFT = re.compile(
    r"\b(?:drafts?|quick|rough|fast|low[- ]quality|low[- ]res|sketchy|preview|test|brouillon|"
    r"borrador|rascunho|entwurf|basse qualité|baja calidad|baixa qualidade|niedrige[rn]? qualität|"
    r"rapide|rápid[oa]|schnell(?:e[rns]?)?)\b",
    _I,
)
_STYLE_SUFFIX = re.compile(r"\b((?:[\w'-]+ )?[\w'-]+?)[- ]style\b", _I)
_STYLE_OF = re.compile(r"\bin the style of ([^,]+)", _I)
_STYLE_WORDS = re.compile(
    r"\b(pixel art|watercolou?r|oil painting|anime|manga|cartoon|comic book|comic|3d render|"
    r"line art|charcoal|pencil sketch|ukiyo-e|art deco|art nouveau|low poly|vaporwave|"
    r"synthwave|claymation|photorealistic|kawaii|noir|studio ghibli|ghibli)\b",
    _I,
)
_NEGATIVE = re.compile(
    r"^(?:but |and |mais |pero |aber |mas |y |et |und |e )?(?:please |pls |and )?"
    r"(?:no|without|avoid|minus|except|"
    r"sans|sin|ohne|sem|pas de|kein(?:e|en)?|nada de|evita|évite|vermeide)\s+(.+)$",
    _I,
)
# Said at the end of the description without a comma: "a lighthouse without people", "une forêt
# sans personnages", "ein Leuchtturm ohne Menschen". A few words only: "a man without a hat
# walking his dog through a long night market" is a description.
_NEGATIVE_TAIL = re.compile(
    r"\s+(?:but\s+|and\s+|y\s+|et\s+|und\s+|e\s+)?(?:without(?:\s+any)?|sans|sin|ohne|sem|"
    r"with no|but no|and no|no more)\s+(?P<n>(?:[\w'-]+\s+){0,3}[\w'-]+)\W*$",
    _I,
)
_NEGATIVE_LABEL = re.compile(
    r"[,.;]?\s*\b(?:negative(?: prompt)?|neg|négatif|negativo|negativ)\s*[:=]\s*(.+)$", _I
)
_NEGATIVE_END = re.compile(
    r"\s+(?:in it|in them|in the (?:image|picture|shot|frame|background)|please|pls|thanks)\W*$", _I
)
_ANY = re.compile(r"^(?:any|aucune?s?|ningun[oa]?s?|nenhum[a]?s?|irgendwelche)\s+", _I)
_DETERMINER = re.compile(r"^(?:an?|the|some|in|with)\s+", _I)


def _aspect(text: str) -> str | None:
    found = [
        (m.start(), name)
        for name, pattern in (
            ("portrait", _PORTRAIT),
            ("landscape", _LANDSCAPE),
            ("square", _SQUARE),
        )
        if (m := pattern.search(text))
    ]
    return min(found)[1] if found else None


def _style(text: str) -> str | None:
    if m := _STYLE_OF.search(text):
        return strip_edges(m.group(1))
    if m := _STYLE_SUFFIX.search(text):
        style = _DETERMINER.sub("", m.group(1).strip())
        words = style.split()
        # "I'd love a watercolor style picture": keep the style word, not the lead-in.
        if len(words) == 2 and words[0].lower() in _LEAD_WORDS:
            style = words[1]
        return style.lower()
    if m := _STYLE_WORDS.search(text):
        return m.group(1).lower()
    return None


_LEAD_WORDS = frozenset({"love", "like", "want", "need", "a", "an", "the", "some", "in", "me"})


def media_options(text: str, *, video: bool) -> tuple[dict[str, Any], str]:
    """Options of an image or video request, and the text with option-only clauses removed."""
    values: dict[str, Any] = {}
    if not video and (m := _COUNT.search(text)) and (n := to_int(m.group(1))) is not None:
        values["count"] = n
    if video:
        seconds = _seconds(text)
        if seconds is not None:
            values["seconds"] = seconds
    if m := _SEED.search(text):
        values["seed"] = int(m.group(1))
    if aspect := _aspect(text):
        values["aspect"] = aspect
    if _FINAL.search(text):
        values["quality"] = "final"
    elif _DRAFT.search(text):
        values["quality"] = "draft"
    if style := _style(text):
        values["style"] = style
    if m := _NEGATIVE_LABEL.search(text):
        # "..., negative: text, watermark": everything after the label is to be left out.
        values["negative_prompt"] = strip_edges(m.group(1))
        text = text[: m.start()]
    spans = clause_spans(text)
    kept: dict[int, str] = {}
    negatives: list[str] = []
    for index, (start, end) in enumerate(spans):
        part = text[start:end]
        neg = _NEGATIVE.match(part.strip())
        if neg and index > 0:
            negatives.append(_NEGATIVE_END.sub("", strip_edges(neg.group(1))))
            continue
        if index > 0 and _only_options(part, _MEDIA_OPTION_WORDS):
            continue
        kept[index] = part
    if kept:
        last = max(kept)
        if (tail := _NEGATIVE_TAIL.search(kept[last])) and tail.start() > 0:
            negatives.insert(0, strip_edges(tail.group("n")))
            kept[last] = kept[last][: tail.start()]
    kept = {i: _without_trailing_options(part, whole=i > 0) for i, part in kept.items()}
    negatives = [_ANY.sub("", n) for n in negatives if n]
    if negatives and not video and "negative_prompt" not in values:
        values["negative_prompt"] = ", ".join(negatives)
    return values, rejoin_clauses(text, spans, kept)


# Options glued to the end of the description: "a knight with seed 42", "um dragão em alta
# qualidade", "a street at night in 4k".
_TRAILING_OPTION = re.compile(
    r"(?:^|\s+)(?:(?:with|using|use|reuse|same|keep|in|at|as|en|em|na|no|au|im|in der|con|com|"
    r"mit|avec|de|a|for|around|about|roughly|approximately|approx|lasting|just|say|"
    r"pour|para|für|fürs|"
    r"format|formato|mode|modo)\s+)*(?:(?:the|a|an|la|le|el|o|um|uma|une|un|una)\s+)?"
    rf"(?:{_SEED.pattern}|{_FINAL.pattern}|{_DRAFT.pattern}|{_PORTRAIT.pattern}|"
    rf"{_LANDSCAPE.pattern}|{_SQUARE.pattern}|{_SECONDS_WORD.pattern})"
    r"(?:\s+(?:quality|format|mode|orientation|version|qualité|calidad|qualidade|qualität|"
    r"formato|modo|long|max|tops|or so))?\W*$",
    _I,
)


def _without_trailing_options(part: str, *, whole: bool = False) -> str:
    """`part` without the option words at its end; `whole`: it may be all options."""
    part = strip_trailing_fillers(part)
    for _ in range(3):
        m = _TRAILING_OPTION.search(part)
        if m is None or (m.start() == 0 and not whole):
            break
        part = part[: m.start()]
    return part


def _seconds(text: str) -> int | None:
    if (m := _SECONDS_WORD.search(text)) and (n := to_int(m.group(1))) is not None:
        return n
    # "4s" is seconds only for small numbers: "80s" is a decade.
    for m in _SECONDS_SHORT.finditer(text):
        if int(m.group(1)) <= 10:
            return int(m.group(1))
    return None


_MEDIA_OPTION_WORDS = re.compile(
    "|".join(
        p.pattern
        for p in (
            _COUNT,
            _SECONDS_WORD,
            _SECONDS_SHORT,
            _SEED,
            _PORTRAIT,
            _LANDSCAPE,
            _SQUARE,
            _FINAL,
            _DRAFT,
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
    r"just|maybe|ok|okay|yeah|yes|one|all|total|both|\d+)\b)*$",
    _I,
)


def _only_options(part: str, options: re.Pattern[str]) -> bool:
    residue = options.sub(" ", part)
    return bool(_FILLER.match(residue.strip()))


def strip_option_clauses(text: str, options: re.Pattern[str]) -> str:
    kept = [
        part for i, part in enumerate(clauses(text)) if i == 0 or not _only_options(part, options)
    ]
    return join_clauses(kept)


# -- transform -----------------------------------------------------------------------------------
_SCENES = re.compile(
    rf"\b({NUMBER})\s*(?:-\s*)?(?:scenes?|scènes?|szenen?|escenas?|cenas?)\b"
    r"|\bscenes?\s*[:=]\s*(\d+)",
    _I,
)
_STORYBOARD = re.compile(r"\bstory-?boards?(?:ed|ing)?\b", _I)
_NO_STORYBOARD = re.compile(r"\b(?:no|without|skip(?: the)?)\s+(?:a\s+)?story-?boards?\b", _I)
_TONE = re.compile(
    r"\b(?:in an? |with an? |make it |keep it |a )?([a-z][\w-]*(?: [a-z][\w-]*)?)"
    r"\s+(?:tone|vibe)s?\b"
    r"|\btone\s*[:=]?\s*(?:of\s+|should be\s+)?([a-z][\w -]*)",
    _I,
)
_TRANSFORM_OPTION_WORDS = re.compile(
    rf"{_SCENES.pattern}|{_STORYBOARD.pattern}|{_TONE.pattern}"
    r"|\b(?:storyboard it|with storyboards?|and a storyboard|please|pls|with art|with images)\b",
    _I,
)


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
    if m := _TONE.search(text):
        tone = (m.group(1) or m.group(2) or "").strip()
        tone = re.sub(r"^(?:an?|the)\s+", "", tone, flags=_I)
        if tone and tone.lower() not in {"the", "a", "same", "its", "their"}:
            values["tone"] = tone.lower()
    rest = strip_option_clauses(text, _TRANSFORM_OPTION_WORDS)
    # "6 scenes with storyboards" glued to the setting: cut it off.
    rest = re.split(
        rf"\s+(?:with|and|in|,)?\s*(?:{NUMBER}\s*scenes?|(?:with |and )?(?:a )?storyboards?)\b",
        rest,
        maxsplit=1,
        flags=_I,
    )[0]
    return values, rest


# -- find_similar --------------------------------------------------------------------------------
_K = re.compile(
    rf"\b(?:top|best)\s+({NUMBER})\b|\b({NUMBER})\s+(?:more\s+)?(?:shows?|series|picks?|"
    r"recommendations?|recs?|suggestions?|results?|titles?|options?|comedies|dramas|anime|"
    r"others?|ideas?|similar ones?|matches|of them)\b|\bk\s*[:=]\s*(\d+)",
    _I,
)
_FACETS = (
    ("all", re.compile(r"\b(?:all facets|every facet|each facet|overall|across the board)\b", _I)),
    ("theme", re.compile(r"\b(?:themes?|thematic(?:ally)?|themed)\b", _I)),
    (
        "structure",
        re.compile(
            r"\b(?:structure[ds]?|structurally|format|non-?linear(?:ly)?|narrative structure)\b",
            _I,
        ),
    ),
    ("character", re.compile(r"\b(?:characters?|character-driven|cast)\b", _I)),
    ("plot", re.compile(r"\b(?:plots?|premise|storyline|story ?lines?)\b", _I)),
)
_SIMILAR_OPTION_WORDS = re.compile(
    rf"{_K.pattern}|\b(?:across |in |on |by )?(?:all facets|every facet|overall|facet|"
    r"thematically|structurally|please|pls|suggestions?|recommendations?|picks?)\b",
    _I,
)


def similar_options(text: str) -> tuple[dict[str, Any], str]:
    values: dict[str, Any] = {}
    if m := _K.search(text):
        n = to_int(next(g for g in m.groups() if g))
        if n is not None:
            values["k"] = n
    found = [(m.start(), name) for name, pattern in _FACETS if (m := pattern.search(text))]
    if found:
        # "all facets" wins: it is never said by accident.
        names = [name for _, name in sorted(found)]
        values["facet"] = "all" if "all" in names else names[0]
    return values, strip_option_clauses(text, _SIMILAR_OPTION_WORDS)


# -- jobs ----------------------------------------------------------------------------------------
_JOB_ID = re.compile(
    r"\b(?:job|task|request|render|order|trabajo|tarea|tâche|travail|auftrag|aufgabe|trabalho|"
    r"pedido)\s*(?:number|no\.?|nr\.?|#|id)?\s*#?\s*(\d{1,9})\b"
    r"|#\s?(\d{1,9})\b|\bnumber\s+(\d{1,9})\b"
    r"|^(?:please\s+|pls\s+)?(?:cancel|stop|abort|kill|end|terminate|status(?: of)?|check)\s+"
    r"#?(\d{1,9})\b",
    _I,
)


def job_id(text: str) -> int | None:
    if m := _JOB_ID.search(text):
        return int(next(g for g in m.groups() if g))
    return None


# Hexadecimal job references ("job a1b2c3", "kill 7f3e"): a token of 3-16 hex characters with at
# least one digit and one letter, after a job word or a stop/check verb, or standing alone in a
# short question ("is 9c1d done yet").
_HEX = r"(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{3,16}"
_HEX_ID = re.compile(
    rf"\b(?:job|task|request|render|order|trabajo|tâche|auftrag)\s*(?:id|#|number|no\.?)?\s*#?\s*"
    rf"({_HEX})\b"
    rf"|\b(?:cancel|stop|abort|kill|end|terminate|halt|check|status of|check on|drop)\s+"
    rf"#?({_HEX})\b"
    rf"|^\W*(?:is|was|has|did)\s+#?({_HEX})\b",
    _I,
)


def any_job_id(text: str) -> int | str | None:
    """A numeric job id as an integer, a hexadecimal one as written (lower case)."""
    number = job_id(text)
    if number is not None:
        return number
    if m := _HEX_ID.search(text):
        return next(g for g in m.groups() if g).lower()
    return None
