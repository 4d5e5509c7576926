"""The description of an image or video, without the request words around it.

"can you make me 3 pics of a fox in the snow, landscape pls" -> "a fox in the snow". Request words
are matched as a prefix (lead-in, verb, "me", then "a <adjectives> picture of"), so words inside
the description ("a boy holding a picture of his mom") are left alone.
"""

from __future__ import annotations

import re

from core.intent.text import NUMBER, strip_edges, strip_trailing_fillers

__all__ = ["MEDIA_NOUNS", "clean_prompt", "is_pronoun_reference"]

_I = re.IGNORECASE

_LEADIN = (
    r"(?:hey|hi|yo|ok|okay|so|um+|hmm+|alright|bot|studio|pls|please|plz|kindly|now|then|"
    r"can you|could you|can u|could u|would you|will you|would u|are you able to|"
    r"i want(?: you)? to|i want|i'd like(?: you)? to|i'd like|i would like|i'd love|"
    r"i would love|i need(?: you to)?|need|want|i wanna|wanna|we need|let's|lets|gimme|give me|"
    r"get me|can i get|can i have|could i get|may i have|i'm looking for|looking for|try to|"
    r"go ahead and|quick|quickly|another|ich will|ich möchte|ich hätte gern|je veux|quiero|"
    r"voglio|bitte|por favor|s'il te plaît|peux-tu|puedes|lowkey|lemme get|let me get|"
    r"i'?m after|bruh|bro|ngl|quero|queria|je voudrais|podrías|pode|kannst du|könntest du|"
    r"let'?s see|i want to see|i'?d like to see|i'?d love to see|to see|"
    r"drop)"
)
_VERB = (
    r"(?:sketch out|whip up|dessine-moi|fais-moi|dibújame|dessiner|desenhar|dibujar|animiere|"
    r"draw|drow|darw|paint|sketch|make|create|generate|render|produce|illustrate|design|do|animate|"
    r"film|shoot|photograph|doodle|imagine|craft|whip up|show me|visuali[sz]e|dibuja|"
    r"dibújame|dessine|dessine-moi|disegna|desenha|zeichne|male|mach|mache|fais|haz|crea|"
    r"genera|gera|faz|faça|cria|crie|erstelle|erzeuge|hazme|haz|fais-moi|anime|anima|"
    r"picture(?=\s+(?:an?|the|some|two|three|four)\s)|描いて)"
)
MEDIA_NOUNS = (
    r"(?:images?|imgs?|imgae|pictures?|pictrue|pics?|photos?|drawings?|paintings?|portraits?|"
    r"sketch(?:es)?|illustrations?|drafts?|"
    r"art(?:work)?|wallpapers?|posters?|banners?|icons?|renders?|videos?|vids?|"
    r"vidoes?|viedos?|clips?|animations?|loops?|gifs?|footage|films?|movies?|moving pictures?|"
    r"mp4|shots?|"
    r"bild(?:er)?|imagen(?:es)?|imágenes|imagem|imagens|dessins?|fotos?|vídeos?|vidéos?|"
    r"immagine|desenhos?|text-to-image|visuals?|watercolou?rs?|oil paintings?|timelapses?|"
    r"time-lapses?|slow[- ]motion videos?|slow-?mo|doodles?|stills?)"
)
_DET = rf"(?:an?|some|one|the|another|ein|eine|einen|un|une|una|uno|um|uma|{NUMBER})"
# Words allowed between the determiner and the media noun: "a quick rough image of",
# "a 6 sec clip of", "anime-style pic of". Not determiners, so a description that merely contains
# a media noun ("a boy holding a picture of his mom") is never cut.
_ADJ = r"(?!(?:an?|the|of|with|and|holding|from)\b)[\w'-]+"
_CONNECT = r"(?:of|von|vom|de|d'|di|do|da|showing|depicting|featuring|with|about|for|:)"
# Said after the description: slang tags, "instead", and request words repeated at the end.
_TAIL_JUNK = re.compile(
    r"(?:\s+(?:ngl|fr|tbh|lol|lmao|instead|pls|please|plz|and (?:draw|paint|animate|render) it|"
    r"for (?:my|the) (?:phone|desktop|wallpaper|lock ?screen)))+\W*$",
    _I,
)
_SECONDS_TAIL = re.compile(
    rf"\s+{NUMBER}\s*(?:secs?|seconds?|secondes?|segundos?|sekunden|s)\W*$", _I
)
_TURN_INTO = re.compile(
    r"^(?:turn|make)\s+(?P<x>.+?)\s+into\s+(?:an?\s+)?(?:video|clip|animation|gif|image|picture|"
    r"short film|loop)\b",
    _I,
)
# German puts the verb last: "kannst du eine eule zeichnen?"
_VERB_LAST = re.compile(r"\s+(?:zeichnen|malen|erstellen|machen|animieren|generieren)\W*$", _I)
_STYLE_TAIL = re.compile(r"\s*,?\s+(?:in|with) the style of [^,]+$", _I)
_SECONDS_LEAD = re.compile(
    rf"^(?:de\s+)?{NUMBER}\s*(?:secs?|seconds?|secondes?|segundos?|sekunden)\s+(?:d'|de |of |von )",
    _I,
)

