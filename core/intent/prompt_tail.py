"""Words said after a picture's description that are no part of it: options written inline ("in
portrait", "as a short clip"), a marked style, slang tags and thanks, who or what it is for, a
length in seconds, and a German verb said last ("kannst du eine Eule zeichnen?").
"""

from __future__ import annotations

import re

from core.intent.text import NUMBER

__all__ = ["without_words_said_after"]

_I = re.IGNORECASE

# Said after the description: slang tags, "instead", and request words repeated at the end.
_TAIL_JUNK = re.compile(
    r"(?:,\s*(?:it'?s|this is|that'?s|it is|c'est|es|é|ist)\s+(?:for|pour|para|für)\s+[^,]{1,60}"
    r"|,?\s+(?:as|for) (?:an?|my) (?:phone |desktop |lock ?screen )?(?:wallpaper|background|pfp|"
    r"avatar|icon|banner|poster|cover|thumbnail|header|profile pic(?:ture)?)"
    r"|\s+(?:ngl|fr|tbh|lo+l|lmf?a+o+|ha(?:ha)+h?|ja(?:ja)+|kk+|rs(?:rs)+|xd+|mdr|ptdr|omg|"
    r"instead|pls|please|plz|and (?:draw|paint|animate|render) it|if (?:that'?s|it'?s) possible|"
    r"if possible|if you can|thanks in advance|thank you|thanks|thx|cheers|"
    # "... would help", "... would be ideal"
    r"(?:would|'d)\s+(?:really\s+)?(?:help|be\s+(?:ideal|great|nice|perfect|lovely|amazing|"
    r"awesome|cool|helpful|appreciated|fine|wonderful))|"
    # "... to actually move": the wish for motion, not the picture
    r"to\s+(?:actually\s+|really\s+)?(?:move|animate|come\s+alive|come\s+to\s+life|be\s+animated|"
    r"start\s+moving)|"
    # "... that'd be amazing", "..., it would be great"
    r"(?:that|it|this)(?:'?d| would| will|'?ll)\s+be\s+(?:so\s+|really\s+|super\s+)?"
    r"(?:amazing|great|awesome|cool|nice|perfect|lovely|fantastic|sick|dope|fire|ideal|"
    r"helpful|appreciated|wonderful|incredible|brilliant|sweet|rad)|"
    r"for (?:my|our|the) (?:stream|blog|channel|server|campaign|game|project|presentation|"
    r"moodboard|website|slides?|deck|album|thumbnail|newsletter|zine|post)(?: \w+)?|"
    r"for (?:my |the |a |an )?(?:phone|desktop|wallpaper|lock ?screen|tiktok|insta(?:gram)?|"
    r"reels?|story|stories|discord|banner|pfp|profile)(?: wallpaper| background)?))+\W*$",
    _I,
)
# Who or what the picture is for, said last: "... for her sign", "... pour mon mémoire", "... para
# la fiesta de mi hija", "... für unseren Flur". The README's prompt is what is drawn; a purpose is
# not. After a verb in -ing ("a dog waiting for his owner") the words are the picture's.
_POSSESSIVE = (
    r"(?:my|her|his|our|their|your|mon|ma|mes|notre|nos|son|sa|ses|ton|ta|tes|mi|mis|su|sus|tu|"
    r"tus|nuestr[oa]s?|(?:o\s+|a\s+|os\s+|as\s+)?(?:meu|minha|meus|minhas|nosso|nossa|seu|sua)|"
    r"mein(?:e[nmrs]?)?|unser(?:e[nmrs]?)?|ihr(?:e[nmrs]?)?|sein(?:e[nmrs]?)?|dein(?:e[nmrs]?)?)"
)
_PURPOSE_AT_END = re.compile(
    r"(?<!ing)(?:,\s*|\s+)(?:for|pour|para|pra|für)\s+"
    r"(?:(?:the|a|an|la|le|l'|el|los|las|o|a|die|das|den|der)\s*[\w'-]+(?:\s+[\w'-]+)?\s+"
    rf"(?:of|de|do|da|del|du|des|von)\s+)?{_POSSESSIVE}\s+(?:[\w'-]+\s+){{0,3}}[\w'-]+\W*$",
    _I,
)
# "... 4s" with digits only: "um castelo feito de doces" ends with a word, not twelve seconds.
_SECONDS_TAIL = re.compile(
    rf"\s+(?:\d{{1,2}}\s*s|{NUMBER}\s*(?:secs?|seconds?|secondes?|segundos?|sekunden))\W*$", _I
)
# German puts the verb last: "kannst du eine eule zeichnen?"
_VERB_LAST = re.compile(
    r"\s+(?:zu\s+)?(?:zeichnen|malen|erstellen|machen|animieren|generieren|sehen|haben)\W*$", _I
)
_STYLE_TAIL = re.compile(
    r"\s*,?\s+(?:(?:in|with) the style of [^,]+|(?:in|with) an? [\w'-]+(?: [\w'-]+)? style|"
    r"(?:en|dans le|dans un|de|in|im|al|no|en el|au|"
    r"à la|with an?|in an?)\s+(?:style|estilo|stil)\s+(?:de\s+|von\s+|do\s+|del\s+|of\s+)?"
    r"[\w'-]+(?: [\w'-]+)?)\W*$",
    _I,
)
_INLINE_OPTIONS = re.compile(
    r"\s*\b(?:(?:in|as)\s+(?:an?\s+)?(?:portrait|landscape|square|widescreen|vertical|horizontal|"
    r"hd|4k|final quality|high quality|draft quality|draft|final|gif|video|mp4)"
    # "... as a short clip": what it is made as ("in a loop" is what happens in it)
    r"|as\s+(?:an?\s+)?(?:(?:short|quick|little|brief|small|tiny|looping)\s+)?"
    r"(?:video|clip|animation|loop|movie|gif))"
    r"(?:\s+(?:mode|format|orientation|quality|version))?\b",
    _I,
)


def without_words_said_after(text: str) -> str:
    """The description without the words said after it."""
    text = _SECONDS_TAIL.sub("", text)
    text = _INLINE_OPTIONS.sub("", text)
    text = _STYLE_TAIL.sub("", text)
    text = _TAIL_JUNK.sub("", text)
    text = _PURPOSE_AT_END.sub("", text)
    return _VERB_LAST.sub("", text)
