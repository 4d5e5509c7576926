"""The style of a picture, when the message marks it as one: "anime style", "in the style of
ukiyo-e", "style aquarelle", "estilo acuarela", "im Aquarell-Stil", "no estilo anime", or a known
style word after "in" at the end of a clause ("again, but in watercolor").

A style word inside the description is part of the description, not an option: "a pixel art
castle", "a watercolor of a harbour" and "a photorealistic tiger" keep their words in the prompt
(the labelling rules of benchmarks/data/intent/README.md: style only when marked as a style).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["StylePhrase", "style_phrase"]

_I = re.IGNORECASE

_STYLE_NOUN = r"(?:style|estilo|stil|styl)"
_PREP = (
    r"(?:in the|in an?|in|with an?|en|dans le|dans un|avec un|de|au|à la|al|en el|con|con un|"
    r"im|in einem|mit|no|num|em|com|com um)"
)
# "in the style of ukiyo-e", "dans le style de Moebius", "al estilo de Van Gogh", "im Stil von
# Monet", "no estilo de Tarsila": the style runs to the end of its clause.
_STYLE_OF = re.compile(
    rf"(?:\s+|^){_PREP}\s+{_STYLE_NOUN}\s+(?:of|de|d'|du|del|von|vom|do|da|des)\s*"
    r"(?P<s>[^,.;!?]{1,60}?)\s*(?=[,.;!?]|$)",
    _I,
)
# What may follow "anime style" when it marks the picture's style: the end of a clause, the
# media noun ("watercolor style picture of"), politeness. "a 1920s style dress" describes a dress.
_AFTER_STYLE = (
    r"(?=\s*(?:[,.;:!?]|$)|\s+(?:pictures?|pics?|images?|imgs?|drawings?|illustrations?|"
    r"paintings?|posters?|wallpapers?|renders?|art(?:work)?|portraits?|photos?|sketch(?:es)?|"
    r"versions?|please|pls|plz|for|with|and|of|bild(?:er)?|imagen(?:es)?|imagem|imagens|dessins?)\b)"
)
# "anime style", "storybook-style", "in a watercolor style", "Aquarell-Stil", "im Anime-Stil"
_STYLE_AFTER = re.compile(
    rf"(?:(?<=\s)|^)(?:{_PREP}\s+)?(?P<s>(?:[\w'-]+\s)?[\w'-]+?)(?:-|\s)(?:style[ds]?|stil)\b"
    + _AFTER_STYLE,
    _I,
)
# "style aquarelle", "estilo acuarela", "Stil: Comic", "en style manga": the style word first, a
# clause of its own (after a comma or at the end), one to three words.
# In English only after a comma or a preposition: "a 1920s style dress" describes a dress.
_STYLE_BEFORE = re.compile(
    rf"(?:(?:(?<=[,;:.!?])\s*|^)(?:{_PREP}\s+)?{_STYLE_NOUN}|\s+{_PREP}\s+{_STYLE_NOUN}|"
    r"\s+(?:estilo|stil|styl))\s*[:=]?\s+"
    r"(?P<s>[^\W\d_][\w'-]*(?:\s[\w'-]+){0,2}?)\s*(?=[,.;!?]|$)",
    _I,
)
# Known style words marked by "in" or "as" at the end of a clause: "but in watercolor",
# "as pixel art".
_STYLE_WORDS = (
    r"pixel art|concept art|digital art|watercolou?r|aquarelle|acuarela|aquarela|aquarell|"
    r"oil paint(?:ing)?|anime|manga|cartoon|comic book|comic|3d render|line art|charcoal|"
    r"pencil(?: sketch)?|ukiyo-e|art deco|art nouveau|low poly|vaporwave|synthwave|claymation|"
    r"photorealistic|kawaii|studio ghibli|ghibli"
)
_IN_STYLE_WORD = re.compile(
    rf"(?:\s+|^)(?:in|as|en|em|im|als)\s+(?:an?\s+)?(?P<s>{_STYLE_WORDS})\s*(?=[,.;!?]|$)",
    _I,
)
# Words before "style" that are not the style: "I'd love a watercolor style picture" keeps
# "watercolor"; "the same style" names none.
_LEAD_WORDS = frozenset(
    {"love", "like", "want", "need", "a", "an", "the", "some", "in", "me", "this", "that", "my"}
)
_NOT_STYLES = frozenset(
    {"same", "your", "its", "their", "his", "her", "our", "that", "this", "any", "other", "free"}
)


_FUNCTION_WORDS = frozenset(
    """with in of the a an and or to for my your no without sans sin ohne sem it its""".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class StylePhrase:
    style: str  # as written ("Aquarell", "ukiyo-e"), the scorer compares without case
    start: int  # the span of the words that mark it, preposition included
    end: int


def _phrase(m: re.Match[str]) -> StylePhrase | None:
    style = m.group("s").strip(" -'")
    words = style.split()
    if len(words) == 2 and words[0].lower() in _LEAD_WORDS:
        style = words[1]
    if not style or style.lower() in _NOT_STYLES or style.lower() in _LEAD_WORDS:
        return None
    if any(word.lower() in _FUNCTION_WORDS for word in style.split()):
        return None  # "a dog with style": no style is named
    return StylePhrase(style=style, start=m.start(), end=m.end())


def style_phrase(text: str) -> StylePhrase | None:
    """The style the message marks, with where its words are; None when none is marked."""
    for pattern in (_STYLE_OF, _STYLE_AFTER, _STYLE_BEFORE, _IN_STYLE_WORD):
        for m in pattern.finditer(text):
            if (found := _phrase(m)) is not None:
                return found
    return None
