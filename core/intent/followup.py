"""Messages that only make sense after an earlier one in the same thread.

- an answer to the question the bot asked (core/intent/followup_answers.py);
- a change to the thread's last request: "now 6 scenes", "again but landscape", "make it
  darker", "animate it";
- a reference to it: "what's its DNA?", "shows like that", "reimagine it on a space station".

The result merges the new words into the last request's parameters; it is a rules decision.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from core.conversation import Turn, last_request
from core.intent.extract import extract_params
from core.intent.followup_clauses import dismisses_in_parts, read_parts
from core.intent.followup_jobs import (
    FOLLOWUP_CONFIDENCE,
    JOBS,
    carry_job_id,
    followup_reading,
)
from core.intent.followup_options import (
    AGAIN,
    COMPARATIVE,
    LEAD,
    N_PICTURES,
    options_only,
    read_count,
)
from core.intent.followup_words import (
    ABOUT_THE_JOB,
    DISMISS,
    LENGTH_CHANGE,
    MORE_LIKE_IT,
    NEW_SETTING,
    OPTION_ECHO,
    OTHER_SETTING,
    REFERENCE,
    RESULT_PICKED,
    SIMILAR_ALONE,
    TO_IMAGE,
    TO_VIDEO,
    TRAILING_TONE,
)
from core.intent.options import media_options, transform_options
from core.intent.rules import decide, is_media_request
from core.intent.schema import Intent, IntentResult, missing_params
from core.intent.text import NUMBER, normalise, strip_edges, strip_trailing_fillers, to_int

__all__ = [
    "dismisses",
    "fill_references",
    "read_change",
    "starts_like_request",
]

_I = re.IGNORECASE
_MEDIA = (Intent.GENERATE_IMAGE, Intent.GENERATE_VIDEO)

_SCENES = re.compile(
    rf"^{LEAD}(?:(?:make it|change it to|do|use|try|with|only|just|avec|en|con|com|mit|in|"
    rf"seulement|solo|só|nur)\s+)?({NUMBER})\s+(?:scenes?|scènes?|escenas?|szenen?|cenas?)"
    r"(?:\s+(?:instead|now|please|pls|this time|then))?\W*$",
    _I,
)
_SCENES_AND_TONE = re.compile(
    rf"^{LEAD}({NUMBER})\s+(?:scenes?|scènes?|escenas?|szenen?|cenas?)\s*(?:,\s*)?"
    # "and way darker", ", ton plus léger"
    r"(?:(?:and|et|y|und|e)\s+|(?<=,\s)|(?<=,))(?:(?:the\s+)?(?:tone|ton|tono|tom)\s+)?"
    r"(?P<tone>(?:a\s+bit\s+|way\s+|much\s+|even\s+|plus\s+|m[aá]s\s+|"
    r"mais\s+|viel\s+|noch\s+|un\s+peu\s+)?\w+)\W*$",
    _I,
)
# "funnier please, it's too grim": a change is its first clause; the rest says why.
_FIRST_CLAUSE = re.compile(r"(?:\s+(?:please|pls)\b)?[,;.!]\s+\w.*$", _I)
# "same thing but for Seinfeld": another show (core/intent/followup_shows.py), not a change.
_FOR_ANOTHER_SHOW = re.compile(r"^\W*(?:but\s+)?(?:for|with|pour|para|f[üu]r)\s+[A-Z0-9]")
_MAKE_IT = re.compile(
    rf"^{LEAD}(?:can you |could you |now )?(?:make|turn)\s+(?:it|them|that|this|those|the "
    r"(?:image|picture|video|clip|story|script))\s+(?P<mod>.+)$",
    _I,
)
# "but in landscape", "now with a hat": a change only when the words are not a new request
# ("now draw a dog" is one).
_BUT = re.compile(rf"^{LEAD}(?:try it|do it|but|now|this time|just)\s+(?P<mod>.+)$", _I)
_MAX_WORDS = 12
# "new one: a fox", "another one: a crow", "next: a heron", "nouvelle : un renard".
_NEW_ONE = re.compile(
    r"^\W*(?:(?:ok|okay|now|and|so)\W+)*(?:(?:a\s+)?new\s+one|another\s+one|next(?:\s+one)?|"
    r"nouvelle|(?:una\s+)?nueva|otra|(?:ein\s+)?neue[sr]?|(?:uma\s+)?nova|outra)\s*:\s*(?P<what>\w.+)$",
    _I,
)
_STARTS_JOBS = (*_MEDIA, Intent.TRANSFORM_SHOW, Intent.ANALYZE_SHOW)
_CARRIED = ("prompt", "aspect", "quality", "seed")


def read_change(text: str, turns: Sequence[Turn]) -> IntentResult | None:
    """A short message that changes the thread's last request."""
    last = last_request(turns)
    text = normalise(text)
    if last is None or len(text.split()) > _MAX_WORDS:
        return None
    params = dict(last.params)
    if last.intent in _STARTS_JOBS and ABOUT_THE_JOB.match(text):
        # "how long will it take?" after a request: the status of the job it started.
        return followup_reading(Intent.JOB_STATUS, {})
    if last.intent is Intent.FIND_SIMILAR and (picked := _a_result_picked(text)) is not None:
        return picked
    if "title" in params and len(text.split()) <= 6 and REFERENCE.search(text):
        # "¿y su ADN?", "shows like that one": a show question about the thread's show.
        rule = decide(text)
        if rule is not None and rule.intent in (Intent.SHOW_DNA, Intent.FIND_SIMILAR):
            own = extract_params(rule.intent, text)
            own.pop("title", None)
            return followup_reading(rule.intent, {**own, "title": params["title"]})
    if last.intent is Intent.TRANSFORM_SHOW and (m := _SCENES.match(text)):
        scenes = to_int(m.group(1))
        if scenes is not None:
            return followup_reading(last.intent, {**params, "scenes": scenes})
    if last.intent is Intent.TRANSFORM_SHOW and (m := _SCENES_AND_TONE.match(text)):
        scenes = to_int(m.group(1))  # "now 9 scenes and way darker", "jetzt 10 Szenen und lustiger"
        tone = strip_trailing_fillers(strip_edges(m.group("tone")))
        if scenes is not None and tone:
            return followup_reading(last.intent, {**params, "scenes": scenes, "tone": tone})
    if last.intent is Intent.TRANSFORM_SHOW and (setting := _other_setting(text)):
        return followup_reading(last.intent, {**params, "setting": setting})
    if last.intent in _MEDIA and "prompt" in params:
        switch = None
        if last.intent is Intent.GENERATE_IMAGE and TO_VIDEO.search(text):
            switch = Intent.GENERATE_VIDEO
        elif last.intent is Intent.GENERATE_VIDEO and TO_IMAGE.search(text):
            switch = Intent.GENERATE_IMAGE
        if switch is not None:
            # "animate it": the same picture, as the other medium.
            options, _ = media_options(text, video=switch is Intent.GENERATE_VIDEO)
            carried: dict[str, Any] = {k: params[k] for k in _CARRIED if k in params}
            return followup_reading(switch, {**carried, **options})
    if last.intent in _MEDIA and (fresh := _NEW_ONE.match(text)):
        # "new one: a panda asleep in a bakery": the same kind of request, about something else
        verb = "animate" if last.intent is Intent.GENERATE_VIDEO else "draw"
        return followup_reading(
            last.intent, extract_params(last.intent, f"{verb} {fresh.group('what')}")
        )
    if (parts := read_parts(text, last)) is not None:
        return parts  # "nice, now two more but widescreen": each part read on its own
    if (m := AGAIN.match(text)) and not _FOR_ANOTHER_SHOW.match(m.group("rest")):
        return _changed(last, params, m.group("rest"))
    if (changes := options_only(last.intent, text)) is not None:
        return followup_reading(last.intent, {**params, **changes})
    if last.intent in (*_MEDIA, Intent.TRANSFORM_SHOW):
        if m := _MAKE_IT.match(text):
            return _changed(last, params, m.group("mod"))
        if (
            (m := _BUT.match(text))
            and decide(m.group("mod")) is None
            and not _FOR_ANOTHER_SHOW.match(m.group("mod"))
        ):
            return _changed(last, params, m.group("mod"))
        if COMPARATIVE.match(text):
            return _changed(last, params, text)
    return None


