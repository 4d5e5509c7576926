"""Talk around a picture request: sentences about the member, not about the picture.

"My grandson wants a picture of a dragon made of leaves. I told him I'd ask you." and "Minha
turma está estudando metamorfose. Seria possível um vídeo de uma borboleta saindo do casulo?"
describe one picture each; the sentence about the grandson's message or the class is no part of
it (benchmarks/data/intent/README.md: the prompt is what is to be drawn).

The cue is grammatical, not a list of sentences: a description speaks of the thing drawn, so a
sentence whose subject is the member or the bot ("I", "my", "you", "je", "ich", "eu", ...) is
talk, unless it holds the request itself (a picture noun and what it shows, "a picture of").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from core.intent.request_words import CONNECT, MEDIA
from core.intent.sentences import SENTENCE_END

__all__ = ["PERSON", "without_talk"]

_I = re.IGNORECASE

# First and second person, in English, French, Spanish, German and Portuguese.
PERSON = (
    r"(?:i|i'm|i'd|i've|i'll|im|id|ive|me|my|mine|we|we're|we'd|us|our|you|you're|you'd|your|u|ur|"
    r"je|j'|j'ai|moi|mon|ma|mes|nous|notre|nos|tu|toi|ton|ta|tes|vous|votre|vos|"
    r"yo|mi|mis|nosotros|nuestra|nuestro|tú|tu|te|ti|usted|"
    r"ich|mir|mich|mein|meine|meinen|meinem|meiner|wir|uns|unser|unsere|du|dir|dich|dein|deine|"
    r"eu|meu|minha|meus|minhas|nós|nosso|nossa|você|voce|vc|teu|tua)"
)
_STARTS_WITH_PERSON = re.compile(
    rf"^\W*(?:(?:so|and|but|also|well|anyway|oh|et|y|und|e|mais|pero|aber|mas|bon|bueno|also)\s+)?"
    rf"{PERSON}(?![\w'-])",
    _I,
)
_HAS_PERSON = re.compile(rf"(?<![\w'-]){PERSON}(?![\w'-])", _I)
# The request itself: a picture noun and what it shows ("a picture of", "una imagen de").
_ASKS_FOR_PICTURE = re.compile(rf"\b{MEDIA}\s+(?:[\w'-]+\s+){{0,3}}?{CONNECT}(?=\s|$)", _I)


def without_talk(text: str, asks_only: Callable[[str], bool]) -> str:
    """The sentences that describe the picture: talk said before the request, and talk said after
    the description, left out. `asks_only` tells a sentence of request words and options only
    ("Make it portrait."), which describes nothing. A message of one sentence is returned as it
    is."""
    # Each sentence with the punctuation that ends it: what is kept reads as it was written.
    cuts = [0, *(m.end() for m in SENTENCE_END.finditer(text)), len(text)]
    sentences = [text[a:b] for a, b in pairwise(cuts) if text[a:b].strip()]
    if len(sentences) < 2:
        return text
    asks = [i for i, s in enumerate(sentences) if _ASKS_FOR_PICTURE.search(s)]
    if asks:
        first = asks[0]
        before = [s for s in sentences[:first] if not _HAS_PERSON.search(s)]
    else:
        # Talk first, then the description: keep from the first sentence that is no talk, when
        # one that describes something follows.
        first, before = 0, []
        while (
            first < len(sentences) - 1
            and _HAS_PERSON.search(sentences[first])
            and any(not _is_talk(s) and not asks_only(s) for s in sentences[first + 1 :])
        ):
            first += 1
    kept = [*before, sentences[first]]
    kept += [s for s in sentences[first + 1 :] if not _is_talk(s)]
    return "".join(kept).strip()


def _is_talk(sentence: str) -> bool:
    """ "I told him I'd ask you.": said by the member about themselves, asking for nothing."""
    return bool(_STARTS_WITH_PERSON.match(sentence)) and not _ASKS_FOR_PICTURE.search(sentence)
