"""Follow-ups said in several parts, in any order: a reaction, "again", options, a count, what to
leave out, a tone. The member gets the last request again with exactly those changes; a new
request or a question in the thread is never mistaken for one."""

from __future__ import annotations

import pytest

from core.conversation import Turn
from core.intent.analyzer import IntentAnalyzer
from core.intent.schema import Intent

OWL = Turn(Intent.GENERATE_IMAGE, {"prompt": "an owl reading a map"})
DARK = Turn(Intent.TRANSFORM_SHOW, {"title": "Dark", "setting": "a cruise ship"})
LIKE_DARK = Turn(Intent.FIND_SIMILAR, {"title": "Dark"})
ASKED_PLACE = Turn(Intent.TRANSFORM_SHOW, {"title": "Dark"}, missing=("setting",))


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("love it, now three more but in portrait", {"count": 3, "aspect": "portrait"}),
        (
            "hmm too dark, try again as a square and in draft",
            {"aspect": "square", "quality": "draft"},
        ),
        ("redo it, no birds", {"negative_prompt": "birds"}),
        ("again but without the lamp", {"negative_prompt": "the lamp"}),
        ("trop beau, tu peux la refaire en carré ?", {"aspect": "square"}),
        ("super, bitte im Querformat und gleich zwei Stück", {"aspect": "landscape", "count": 2}),
        (
            "me encanta, otra vez en vertical y sin texto",
            {"aspect": "portrait", "negative_prompt": "texto"},
        ),
    ],
)
async def test_a_change_in_parts_keeps_the_picture_and_changes_what_it_says(
    analyzer: IntentAnalyzer, text: str, changes: dict[str, object]
) -> None:
    reading = await analyzer.analyze(text, context=[OWL])
    assert reading.intent is Intent.GENERATE_IMAGE, (text, reading)
    assert reading.params == {"prompt": "an owl reading a map", **changes}


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("a bit funnier, and 4 scenes", {"tone": "a bit funnier", "scenes": 4}),
        ("más oscuro, y 7 escenas", {"tone": "más oscuro", "scenes": 7}),
        ("make it sadder and add a storyboard", {"tone": "sadder", "storyboard": True}),
        ("same but no storyboard and only three scenes", {"storyboard": False, "scenes": 3}),
    ],
)
async def test_a_change_in_parts_keeps_the_show_and_its_world(
    analyzer: IntentAnalyzer, text: str, changes: dict[str, object]
) -> None:
    reading = await analyzer.analyze(text, context=[DARK])
    assert reading.intent is Intent.TRANSFORM_SHOW, (text, reading)
    assert reading.params == {"title": "Dark", "setting": "a cruise ship", **changes}


async def test_fewer_results_by_one_facet_in_parts(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("seulement quatre, et par les thèmes", context=[LIKE_DARK])
    assert reading.intent is Intent.FIND_SIMILAR
    assert reading.params == {"title": "Dark", "k": 4, "facet": "theme"}


@pytest.mark.parametrize(
    "text", ["cool, now draw a fox on a bike", "nice! can you paint a fox on a bike"]
)
async def test_a_new_request_after_a_reaction_is_not_a_change(
    analyzer: IntentAnalyzer, text: str
) -> None:
    reading = await analyzer.analyze(text, context=[OWL])
    assert reading.intent is Intent.GENERATE_IMAGE
    assert "owl" not in str(reading.params.get("prompt"))


@pytest.mark.parametrize(
    "text",
    [
        "meh, drop it, maybe later",
        "naja, lass mal, ein andermal",
        "bof, laisse tomber",
        "nah forget it, not tonight",
        "déjalo, hoy no",
    ],
)
async def test_dropping_the_question_in_parts_runs_nothing(
    analyzer: IntentAnalyzer, text: str
) -> None:
    reading = await analyzer.analyze(text, context=[ASKED_PLACE])
    assert reading.intent is Intent.CHAT, (text, reading)


@pytest.mark.parametrize(
    "text", ["scrap the owl. new one: a heron on a post", "ok, next: a heron on a post"]
)
async def test_a_new_subject_after_the_last_picture_is_a_new_picture(
    analyzer: IntentAnalyzer, text: str
) -> None:
    reading = await analyzer.analyze(text, context=[OWL])
    assert reading.intent is Intent.GENERATE_IMAGE, (text, reading)
    assert reading.params == {"prompt": "a heron on a post"}