_SHOW_QUESTIONS = (
    Intent.SHOW_DNA,
    Intent.FIND_SIMILAR,
    Intent.TRANSFORM_SHOW,
    Intent.ANALYZE_SHOW,
)


def _a_result_picked(text: str) -> IntentResult | None:
    """ "the dna of the first one", "the second one looks good, more like that": a show of the
    listed results, which the thread does not keep (a turn holds requests, not answers). The
    thread's own show would be a wrong guess, so the title is left out and the bot asks which
    show is meant."""
    if not RESULT_PICKED.search(text):
        return None
    rule = decide(text)
    if rule is not None and rule.intent in _SHOW_QUESTIONS:
        intent = rule.intent
    elif MORE_LIKE_IT.search(text):
        intent = Intent.FIND_SIMILAR
    else:
        return None
    own = extract_params(intent, text)
    for guess in ("title", "text"):
        own.pop(guess, None)
    return followup_reading(intent, own)


def _other_setting(text: str) -> str | None:
    """ "what about in feudal Japan?": the world, cleaned as a first request's would be (the
    linking word dropped, "numa ilha" keeping its article)."""
    m = OTHER_SETTING.match(text)
    if m is None:
        return None
    where = m.group("where") or f"on {m.group('bare')}"
    if transform_options(where)[0]:
        return None  # "and in 8 scenes": an option, read as one
    setting = extract_params(Intent.TRANSFORM_SHOW, f"reimagine Friends {where}").get("setting")
    return setting if isinstance(setting, str) and setting else None


