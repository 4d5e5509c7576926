"""Answers to the question the bot asked in a thread ("make me a picture" -> "of what?" -> "a
fox"; "which show?" -> "The Expanse"; "where should it take place?" -> "on a pirate ship",
"en una colonia en Marte"). The answer fills the first missing parameter; an answer that
names more ("Abbott Elementary on a cruise ship" after "which show, and where?") fills those
too. Whether a reply is an answer at all is the analyzer's call (core/intent/analyzer.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from core.conversation import Turn, pending_turn
from core.intent.extract import extract_params
from core.intent.followup_jobs import followup_reading
from core.intent.followup_words import DESCRIBED
from core.intent.known_titles import TitleIndex
from core.intent.options import media_options, transform_options
from core.intent.prompts import clean_prompt
from core.intent.schema import Intent, IntentResult
from core.intent.text import normalise, strip_edges, strip_trailing_fillers
from core.intent.titles import capitalised_run, clean_title

__all__ = ["answer_pending", "is_bare_title"]

_I = re.IGNORECASE
# The linking word before a setting, in the five languages: "on a pirate ship", "en una
# colonia", "dans un sous-marin", "auf einem Schiff"; Portuguese "numa"/"num" keep the article.
_SETTING_LEAD = re.compile(
    r"^(?:set\s+)?(?:in|on|at|into|to|aboard|inside|en|dans|sur|à|au|aux|auf|in\s+die|em|no|na|"
    r"nos|nas|a\s+bordo\s+de|à\s+bord\s+d[e']|an\s+bord\s+(?:eines|einer))\s+",
    _I,
)
_PORTUGUESE_CONTRACTION = re.compile(r"^nu(m|ma|ns|mas)\s+", _I)


def answer_pending(
    text: str, turns: Sequence[Turn], titles: TitleIndex | None = None
) -> IntentResult | None:
    """The message answers the question the bot asked: fill the first missing parameter."""
    pending = pending_turn(turns)
    if pending is None:
        return None
    text = normalise(text)
    wanted = pending.missing[0]
    value: str | None
    extra: dict[str, Any] = {}
    if wanted == "prompt":
        options, rest = media_options(text, video=pending.intent is Intent.GENERATE_VIDEO)
        value = clean_prompt(rest)
        extra = options
    elif wanted == "title" and pending.intent is Intent.FIND_SIMILAR and DESCRIBED.match(text):
        # "something about astronauts stuck on a space station": a description, not a title
        wanted, value = "text", DESCRIBED.sub("", text).strip() or None
    elif wanted == "title":
        value = _title_answer(text, pending.intent, titles)
        if pending.intent is Intent.TRANSFORM_SHOW and "setting" in pending.missing:
            # "Abbott Elementary on a cruise ship": the show and where it goes, both asked for
            found = extract_params(pending.intent, text)
            if found.get("title") and found.get("setting"):
                value, extra = str(found["title"]), found
    elif wanted == "setting":
        options, rest = transform_options(text)
        value = _setting_answer(rest)
        extra = options
    else:
        value = strip_edges(text) or None
    if not value:
        return None
    return followup_reading(pending.intent, {**pending.params, **extra, wanted: value})


_ANSWER_LEAD = re.compile(
    r"^(?:(?:hmm+|um+|uh+|well|ok|okay|maybe|probably|i guess|like|so|yeah|yes|how about|"
    r"what about|it'?s\s+called|it\s+is\s+called|called|the\s+(?:title|show|name)\s+is|"
    r"its\s+name\s+is|it'?s|c'est|[çc]a\s+s'appelle|se\s+llama|heißt|chama-se|se\s+chama|"
    r"try|let'?s (?:say|go with|do)|i'?d say|go with|i (?:liked|loved|enjoyed|watched|finished|"
    r"binged)(?: recently| lately)?)\b[\s,]*)+",
    _I,
)
_ANSWER_TAIL = re.compile(r"\s+(?:lately|recently|last (?:week|month|night)|i think|maybe)\W*$", _I)


def is_bare_title(text: str, titles: TitleIndex | None) -> bool:
    """The reply is a show's name and nothing else ("The Expanse", "hmm maybe Twin Peaks")."""
    bare = strip_trailing_fillers(_ANSWER_TAIL.sub("", _ANSWER_LEAD.sub("", text)).strip())
    if not bare or len(bare.split()) > 8:
        return False
    if titles is not None and titles.canonical(bare) is not None:
        return True
    run = capitalised_run(bare)
    return run is not None and run[1] == 0 and run[2] == len(bare)


def _title_answer(text: str, intent: Intent, titles: TitleIndex | None) -> str | None:
    """The show a reply names: a known title, what the intent's own reader finds, or the words
    themselves once lead-ins ("hmm maybe", "I liked ... lately") are taken off."""
    if titles is not None and (known := titles.find(text)) is not None:
        return known.written
    found = extract_params(intent, text).get("title")
    if isinstance(found, str) and found.casefold() != text.casefold():
        return found
    bare = _ANSWER_TAIL.sub("", _ANSWER_LEAD.sub("", text)).strip()
    run = capitalised_run(bare)
    return clean_title(bare) or (clean_title(run[0]) if run else None)


def _setting_answer(words: str) -> str | None:
    """Where a show should take place, without the linking word ("on", "en", "dans", "auf";
    "numa ilha" keeps its article: "uma ilha")."""
    words = _PORTUGUESE_CONTRACTION.sub(lambda m: f"u{m.group(1)} ", words.strip())
    return strip_trailing_fillers(strip_edges(_SETTING_LEAD.sub("", words))) or None