_PREFIX = re.compile(
    rf"^(?:{_LEADIN}\b[,:]?\s+)*"
    rf"(?:{_VERB}\b\s*)?"
    rf"(?:(?:me|us|for me)\b\s*)?"
    rf"(?:(?:this|that|it)\s*:\s*)?"
    rf"(?:(?:{_DET}\s+)?(?:{_ADJ}\s+){{0,3}}?{MEDIA_NOUNS}\b(?:\s+(?:pls|please|plz))?"
    rf"(?=\s*(?:{_CONNECT}\b|d'|[,.!?:]|$))"
    rf"\s*(?:{_CONNECT}(?=\s|$)|d'|:)?\s*)?",
    _I,
)
_COLON = re.compile(r"^([^:]{1,60}):\s*(.+)$")
_REQUESTY = re.compile(rf"\b(?:{_VERB}|{MEDIA_NOUNS}|pls|please)\b", _I)
_INLINE_OPTIONS = re.compile(
    r"\s*\b(?:in|as)\s+(?:an?\s+)?(?:portrait|landscape|square|widescreen|vertical|horizontal|hd|"
    r"4k|final quality|high quality|draft quality|draft|final|gif|video|mp4|loop)"
    r"(?:\s+(?:mode|format|orientation|quality|version))?\b",
    _I,
)
_WHAT_LOOKS = re.compile(r"^what\s+(.+?)\s+(?:would|might|could)\s+look\s+like$", _I)
_PRONOUNS = frozenset(
    {
        "it",
        "this",
        "that",
        "them",
        "one",
        "something",
        "smth",
        "sth",
        "stuff",
        "anything",
        "the same",
        "same",
        "something cool",
        "something nice",
        "the last one",
        "that one",
        "this one",
        "it again",
        "the image",
        "the picture",
        "the video",
        "the pic",
        "me",
        "us",
        "for me",
        "for us",
        "",
    }
)


def is_pronoun_reference(text: str) -> bool:
    """ "it", "that one", "the picture": the description refers to something said before."""
    return text.strip().lower() in _PRONOUNS


def clean_prompt(text: str) -> str | None:
    """The description alone, or None when the message gives none ("make me a picture")."""
    text = strip_edges(text)
    if m := _COLON.match(text):
        head, tail = m.group(1), m.group(2)
        if _REQUESTY.search(head) and len(head.split()) <= 7:
            text = tail
    if m := _TURN_INTO.match(text):
        text = m.group("x")
    text = _PREFIX.sub("", text, count=1).strip()
    text = _SECONDS_TAIL.sub("", text)
    text = _SECONDS_LEAD.sub("", text).strip()
    text = _INLINE_OPTIONS.sub("", text)
    text = _STYLE_TAIL.sub("", text)
    text = _TAIL_JUNK.sub("", text)
    text = _VERB_LAST.sub("", text)
    if m := _WHAT_LOOKS.match(text):
        text = m.group(1)
    text = strip_trailing_fillers(strip_edges(text))
    if is_pronoun_reference(text):
        return None
    return text