def _changed(last: Turn, params: dict[str, Any], words: str) -> IntentResult:
    """Apply "but landscape" / "darker" / "with a hat" to the last request."""
    said = TRAILING_TONE.match(words.lstrip(" ,;"))
    if last.intent is Intent.TRANSFORM_SHOW and said:  # "de novo, mais sombrio": "mais" is "more"
        return followup_reading(last.intent, {**params, "tone": said.group("tone")})
    words = strip_trailing_fillers(
        strip_edges(
            re.sub(r"^\W*(?:(?:but|and|with|mais|pero|aber|mas)\b)?\s*", "", words, flags=_I)
        )
    )
    if not words:
        return followup_reading(last.intent, params)
    if last.intent in _MEDIA:
        video = last.intent is Intent.GENERATE_VIDEO
        options, rest = media_options(words, video=video)
        if not video and "count" not in options and (counted := N_PICTURES.search(rest)):
            # "nochmal, als Entwurf und zwei Stück": the count is an option, not description
            rest = read_count(rest, options)
            words = words.replace(counted.group(0), "")
        leftover = _added_description(last.intent, params.get("prompt"), words)
        if leftover is None:
            leftover = _leftover(rest, options)
        if leftover and video and "seconds" in options and LENGTH_CHANGE.match(leftover):
            leftover = None  # "longer, 8 seconds": the seconds say it
        merged = {**params, **options}
        if leftover and "prompt" in params:
            merged["prompt"] = f"{params['prompt']}, {leftover}"
        return followup_reading(last.intent, merged)
    if last.intent is Intent.TRANSFORM_SHOW:
        toned = TRAILING_TONE.search(words)
        if toned and toned.start() > 0:  # "with a storyboard and darker"
            options, rest = transform_options(words[: toned.start()])
            options.setdefault("tone", toned.group("tone"))
        else:
            options, rest = transform_options(_FIRST_CLAUSE.sub("", words))
        merged = {**params, **options}
        leftover = _leftover(rest, options)
        if leftover and (moved := NEW_SETTING.match(leftover)):
            merged["setting"] = strip_edges(moved.group("setting"))  # "but on a whaling ship"
        elif leftover and "tone" not in options:
            merged["tone"] = leftover[:100]
        return followup_reading(last.intent, merged)
    fresh = extract_params(last.intent, words)
    return followup_reading(last.intent, {**params, **fresh})


