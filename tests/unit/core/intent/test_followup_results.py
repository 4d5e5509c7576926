"""A follow-up that picks one of the listed results ("the dna of the second one") names a show
the thread does not keep: the bot asks which one instead of running the thread's own show."""

from __future__ import annotations

import pytest

from core.conversation import Turn
from core.intent.analyzer import IntentAnalyzer
from core.intent.schema import Intent

LIKE_MINDHUNTER = Turn(Intent.FIND_SIMILAR, {"title": "Mindhunter"})
FOX = Turn(Intent.GENERATE_IMAGE, {"prompt": "a fox in a library"})


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("cool, what's the dna of the third one?", Intent.SHOW_DNA),
        ("number 2 looks fun, more like that", Intent.FIND_SIMILAR),
        ("la primera tiene buena pinta, ¿más como esa?", Intent.FIND_SIMILAR),
        ("reimagine the last one in a monastery", Intent.TRANSFORM_SHOW),
    ],
)
async def test_a_listed_result_is_asked_for_not_guessed(
    analyzer: IntentAnalyzer, text: str, intent: Intent
) -> None:
    reading = await analyzer.analyze(text, context=[LIKE_MINDHUNTER])
    assert reading.intent is intent, (text, reading)
    assert "title" not in reading.params
    assert reading.missing[:1] == ["title"]


async def test_the_thread_show_is_still_meant_without_a_pick(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("and its dna?", context=[LIKE_MINDHUNTER])
    assert (reading.intent, reading.params) == (Intent.SHOW_DNA, {"title": "Mindhunter"})


async def test_one_of_the_pictures_is_the_same_picture(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("animate the second one, 4 seconds", context=[FOX])
    assert reading.intent is Intent.GENERATE_VIDEO
    assert reading.params == {"prompt": "a fox in a library", "seconds": 4}
