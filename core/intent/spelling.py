"""Typos in the request words ("drwa a penguin", "genrate an imgae of", "reimgaine Mad Men"),
corrected before parameters are read so the description, title and setting come out clean.

Only the words before the description are touched: the lead-in and verb, then the first media
noun after an article. A word is corrected when it is one edit (a transposition counts as one)
from a request word and starts with the same letter; the description itself is never changed.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import DamerauLevenshtein

from core.intent import option_words as words
from core.intent.request_words import VERB

__all__ = ["fix_option_words", "fix_request_words"]

_VERBS: tuple[str, ...] = (
    "draw",
    "paint",
    "sketch",
    "generate",
    "create",
    "render",
    "animate",
    "illustrate",
    "reimagine",
    "transform",
    "rewrite",
    "analyze",
    "analyse",
    "recommend",
    "imagine",
    "please",
)
_VERBS = (
    *_VERBS,
    "make",
    "create",
    "produce",
    "design",
    "dessine",
    "dibuja",
    "desenha",
    "zeichne",
    "genera",
    "erstelle",
    "génère",
    "versetze",
    "versetz",
    "verlege",
    "transforme",
    "transforma",
    "reimagina",
    "réimagine",
    "retell",
)
_NOUNS = (
    "show",
    "series",
    "vídeo",
    "vidéo",
    "image",
    "images",
    "picture",
    "pictures",
    "video",
    "photo",
    "drawing",
    "painting",
    "animation",
    "sketch",
    "imagen",
    "imagem",
    "dessin",
)
# Option words, fixed where options are said: after the first comma ("..., landscpe") or next to
# a number ("6 secnes").
_OPTION_WORDS = (
    "landscape",
    "portrait",
    "vertical",
    "horizontal",
    "square",
    "widescreen",
    "quality",
    "final",
    "draft",
    "seconds",
    "scenes",
    "images",
    "pictures",
    "versions",
    "storyboard",
    "storyboards",
    "shows",
    "series",
)
_FIXED = {"cna": "can", "cn": "can", "u": "you", "yuo": "you", "yu": "you", "oyu": "you"}
# Said before the description's article ("dra me a hous", "drew a castle on a hill"): one letter
# off a request verb is a typo there, even in a short word.
_BEFORE_DESCRIPTION = frozenset(
    {"a", "an", "me", "us", "the", "some", "un", "une", "una", "um", "uma"}
)
# Real words one letter from an English noun: "la serie" is Spanish, not a typo of "series".
_OTHER_LANGUAGES_NOUNS = frozenset(
    {"serie", "série", "séries", "shows", "imagens", "imagenes", "dessins", "photos", "videos"}
    | {"vidéos", "vídeos", "fotos", "foto", "bild", "bilder", "sendung", "serien"}
)
_NOUN_CONNECTORS = frozenset({"of", "de", "von", "d", "do", "da", "del", "du", "showing"})
_STOPS = frozenset(
    {"a", "an", "the", "some", "me", "us", "of", "my", "un", "une", "una", "uno", "um", "uma"}
    | {"ein", "eine", "einen", "des", "le", "la", "moi", "mir"}
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HEAD_WORDS = 6


_SHORT = 5


def _closest_noun(word: str) -> str | None:
    """A media noun after an article: "une imag", "una imajen". One edit, even when short."""
    if word in _NOUNS or word in _OTHER_LANGUAGES_NOUNS or len(word) < 4:
        return None
    for candidate in _NOUNS:
        if candidate[0] != word[0] or DamerauLevenshtein.distance(word, candidate) != 1:
            continue
        # A four-letter word with one letter changed is often a word of its own ("a shop
        # sign"): only swapped letters ("shwo") or a missing one ("imag", "vido") are a typo.
        if (
            len(word) > _SHORT_NOUN
            or sorted(word) == sorted(candidate)
            or len(word) == len(candidate) - 1
        ):
            return candidate
    return None


_SHORT_NOUN = 4


def _closest(word: str, candidates: tuple[str, ...], shortest: int = 3) -> str | None:
    if word in candidates or len(word) < shortest:
        return None
    if f"{word}s" in candidates or (word.endswith("s") and word[:-1] in candidates):
        return None  # "picture" and "versions" are words of their own, not typos of each other
    for candidate in candidates:
        if candidate[0] != word[0]:
            continue
        # Short words are often real words one letter away ("made", "mare"): only a swap of
        # letters is a typo there.
        if len(word) >= _SHORT and DamerauLevenshtein.distance(word, candidate) == 1:
            return candidate
        # Two letters swapped further apart ("dwar" for "draw"): the same letters, same start.
        if len(word) >= 4 and sorted(word) == sorted(candidate):
            return candidate
    return None


def fix_request_words(text: str) -> str:
    """The message with misspelled request words replaced (case of the rest kept)."""
    pieces: list[str] = []
    last = 0
    after_article = False
    for index, m in enumerate(_WORD.finditer(text)):
        if index >= _HEAD_WORDS:
            break
        word = m.group(0)
        lower = word.lower()
        if word[:1].isupper() and index > 0:
            break  # a name: the title or the description has started
        replacement: str | None
        if after_article and lower in _STOPS:
            continue  # "fais moi une imag": the noun comes after all of them
        if after_article:
            replacement = _closest_noun(lower)
            if replacement:
                pieces.append(text[last : m.start()] + replacement)
                last = m.end()
            break
        if lower in _STOPS:
            after_article = True
            continue
        if _KNOWN_VERB.fullmatch(lower):
            continue  # "desenhar", "dessiner": a form of its own, not a typo of "desenha"
        replacement = (
            _FIXED.get(lower) or _squeezed(lower) or _glued(lower) or _closest(lower, _VERBS)
        )
        following = _next_word(text, m.end())
        if replacement is None and following in _BEFORE_DESCRIPTION:
            replacement = _one_off_verb(lower)
        if replacement is None and following in _NOUN_CONNECTORS:
            replacement = _closest_noun(lower)  # "vidio of a lighthouse", "un vídeoo de"
        if replacement:
            pieces.append(text[last : m.start()] + replacement)
            last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)


_LONG_RUN = re.compile(r"([^\W\d_])\1{2,}")


def _squeezed(word: str) -> str | None:
    """ "drawww", "pleaaase": a request word with a letter held down."""
    if not _LONG_RUN.search(word):
        return None
    for squeezed in (_LONG_RUN.sub(r"\1", word), _LONG_RUN.sub(r"\1\1", word)):
        if squeezed in _VERBS:
            return squeezed
    return None


# Request words that get typed without their spaces: "drawme", "makeapicture", "drawmeanimage".
_GLUED_PARTS = frozenset(
    {*_VERBS, "me", "us", "a", "an", "the", "some", "pic", "pics", "of", *_NOUNS}
)
_LONGEST_GLUED = 24


def _glued(word: str) -> str | None:
    """The request words a glued word is made of, spaced, when it starts with a verb."""
    if len(word) > _LONGEST_GLUED or word in _VERBS:
        return None
    # splits[i]: one way to cut word[:i] into known parts (shortest parts list wins ties)
    splits: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 10), end):
            head = splits[start]
            if head is not None and word[start:end] in _GLUED_PARTS:
                candidate = [*head, word[start:end]]
                best = splits[end]
                if best is None or len(candidate) < len(best):
                    splits[end] = candidate
    parts = splits[len(word)]
    if parts and len(parts) > 1 and parts[0] in _VERBS:
        return " ".join(parts)
    return None


def _next_word(text: str, end: int) -> str:
    following = _WORD.search(text, end)
    return following.group(0).lower() if following else ""


def _one_off_verb(word: str) -> str | None:
    """ "dra", "drew", "mkae": a verb with one letter missing, changed or swapped."""
    if len(word) < 3 or word in _VERBS:
        return None
    for candidate in _VERBS:
        if candidate[0] == word[0] and DamerauLevenshtein.distance(word, candidate) == 1:
            return candidate
    return None


_KNOWN_VERB = re.compile(VERB, re.IGNORECASE)
_OPTION_WORD = re.compile(r"[^\W\d_]{5,}", re.UNICODE)


def fix_option_words(text: str) -> str:
    """The message with misspelled option words fixed where options are said: after its first
    comma ("draww a dog, landscpe") and right after a number ("6 secnes"). The option words are
    English: a word with accents ("qualité", "vídeos"), or one inside an option phrase already
    read ("qualité finale", "segundos"), is another language's, not a typo."""
    comma = text.find(",")
    read = [(m.start(), m.end()) for m in _SAID_OPTION.finditer(text)]
    candidates = list(_NUMBERED_WORD.finditer(text))
    if comma >= 0:
        candidates += list(_OPTION_WORD.finditer(text, comma))
    spans: set[tuple[int, int, str]] = set()
    for m in candidates:
        word = m.group("w") if "w" in m.groupdict() else m.group(0)
        start, end = m.span("w") if "w" in m.groupdict() else m.span()
        if not word.isascii() or any(a <= start and end <= b for a, b in read):
            continue
        if fixed := _closest(word.lower(), _OPTION_WORDS, shortest=5):
            spans.add((start, end, fixed))
    for start, end, fixed in sorted(spans, reverse=True):
        text = text[:start] + fixed + text[end:]
    return _fix_quality_word(text)


# The word before "quality" says which: "hig quality", "hihg quality", "finl quality".
_BEFORE_QUALITY = re.compile(r"\b(?P<w>[a-z]{3,6})(?=\s+quality\b)", re.IGNORECASE)
_QUALITY_WORDS = ("high", "final", "draft")


def _fix_quality_word(text: str) -> str:
    m = _BEFORE_QUALITY.search(text)
    if m is None or m.group("w").lower() in _QUALITY_WORDS:
        return text
    word = m.group("w").lower()
    for candidate in _QUALITY_WORDS:
        if candidate[0] == word[0] and DamerauLevenshtein.distance(word, candidate) == 1:
            return text[: m.start()] + candidate + text[m.end() :]
    return text


_NUMBERED_WORD = re.compile(r"\b\d{1,2}\s+(?P<w>[^\W\d_]{5,})\b", re.UNICODE)
_SAID_OPTION = re.compile(
    "|".join(
        p.pattern for p in (words.FINAL, words.DRAFT, words.PORTRAIT, words.LANDSCAPE, words.SQUARE)
    )
    + "|"
    + words.SECONDS_WORD.pattern,
    re.IGNORECASE,
)
