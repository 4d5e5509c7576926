"""Words read in the sense the member meant: a show's whole name even when it holds a preposition
or opens with a verb, an add request that names no show yet, a stop verb said in the past (a
question, not an order) and "cancel" as talk. Probe messages written for this test, none taken
from an evaluation set."""

from __future__ import annotations

from typing import Any

import pytest

from bot.wiring.intent import starter_titles
from core.conversation import Turn
from core.intent.analyzer import IntentAnalyzer
from core.intent.exact import decide_exact
from core.intent.extract import extract_params
from core.intent.known_titles import TitleIndex
from core.intent.schema import Intent

_TITLES = TitleIndex(starter_titles())


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # A known name with a preposition inside is no setting: the bot asks where instead.
        ("reimagine Life on Mars", {"title": "Life on Mars"}),
        ("transforme Demon Slayer: Kimetsu no Yaiba", {"title": "Demon Slayer: Kimetsu no Yaiba"}),
        ("reimagina Vis a vis, porfa", {"title": "Vis a vis"}),
        # ... and a world said after the name is still the setting.
        (
            "put Life on Mars in a submarine",
            {"title": "Life on Mars", "setting": "a submarine"},
        ),
        (
            "Attack on Titan but in a Tokyo office",
            {"title": "Attack on Titan", "setting": "a Tokyo office"},
        ),
    ],
)
def test_a_known_name_keeps_its_own_words(text: str, params: dict[str, Any]) -> None:
    assert extract_params(Intent.TRANSFORM_SHOW, text, _TITLES) == params


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # Which show is not said yet: no title, no synopsis made of the request's words.
        ("add a new show to the catalog please", {}),
        ("please add one of my shows to the database", {}),
        ("could you put a series in the library for me?", {}),
        # A name said the same way is kept.
        ("add Harbor Ghosts to the catalog please", {"title": "Harbor Ghosts"}),
        ("analyze the show Night Owls", {"title": "Night Owls"}),
    ],
)
def test_an_add_request_without_a_name_asks_which_show(text: str, params: dict[str, Any]) -> None:
    assert extract_params(Intent.ANALYZE_SHOW, text, _TITLES) == params


@pytest.mark.parametrize(
    ("intent", "text", "title"),
    [
        # A capitalised show noun that opens a name is part of it.
        (Intent.FIND_SIMILAR, "got more like Show Me a Hero?", "Show Me a Hero"),
        (Intent.ANALYZE_SHOW, "please analyze Show Me a Hero", "Show Me a Hero"),
        (Intent.FIND_SIMILAR, "anything similar to Drop Dead Diva", "Drop Dead Diva"),
    ],
)
def test_a_name_that_opens_with_a_verb_or_show_noun_is_kept_whole(
    intent: Intent, text: str, title: str
) -> None:
    assert extract_params(intent, text, _TITLES)["title"] == title


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("¿cancelaste el trabajo 12?", Intent.JOB_STATUS),
        ("cancelled job 31?", Intent.JOB_STATUS),
        ("você cancelou o job 8?", Intent.JOB_STATUS),
        ("¿cancelaron el trabajo 77?", Intent.JOB_STATUS),
        # Orders stay orders, questions included.
        ("cancela el trabajo 12", Intent.JOB_CANCEL),
        ("¿me cancelas el trabajo 12?", Intent.JOB_CANCEL),
        ("can you cancel job 31?", Intent.JOB_CANCEL),
        ("cancle job 31", Intent.JOB_CANCEL),
    ],
)
def test_a_stop_verb_in_the_past_asks_about_the_job(text: str, intent: Intent) -> None:
    decision = decide_exact(text)
    assert decision is not None
    assert decision.intent is intent


async def test_cancel_culture_is_talk_and_nothing_is_stopped(analyzer: IntentAnalyzer) -> None:
    for text in (
        "honestly cancel culture wore me out this year",
        "cancel culture ruined that comedian's tour",
    ):
        assert (await analyzer.analyze(text)).intent is Intent.CHAT, text
    assert (await analyzer.analyze("cancel my picture please")).intent is Intent.JOB_CANCEL


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("and Drop Dead Diva?", "Drop Dead Diva"),
        ('what about "Would I Lie to You"?', "Would I Lie to You"),
        ("what about Show Me a Hero", "Show Me a Hero"),
    ],
)
async def test_another_show_after_a_similar_request_is_read_whole(
    analyzer: IntentAnalyzer, text: str, title: str
) -> None:
    thread = [Turn(intent=Intent.FIND_SIMILAR, params={"title": "Fargo"}, text="shows like Fargo")]
    reading = await analyzer.analyze(text, context=thread)
    assert reading.intent is Intent.FIND_SIMILAR
    assert reading.params["title"] == title


@pytest.mark.parametrize("text", ["and Thank You", "And Tell Me More", "And Do The Same"])
async def test_a_request_typed_in_title_case_is_no_show(
    analyzer: IntentAnalyzer, text: str
) -> None:
    thread = [Turn(intent=Intent.FIND_SIMILAR, params={"title": "Fargo"}, text="shows like Fargo")]
    reading = await analyzer.analyze(text, context=thread)
    assert reading.params.get("title") in (None, "Fargo")