def _added_description(intent: Intent, prompt: Any, words: str) -> str | None:
    """What a change adds to the description, read as the whole request would be ("draw <the
    prompt>, <the change>"), so option phrases ("with seed 77", "in watercolor") are taken out
    exactly as in a first request. None when that reading does not keep the prompt."""
    if not isinstance(prompt, str) or not prompt:
        return None
    verb = "animate" if intent is Intent.GENERATE_VIDEO else "draw"
    read = extract_params(intent, f"{verb} {prompt}, {words}").get("prompt")
    if not isinstance(read, str) or not read.casefold().startswith(prompt.casefold()):
        return None
    added = strip_trailing_fillers(strip_edges(read[len(prompt) :].lstrip(" ,;")))
    if not added or OPTION_ECHO.match(added + " "):
        return ""
    return added


def _leftover(rest: str, options: Mapping[str, Any]) -> str | None:
    """What the change says besides options ("darker", "with a hat"), if anything."""
    rest = strip_trailing_fillers(strip_edges(rest))
    if not rest or (options and OPTION_ECHO.match(rest)):
        return None
    return rest


def fill_references(reading: IntentResult, text: str, turns: Sequence[Turn]) -> IntentResult:
    """ "what's its DNA?", "shows like that", "animate it": take the missing title or prompt from
    the thread's last request when the message points at it. A "title" made of the pointing
    words themselves ("now show its", "y su") is replaced the same way. A job question or order
    takes the job id the member named in the thread's last turn (core/intent/followup_jobs.py)."""
    if reading.intent in JOBS:
        return carry_job_id(reading, turns)
    # A DNA question without a show ("what themes did you find?") is about the thread's show.
    alone = reading.intent is Intent.SHOW_DNA or (
        reading.intent is Intent.FIND_SIMILAR and SIMILAR_ALONE.match(text)
    )
    if not alone and not REFERENCE.search(text):
        return reading
    last = last_request(turns)
    if last is None:
        return reading
    params = dict(reading.params)
    title = params.get("title")
    if isinstance(title, str) and "title" in last.params and _points_back(title):
        params["title"] = last.params["title"]
    for name in missing_params(reading.intent, params):
        if name in last.params:
            params[name] = last.params[name]
    if params == reading.params:
        return reading
    return _filled(reading, params)


def _points_back(title: str) -> bool:
    """A "title" that is a pronoun phrase, not a name: lower case and pointing back ("now show
    its", "y su", "et son")."""
    return title[:1].islower() and bool(REFERENCE.search(title)) and len(title.split()) <= 4


def _filled(reading: IntentResult, params: dict[str, Any]) -> IntentResult:
    return reading.model_copy(
        update={
            "params": params,
            "missing": missing_params(reading.intent, params),
            "source": "rules",
            "confidence": max(reading.confidence, FOLLOWUP_CONFIDENCE),
        }
    )


def dismisses(text: str) -> bool:
    """ "forget it", "never mind", "laisse tomber": the member drops the bot's question."""
    text = normalise(text)
    return bool(DISMISS.match(text)) or dismisses_in_parts(text)


_REQUEST_VERB = re.compile(
    r"^\W*(?:(?:please|pls|ok|okay|now|actually|no|nah|wait|hey)\W+)*"
    r"(?:draw|paint|make|create|generate|animate|render|film|find|recommend|suggest|show\s+me|"
    r"reimagine|transform|rewrite|analy[sz]e|add|index|cancel|stop|kill|abort|give\s+me|gimme|"
    r"i\s+want|i'd\s+like|can\s+you|could\s+you|how|what|why|is|are|do|does|help)\b",
    _I,
)


def starts_like_request(text: str) -> bool:
    """Opens the way a request or a question does ("draw ...", "shows like ...", "how do I"),
    unlike a bare phrase that answers the bot's question ("a lighthouse on the moon")."""
    return bool(_REQUEST_VERB.match(text)) or is_media_request(text)
