"""Where a description starts when the request is said before it: "need a pfp asap: a frog in a
cowboy hat", "For my pitch deck I need a key frame: INT. SUBWAY CAR - NIGHT. ...", "I'm writing a
zine, and I need a cover for it: a girl in a yellow raincoat", and a greeting said first ("Good
evening! Would you be so kind as to ...").

A colon ends the request only when the words before it ask for something (a request word, a
picture noun such as "pfp", "cover", "key frame") and do not start the content ("a sign that
says: ..." keeps its words).
"""

from __future__ import annotations

import re

from core.intent.options import is_filler_clause, is_option_clause
from core.intent.request_words import LEADIN, MEDIA, VERB

__all__ = ["after_greeting", "after_request_colon"]

_I = re.IGNORECASE

_COLON = re.compile(r"^(?P<head>[^:\n]{1,160}):\s*(?P<tail>\S.*)$", re.DOTALL)
# The last part of what comes before the colon: "..., and I need a cover for it".
_LAST_PART = re.compile(r"(?:[,;]|[.!?](?=\s)|\s(?:and|et|y|und|e)\s)\s*", _I)
_MAX_HEAD_WORDS = 12
# Pictures asked for by what they are for: "a pfp", "a cover", "a key frame", "a banner".
_PICTURE_NOUNS = (
    r"pfp|avatar|profile pic(?:ture)?|cover(?: art)?|key ?frame|frame|thumbnail|logo|banner|"
    r"header|wallpaper|background|sticker|emote|emoji|icon|moodboard|mood board|still|shot|beat|"
    r"storyboard beat|reference|ref|mock-?up|visual|splash(?: art)?|card|flyer|poster|concept|"
    r"couverture|fond d'écran|portada|fondo|titelbild|hintergrund|capa|papel de parede"
)
_ASKS = re.compile(
    rf"\b(?:{LEADIN}|{VERB}|{MEDIA}|{_PICTURE_NOUNS}|asap|pls|plz|please|need|needs|want|"
    r"here'?s|here is|(?:(?:my|the|our) )?(?:idea|prompt|brief|description|subject|scene)|"
    r"j'ai besoin d'|il me faut|necesito|brauche|preciso)(?![\w'-])",
    _I,
)
# What the picture is for, said before a colon: "for the newsletter: a fox mailman ...".
_PURPOSE_HEAD = re.compile(
    r"^\W*(?:for|pour|para|pra|für)\s+(?:the|my|our|a|an|this|la|le|l'|les|ma|mon|notre|el|mi|"
    r"nuestr[oa]|o|a|meu|minha|nosso|nossa|den|die|das|meine[nm]?|unsere[nm]?)\s*[\w'-]+"
    r"(?:\s+[\w'-]+){0,4}\W*$",
    _I,
)
# Words that make the part before the colon the start of the content: "a sign that says: ...",
# "a poster with the title: ...".
_CONTENT = re.compile(
    r"\b(?:says?|saying|reads?|reading|written|writes?|titled|called|named|labell?ed|caption|"
    r"words|text|that|which|who|where|with|dit|dice|sagt|diz|lit|lee|liest|lê|avec|con|com|"
    r"mit|qui|que|der|die|das|of|von)\b",
    _I,
)


def after_request_colon(text: str) -> str:
    """The text after a colon that ends a request, or the text itself."""
    m = _COLON.match(text)
    if m is None:
        return text
    parts = [p for p in _LAST_PART.split(m.group("head")) if p.strip()]
    if parts and all(is_option_clause(p) or is_filler_clause(p) for p in parts):
        return m.group("tail")  # "square format, high quality: a bowl of ramen"
    # "Generate one picture, seed 31337, quality final: ...": options said before the colon.
    while len(parts) > 1 and (is_option_clause(parts[-1]) or is_filler_clause(parts[-1])):
        parts.pop()  # "four pics please, all different: ..."
    last = parts[-1] if parts else m.group("head")
    if len(last.split()) > _MAX_HEAD_WORDS or _CONTENT.search(last):
        return text
    return m.group("tail") if _ASKS.search(last) or _PURPOSE_HEAD.match(last) else text


# A greeting, maybe with a name, said as its own sentence before the request.
_GREETING = re.compile(
    r"^\W*(?:hi|hello|hey|heya|hiya|yo|howdy|greetings|good (?:morning|afternoon|evening|day)|"
    r"morning|evening|bonjour|bonsoir|salut|coucou|hola|buenas(?: tardes| noches)?|"
    r"buenos días|buenos dias|hallo|guten (?:morgen|tag|abend)|moin|servus|olá|ola|oi|"
    r"bom dia|boa (?:tarde|noite))"
    r"(?:\s+(?:there|all|everyone|team|folks|friend|bot|studio|@?[\w-]+))?\s*[!.,]+\s+(?=\S)",
    _I,
)


def after_greeting(text: str) -> str:
    """ "Good evening! Would you ..." -> "Would you ..."."""
    return _GREETING.sub("", text, count=1)
