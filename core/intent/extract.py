"""Parameters of a message, once its intent is known (whichever stage decided it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from core.intent.analyze_target import analyze_target
from core.intent.help_topics import help_topic
from core.intent.known_titles import TitleIndex, TitleMatch
from core.intent.options import job_reference, media_options, similar_options, transform_options
from core.intent.prompts import clean_prompt
from core.intent.schema import Intent
from core.intent.similar_target import similar_target
from core.intent.spelling import fix_option_words, fix_request_words
from core.intent.text import is_generic_title, normalise
from core.intent.titles import dna_title
from core.intent.transform_target import transform_target

__all__ = ["extract_params", "help_topic"]

_I = re.IGNORECASE


def _image(text: str) -> dict[str, Any]:
    values, rest = media_options(text, video=False)
    prompt = clean_prompt(rest)
    return {**({"prompt": prompt} if prompt else {}), **values}


def _video(text: str) -> dict[str, Any]:
    values, rest = media_options(text, video=True)
    values.pop("style", None)  # a video takes no style option: the words stay in the prompt
    prompt = clean_prompt(rest)
    return {**({"prompt": prompt} if prompt else {}), **values}


def _analyze(text: str) -> dict[str, Any]:
    title, synopsis = analyze_target(text)
    params: dict[str, Any] = {}
    if title:
        params["title"] = title
    if synopsis:
        params["text"] = synopsis
    return params


def _dna(text: str) -> dict[str, Any]:
    title = dna_title(text)
    return {"title": title} if title else {}


def _similar(text: str) -> dict[str, Any]:
    values, rest = similar_options(text)
    title, description = similar_target(rest)
    params: dict[str, Any] = {}
    if title:
        params["title"] = title
    elif description:
        params["text"] = description
        facet = values.get("facet")
        if facet and facet != "all" and _FACET_WORD_IN.get(facet, _NO_WORD).search(description):
            values.pop("facet")  # "something with morally grey characters" describes a show
    return {**params, **values}


_NO_WORD = re.compile(r"(?!)")
_FACET_WORD_IN = {
    "character": re.compile(r"\bcharacters?\b", _I),
    "plot": re.compile(r"\bplots?\b", _I),
    "theme": re.compile(r"\bthemes?\b", _I),
}


def _transform(text: str) -> dict[str, Any]:
    values, rest = transform_options(text)
    title, setting = transform_target(rest)
    params: dict[str, Any] = {}
    if title:
        params["title"] = title
    if setting:
        tone = values.get("tone")
        if isinstance(tone, str) and tone.casefold() in setting.casefold():
            if said_after := _tone_after_setting(tone).search(setting):
                setting = setting[: said_after.start()]  # "... a tavern and make it darker"
            else:
                values.pop("tone")  # "Succession but make it cowboys": the new world, not a tone
        params["setting"] = setting
    return {**params, **values}


def _tone_after_setting(tone: str) -> re.Pattern[str]:
    """A tone joined on after the world: "a tavern and make it darker", "a tavern, darker"."""
    return re.compile(
        rf"(?<=\w)\s*(?:,\s*|\s+(?:and|but|y|et|und|e|mais|pero|aber|mas)\s+)"
        rf"(?:(?:make|keep)\s+it\s+)?{re.escape(tone)}\W*$",
        _I,
    )


def _job(text: str) -> dict[str, Any]:
    found = job_reference(text)
    return {"job_id": found} if found is not None else {}


def _help(text: str) -> dict[str, Any]:
    topic = help_topic(text)
    return {"topic": topic} if topic else {}


_EXTRACTORS: dict[Intent, Callable[[str], dict[str, Any]]] = {
    Intent.GENERATE_IMAGE: _image,
    Intent.GENERATE_VIDEO: _video,
    Intent.ANALYZE_SHOW: _analyze,
    Intent.SHOW_DNA: _dna,
    Intent.FIND_SIMILAR: _similar,
    Intent.TRANSFORM_SHOW: _transform,
    Intent.JOB_STATUS: _job,
    Intent.JOB_CANCEL: _job,
    Intent.HELP: _help,
    Intent.CHAT: lambda _text: {},
}


_SPELLED = (
    Intent.GENERATE_IMAGE,
    Intent.GENERATE_VIDEO,
    Intent.ANALYZE_SHOW,
    Intent.TRANSFORM_SHOW,
)
_SHOW_INTENTS = (
    Intent.ANALYZE_SHOW,
    Intent.SHOW_DNA,
    Intent.FIND_SIMILAR,
    Intent.TRANSFORM_SHOW,
)


def extract_params(intent: Intent, text: str, titles: TitleIndex | None = None) -> dict[str, Any]:
    """Normalised parameters of `text` read as `intent` (values not yet range-checked)."""
    text = normalise(text)
    if intent in _SPELLED:
        text = fix_request_words(text)
    if intent in _SPELLED or intent is Intent.FIND_SIMILAR:
        text = fix_option_words(text)
    params = _EXTRACTORS[intent](text)
    if titles is not None and intent in _SHOW_INTENTS:
        params = _with_known_title(intent, params, text, titles)
    return params


_POINTS_BACK = re.compile(r"^(?:that|this|those|these|such|the same|its|their)\b", _I)
_LONGER_NAME = re.compile(
    r"\s*(?:\(|(?:(?:of|de|del|des|du|von|da|do)\s+(?:(?:the|la|las|los|le|les)\s+)?)?[A-Z0-9])"
)
_NEXT_WORD = re.compile(r"\s+([a-z][\w'-]*)")
_FILLER_AFTER_TITLE = frozenset(
    """lately recently again too now rn pls please plz lol tho though and or but so yet""".split()  # noqa: SIM905
)


def _inside_title(setting: str, text: str, known: TitleMatch) -> bool:
    """Whether no word of the setting is said outside the known title."""
    outside = f"{text[: known.start]} {text[known.end :]}".casefold()
    said = set(re.findall(r"\w+", outside))
    return not any(word in said for word in re.findall(r"\w+", setting.casefold()))


def _with_known_title(
    intent: Intent, params: dict[str, Any], text: str, titles: TitleIndex
) -> dict[str, Any]:
    """A known title in the message beats a guessed span around it: "those in Succession" and
    "redo Breaking Bad" name "Succession" and "Breaking Bad"."""
    known = titles.find(text)
    if known is None:
        return params
    description = params.get("text")
    if (
        "title" not in params
        and isinstance(description, str)
        and known.written.islower()
        and (after := _NEXT_WORD.match(text, known.end))
        and after.group(1).lower() not in _FILLER_AFTER_TITLE
    ):
        return params  # "shows about the office politics of a hospital" describes a show
    guessed = params.get("title")
    if isinstance(guessed, str):
        a, b = guessed.casefold(), known.written.casefold()
        # Two different shows named ("Breaking Bad but like The Wire"): keep the guessed one
        # when it is a short name of its own.
        if a not in b and b not in a and len(guessed.split()) <= 5:
            return params
        # "House M.D.", "The Office (UK)": the known title starts a longer name.
        if a.startswith(b) and _LONGER_NAME.match(guessed[len(b) :]):
            return params
    setting = params.get("setting")
    if isinstance(setting, str) and known.written.casefold() in setting.casefold():
        return params  # the known words are part of the new world
    updated = {**params, "title": known.written}
    if isinstance(setting, str) and _inside_title(setting, text, known):
        # "reimagine Life on Mars", "transforma Vis a vis": the "setting" was the title's tail
        updated.pop("setting")
    description = updated.get("text")
    if (
        intent in (Intent.FIND_SIMILAR, Intent.ANALYZE_SHOW)
        and isinstance(description, str)
        and (
            is_generic_title(description)  # "name a few series whose themes echo X"
            or known.written.casefold() in description.casefold()
            or (intent is Intent.FIND_SIMILAR and _POINTS_BACK.match(description))
        )
    ):
        updated.pop("text")  # "Bluey ... Three more with that feeling?": the feeling is Bluey's
    return updated
