"""Follow-ups about shows: the thread's last request was about one show ("shows like Dark",
"what's the DNA of Fargo", "transform Friends on a Mars colony"), and the next message asks the
same about another one: "what about Severance?", "and for The Wire?", "same for Lost",
"do The Office instead", "et pour Lupin ?", "y Narcos?", "und für Dark?", "e Sintonia?"; and
"find similar ones" / "anything similar?" after any request about a show: shows like that one.

The other show must be a name: a known title, or capitalised words and nothing else ("what
about tomorrow?" or "and the ending?" are not shows). Everything else of the last request is
kept (a transform's setting); a synopsis given for the last show is not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from core.conversation import Turn, last_request, pending_turn
from core.intent.followup_jobs import followup_reading
from core.intent.followup_words import OPTION_ECHO, SIMILAR_ALONE
from core.intent.known_titles import TitleIndex
from core.intent.options import similar_options
from core.intent.schema import Intent, IntentResult
from core.intent.text import normalise, strip_edges
from core.intent.titles import capitalised_run

__all__ = ["read_other_show"]

_SHOW_INTENTS: Final = (
    Intent.FIND_SIMILAR,
    Intent.SHOW_DNA,
    Intent.ANALYZE_SHOW,
    Intent.TRANSFORM_SHOW,
)
_OTHER_SHOW: Final = re.compile(
    r"^\W*(?:(?:ok|okay|cool|nice|thanks|hmm+|now|so)\W+)*"
    r"(?:what\s+about|how\s+about|(?:and\s+)?if\s+i\s+(?:liked|loved|enjoyed|like|love)|"
    r"(?:and|et|y|und|e)\s+(?:like|comme|como|wie)|and\s+(?:for|with|now)|and|(?:(?:can|could)\s+you\s+)?(?:do\s+)?(?:the\s+)?same(?:\s+thing)?(?:\s+but)?\s+(?:for|with)|"
    r"now\s+(?:for|do|try)|(?:do|try)(?:\s+it)?\s+(?:for|with)|do|try|"
    r"et\s+(?:pour|avec)|et|y\s+(?:para|con|qu[eé]\s+tal)|y|"
    r"und\s+(?:f[üu]r|bei|mit|was\s+ist\s+mit)|und|e\s+(?:para|com|quanto\s+a)|e)"
    r"\s+(?:for\s+)?(?P<title>.+?)"
    r"(?:\s+(?:instead|then|too|now|this\s+time|please|pls|plz|à\s+la\s+place|en\s+su\s+lugar|"
    r"stattdessen|em\s+vez\s+disso))?\W*$",
    re.IGNORECASE,
)
_MOST_WORDS = 6
# "et celui de Dark ?", "y el de Narcos", "und die von Babylon Berlin", "e o de Sintonia", "and
# the one for Lost": the same question, about the show named after "the one of".
_THE_ONE_OF: Final = re.compile(
    r"^(?:(?:the\s+)?one\s+(?:for|of)|celui\s+d[e']|celle\s+d[e']|(?:el|la)\s+de|"
    r"(?:die|das|der)\s+(?:von|f[üu]r)|(?:o|a)\s+d[eo]|(?:o|a)\s+da)\s*",
    re.IGNORECASE,
)
_QUOTES: Final = "\"'“”«»‘’"
# Three words or more, each capitalised but for small joining words: a name, even one that opens
# with a verb or a pronoun ("Drop Dead Diva", "Would I Lie to You", "Show Me a Hero").
_TITLE_CASED: Final = re.compile(
    r"(?-i:[A-Z][\w'’-]*)(?:\s+(?:(?-i:[A-Z0-9][\w'’-]*)|of|the|a|an|to|in|on|and|de|la)){2,}"
)
# ... but "And Tell Me More", "And Do The Same" are requests typed in title case: a name does
# not end on such a word.
_NO_NAME_END: Final = frozenset(
    """more same again too it this that these those me us them one ones please pls now instead
    else you thing things stuff way time then there here another other others similar all both
    anyway""".split()  # noqa: SIM905 (a word list reads best as words)
)
_AND_OPTIONS: Final = re.compile(
    r"(?:,\s*|\s+)(?:but|and|with|mais|pero|aber|mas)\s+(?P<options>.+)$", re.I
)


def read_other_show(text: str, turns: Sequence[Turn], titles: TitleIndex) -> IntentResult | None:
    """ "what about Severance?" right after a request about one show: the same, for that one."""
    last = last_request(turns)
    if (
        pending_turn(turns) is not None
        or last is None
        or last.intent not in _SHOW_INTENTS
        or "title" not in last.params
    ):
        return None
    text = normalise(text)
    if SIMILAR_ALONE.match(text):
        return followup_reading(Intent.FIND_SIMILAR, {"title": last.params["title"]})
    m = _OTHER_SHOW.match(text)
    if m is None:
        return None
    said = m.group("title").strip()
    quoted = said[:1] in _QUOTES  # (its closing quote goes with the punctuation at the end)
    words = _THE_ONE_OF.sub("", strip_edges(said))
    options: dict[str, Any] = {}
    if last.intent is Intent.FIND_SIMILAR and (more := _AND_OPTIONS.search(words)):
        # "the same for Skins but 7 of them": another show, and how many
        options, rest = similar_options(more.group("options"))
        if options and (not rest.strip(" ,.!?") or OPTION_ECHO.match(rest + " ")):
            words = words[: more.start()]
    title = _a_show(words, titles, quoted=quoted)
    if title is None or title.casefold() == str(last.params["title"]).casefold():
        return None
    params = {k: v for k, v in last.params.items() if k != "text"}
    return followup_reading(last.intent, {**params, **options, "title": title})


def _a_show(words: str, titles: TitleIndex, *, quoted: bool = False) -> str | None:
    """The words when they name a show and nothing else: a known title, quoted words, or
    capitalised words."""
    if not any(c.isalpha() for c in words) or len(words.split()) > _MOST_WORDS:
        return None
    if quoted or titles.canonical(words) is not None or _title_cased_name(words):
        return words
    run = capitalised_run(words)
    if run is not None and run[1] == 0 and run[2] == len(words):
        return words
    return None


def _title_cased_name(words: str) -> bool:
    last = words.rsplit(maxsplit=1)[-1]
    return bool(_TITLE_CASED.fullmatch(words)) and last.casefold() not in _NO_NAME_END
