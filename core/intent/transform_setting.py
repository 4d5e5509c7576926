"""The new world of a re-imagining as a phrase (docs/intents.md): without the preposition that
links it ("on", "set in", "dans", "numa" leaves "uma"), a verdict or a reason said after it
("... would go hard", "... so I can follow it"), a label ("Setting: ..."), or a German verb last.
"""

from __future__ import annotations

import re

from core.intent.sentences import SENTENCE_END
from core.intent.text import clauses, strip_edges, strip_trailing_fillers

__all__ = ["clean_setting"]

_I = re.IGNORECASE

# German puts the verb last: "stell dir Lost im Berlin der 20er vor", "ich würde gern Dark auf
# einem Kreuzfahrtschiff sehen".
_VOR = re.compile(
    r"\s+(?:vor|sehen|erleben|haben|spielen lassen|versetzen|verlegen|spielen würden?|"
    r"stattfinden würden?|passieren würden?|spielte|spielen)\W*$",
    _I,
)
# Prepositions that start a setting in other languages, and the article they contain.
_FOREIGN_PREP = re.compile(
    r"^(?:sur|dans|en|à|au|aux|em|no|na|num|numa|nos|nas|im|ins|in der|in die|in den|auf|nach|"
    r"am)\s+",
    _I,
)
_CONTRACTED = {"au": "le ", "aux": "les ", "no": "o ", "na": "a ", "num": "um ", "numa": "uma ",
               "nos": "os ", "nas": "as "}  # fmt: skip


_SETTING_FILLERS = frozenset(
    {"a", "an", "the", "it", "this", "that", "some", "somewhere", "something", "else", "there"}
    | {"here", "again", "show"}
    # "rewrite a series in another setting": no world is named
    | {"another", "other", "different", "new", "setting", "world", "place", "location", "era"}
    | {"backdrop", "time", "period", "one", "universe", "version"}
)


# A full stop ends the setting whatever case follows ("... starship. lighter tone"), except
# after an abbreviation ("St. Petersburg", "Mt. Fuji") or an initial.
# A verdict said after the setting: "Bluey on a space station would go hard", "... would be
# sick", "... could be fun".
_VERDICT = re.compile(
    r"\s+(?:would|could|will|might|'d|gonna|is gonna|would totally|would honestly)\s+(?:be|go|look|"
    r"slap|rock|work|hit|kill|rule|eat)\b.*$|\s+(?:ngl|tbh|fr|lol|lmao|imo)\b.*$"
    # why the member asks: "... frontier town so I can follow it", "... pour que je comprenne"
    r"|\s+(?:so(?:\s+that)?|because|since|as|pour que|para que|damit|weil|porque)\s+(?:i|we|my|"
    r"you|u|je|j'|on|yo|ich|wir|eu|a gente)\b.*$",
    _I,
)
# "turn Mad Men into a story about a 2080s ad agency": the world, not the kind of story.
_STORY_ABOUT = re.compile(
    r"^(?:an?|one)\s+(?:story|version|show|series|tale|drama|comedy|episode|sitcom|take)\s+"
    r"(?:about|set in|set on|set at|in|on|at|aboard|inside|during)\s+(?=\S)",
    _I,
)
_SETTING_LABEL = re.compile(
    r"^(?:new\s+)?(?:setting|world|location|place|cadre|lieu|escenario|ambientación|lugar|"
    r"schauplatz|ort|cenário|ambiente)\s*[:=]\s*",
    _I,
)


def _drop_preposition(text: str) -> str:
    if m := _FOREIGN_PREP.match(text):
        word = m.group(0).strip().lower()
        return _CONTRACTED.get(word, "") + text[m.end() :]
    return text


def clean_setting(raw: str | None) -> str | None:
    if raw is None:
        return None
    text = SENTENCE_END.split(raw, maxsplit=1)[0]
    text = clauses(text)[0] if clauses(text) else text
    text = _SETTING_LABEL.sub("", text.strip())
    text = re.sub(
        r"^(?:as if (?:it|they) (?:happened|took place|was set|were set|played out|was|were)\s+|"
        r"(?:(?:taking|that takes|which takes|happening|unfolding|playing out)\s+(?:place\s+)?)?"
        r"(?:set\s+)?(?:in|on|at|into|to|aboard|inside|as|during|among|amongst|amid|within|in2|"
        r"for|onto)\s+|"
        r"(?-i:dan)\s+|"
        r"(?:->|=>|→|(?-i:x)\s|meets\s)\s*)+",
        "",
        text.strip(),
        flags=_I,
    )
    text = _VOR.sub("", _drop_preposition(_STORY_ABOUT.sub("", text)))
    text = _VERDICT.sub("", text)
    text = re.sub(r"\s+(?:instead|rather|this time|for once|for a change)\W*$", "", text, flags=_I)
    text = strip_trailing_fillers(strip_edges(text))
    # "a radio show in 1940s Chicago" is a setting although it names a kind of show.
    if len(text) < 3 or all(w in _SETTING_FILLERS for w in re.findall(r"[\w']+", text.lower())):
        return None
    return text
