"""A show's name inside the words that frame it, whichever pattern found the candidate:
"What would Tuesday Folk look like if ..." and "¿Qué pasaría si La Granja ocurriera ..." name
"Tuesday Folk" and "La Granja"; "our little show Pine Hollow" and "au catalogue la série Les
Forges" name what follows the show noun; "Tin Harbour: themes, pacing" ends at the colon; a
leading emoji is no part of a name.

The cue is the shape, not the sentence: a question word or modal written first, lower-case words,
then one run of capitalised words with only lower-case words after it. A name that starts with
such a word keeps it when a capitalised word follows ("What We Do in the Shadows", "How I Met
Your Mother").
"""

from __future__ import annotations

import re

from core.intent.capitalised import capitalised_run

__all__ = ["name_inside_frame"]

_I = re.IGNORECASE

# Question words, modals and the member as subject ("I love Harbor Lights. ...") that open a
# sentence around a name, in the five languages.
_FRAME_WORDS = frozenset(
    """
    what what's whats how which who why when where would could can will should does did is are
    imagine picture suppose
    qué que cómo como cuál cual pasaría seria sería podría puedes podrías
    quoi comment quel quelle quels quelles est-ce pourrais peux
    wie was welche welcher welches wäre würde könnte kannst
    o quais qual poderia pode podes
    i we je j'ai nous yo ich wir eu nós
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_WORD = re.compile(r"[\w'’-]+")
_LEADING_SYMBOLS = re.compile(r"^[\s\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+")
# "Tin Harbour: themes, pacing, the lot": a colon followed by a lower-case word ends the name
# ("Star Wars: Andor" goes on with a capital).
_COLON_THEN_LOWER = re.compile(r"\s*:\s+(?=[a-zà-ÿ]).*$", re.DOTALL)
# A show noun written lower-case before a capitalised name: "our homebrew show Pine Hollow",
# "ajoute au catalogue la série Les Forges", "füg die Serie Dunkelwald hinzu".
_SHOW_NOUN_BEFORE_NAME = re.compile(
    r"(?<=\s)(?:(?-i:show|series|serie|série|séries|serien|sitcom|drama|anime|novela|sendung)|"
    r"Serie|Sendung)\s+(?=[A-Z0-9À-Ý\"'])"
)


_ARTICLE_BEFORE = re.compile(r"(?<!\S)(?-i:The|El|La|Los|Las|Le|Les|Die|Der|Das|O|A|Os|As)\s+$")


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def name_inside_frame(title: str) -> str:
    """The name alone when `title` holds a frame around it, else `title` unchanged."""
    text = _LEADING_SYMBOLS.sub("", title)
    if (cut := _COLON_THEN_LOWER.sub("", text)) and cut != text:
        text = cut
    if (nouns := list(_SHOW_NOUN_BEFORE_NAME.finditer(text))) and nouns[-1].end() < len(text):
        text = text[nouns[-1].end() :]
    words = _WORD.findall(text)
    if len(words) < 3 or words[0].casefold() not in _FRAME_WORDS or _is_cap(words[1]):
        return text
    run = capitalised_run(text)
    if run is None or run[1] == 0:
        return text
    start = run[1]
    if article := _ARTICLE_BEFORE.search(text, 0, start):
        start = article.start()  # "si El Último Verano ...": the article starts the name
    before, after = text[:start], text[run[2] :]
    if any(_is_cap(w) for w in _WORD.findall(before)[1:]) or any(
        _is_cap(w) for w in _WORD.findall(after)
    ):
        return text  # more than one capitalised run: which is the name is not clear
    return text[start : run[2]]
