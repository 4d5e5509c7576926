"""Requests phrased the way members paraphrase them, each written for this test from the labelling
rules (benchmarks/data/intent/README.md), not taken from any labelled set: hedged and indirect
requests ("I'd really appreciate ...", "would it be too much to ask for ..."), options said before
the subject or in a second sentence, titles mid-sentence followed by a facet or a count, numbers as
words in five languages, lowercase titles and a leading "the" kept as typed. The cases are in
tests/data/intent_paraphrases.jsonl (group, intent, text, params), one line each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.wiring.intent import starter_titles
from core.intent.extract import extract_params
from core.intent.known_titles import TitleIndex
from core.intent.schema import Intent
from core.intent.scoring import DEFAULTS, same_value

GI, GV, DNA, AN, SIM, TR, JS, JC = (
    Intent.GENERATE_IMAGE,
    Intent.GENERATE_VIDEO,
    Intent.SHOW_DNA,
    Intent.ANALYZE_SHOW,
    Intent.FIND_SIMILAR,
    Intent.TRANSFORM_SHOW,
    Intent.JOB_STATUS,
    Intent.JOB_CANCEL,
)
_TITLES = TitleIndex(starter_titles())


def _check(intent: Intent, text: str, params: dict[str, Any]) -> None:
    """Every labelled value read as the scorer compares it, and nothing else that changes what
    the bot does (a value at its default, such as one picture, changes nothing)."""
    got = extract_params(intent, text, _TITLES)
    wrong = {k: got.get(k) for k, v in params.items() if not same_value(got.get(k), v)}
    extra = {
        k: v
        for k, v in got.items()
        if k not in params and not (k in DEFAULTS and same_value(v, DEFAULTS[k]))
    }
    assert not wrong and not extra, f"{text!r}: wrong {wrong}, extra {extra}, read {got}"


_CASES = Path(__file__).resolve().parents[3] / "data" / "intent_paraphrases.jsonl"


def _group(name: str) -> list[tuple[Intent, str, dict[str, Any]]]:
    rows = [json.loads(line) for line in _CASES.read_text(encoding="utf-8").splitlines() if line]
    return [(Intent(r["intent"]), r["text"], r["params"]) for r in rows if r["group"] == name]


@pytest.mark.parametrize(("intent", "text", "params"), _group("media"))
def test_media_paraphrases(intent: Intent, text: str, params: dict[str, Any]) -> None:
    """The description without the hedge, the request words or the options around it; the options
    wherever they are said."""
    _check(intent, text, params)


@pytest.mark.parametrize(("intent", "text", "params"), _group("shows"))
def test_shows_paraphrases(intent: Intent, text: str, params: dict[str, Any]) -> None:
    """The show named mid-sentence, with the facet and the count said around it; a description
    when no show is named."""
    _check(intent, text, params)


@pytest.mark.parametrize(("intent", "text", "params"), _group("transforms"))
def test_transforms_paraphrases(intent: Intent, text: str, params: dict[str, Any]) -> None:
    """The show and its new world, with scenes, tone and storyboard said in any order."""
    _check(intent, text, params)


@pytest.mark.parametrize(("intent", "text", "params"), _group("jobs"))
def test_jobs_paraphrases(intent: Intent, text: str, params: dict[str, Any]) -> None:
    """The job id as written, in a question or an order."""
    _check(intent, text, params)


def test_every_group_has_cases() -> None:
    assert all(_group(name) for name in ("media", "shows", "transforms", "jobs"))


_PASTE = (
    "The river keeps its secrets while a night ferry crosses the harbor and a detective "
    "who moved back to her small town looks for her brother after the storm season. "
) * 32  # about 5,300 characters, the size of a pasted synopsis


def test_a_known_title_is_found_in_a_pasted_synopsis() -> None:
    """A title at the end of a 5,300-character paste is found, and a typed one at its start is
    found through its typo (how fast is benchmarks/intent.py's business, not a unit test's)."""
    tail = f"analyze this: {_PASTE} It is my version of Breaking Bad."
    head = f"shows liek breking bad? {_PASTE}"
    assert (found := _TITLES.find(tail)) is not None and found.written == "Breaking Bad"
    assert (typed := _TITLES.find(head)) is not None and typed.written == "breking bad"
