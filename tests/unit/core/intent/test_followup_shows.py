"""'What about Severance?' after a request about one show asks the same about another; 'and 9
too' after a cancellation asks the same about another job."""

from __future__ import annotations

import pytest

from bot.wiring.intent import starter_titles
from core.conversation import Turn
from core.intent.followup_jobs import read_job_follow_up
from core.intent.followup_shows import read_other_show
from core.intent.known_titles import TitleIndex
from core.intent.schema import Intent

TITLES = TitleIndex(starter_titles())
SIMILAR = Turn(Intent.FIND_SIMILAR, {"title": "Dark"})
DNA = Turn(Intent.SHOW_DNA, {"title": "Fargo"})
FRIENDS = Turn(Intent.TRANSFORM_SHOW, {"title": "Friends", "setting": "a Mars colony"})
ANALYSED = Turn(Intent.ANALYZE_SHOW, {"title": "Moss Lane", "text": "two sisters run a laundromat"})


@pytest.mark.parametrize(
    ("text", "last", "title"),
    [
        ("what about for Severance", SIMILAR, "Severance"),
        ("and for The Wire?", DNA, "The Wire"),
        ("same for Lost", DNA, "Lost"),
        ("do the office instead", FRIENDS, "the office"),
        ("et pour Lupin ?", SIMILAR, "Lupin"),
        ("y Narcos?", DNA, "Narcos"),
        ("und für Babylon Berlin?", SIMILAR, "Babylon Berlin"),
        ("e Sintonia?", DNA, "Sintonia"),
        ("what about Copper Bells", ANALYSED, "Copper Bells"),
    ],
)
def test_the_same_request_about_another_show(text: str, last: Turn, title: str) -> None:
    reading = read_other_show(text, [last], TITLES)
    assert reading is not None and reading.intent is last.intent, text
    kept = {k: v for k, v in last.params.items() if k != "text"}  # a synopsis is the old show's
    assert reading.params == {**kept, "title": title}
    assert reading.missing == []


@pytest.mark.parametrize(
    "text", ["what about tomorrow?", "and the ending?", "and now?", "what about 9?", "y eso?"]
)
def test_words_that_name_no_show_are_not_another_show(text: str) -> None:
    assert read_other_show(text, [SIMILAR], TITLES) is None


def test_after_the_bots_question_a_name_is_the_answer_not_another_show() -> None:
    asked = Turn(Intent.SHOW_DNA, {}, missing=("title",))
    assert read_other_show("what about Severance", [SIMILAR, asked], TITLES) is None


def test_and_another_job_too_after_a_cancellation_cancels_that_one() -> None:
    cancel = Turn(Intent.JOB_CANCEL, {"job_id": 7})
    for text in ("and 9 too", "et le 9 aussi", "y el 9 también", "und 9 auch", "e o 9 também"):
        reading = read_job_follow_up(text, [cancel])
        assert reading is not None and reading.intent is Intent.JOB_CANCEL, text
        assert reading.params == {"job_id": 9}, text


def test_similar_ones_after_any_request_about_a_show_are_shows_like_it() -> None:
    for text in ("find similar ones", "anything similar?", "quelque chose de similaire ?"):
        reading = read_other_show(text, [ANALYSED], TITLES)
        assert reading is not None and reading.intent is Intent.FIND_SIMILAR, text
        assert reading.params == {"title": "Moss Lane"}


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("et celle de Skins ?", "Skins"),
        ("¿y la de Vis a vis?", "Vis a vis"),
        ("und die von Babylon Berlin?", "Babylon Berlin"),
        ("e a de Sintonia?", "Sintonia"),
        ("and the one for Severance?", "Severance"),
    ],
)
def test_the_one_of_another_show_asks_the_same_about_it(text: str, title: str) -> None:
    reading = read_other_show(text, [DNA], TITLES)
    assert reading is not None, text
    assert (reading.intent, reading.params) == (Intent.SHOW_DNA, {"title": title})


def test_the_one_of_a_word_that_is_no_show_is_not_another_show() -> None:
    assert read_other_show("et celui de demain ?", [DNA], TITLES) is None
