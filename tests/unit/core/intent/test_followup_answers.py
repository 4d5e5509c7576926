"""Answers to the bot's question and changes to the thread's last request, in the shapes and
languages members use: both slots in one answer, a setting said with its own language's
preposition, scenes and a tone together, a longer clip, "make it move" in Portuguese, and small
talk or a shrug instead of an answer."""

from __future__ import annotations

import pytest

from core.conversation import Turn
from core.intent.analyzer import IntentAnalyzer
from core.intent.exact import decide_exact
from core.intent.schema import Intent

ASKED_SHOW_AND_PLACE = Turn(Intent.TRANSFORM_SHOW, {}, missing=("title", "setting"))
ASKED_PLACE = Turn(Intent.TRANSFORM_SHOW, {"title": "Narcos"}, missing=("setting",))
WHALING = Turn(Intent.TRANSFORM_SHOW, {"title": "Succession", "setting": "a whaling ship"})
CAROUSEL = Turn(Intent.GENERATE_VIDEO, {"prompt": "ein Karussell"})
LIGHTHOUSE = Turn(Intent.GENERATE_IMAGE, {"prompt": "um farol na costa"})
ASKED_PROMPT = Turn(Intent.GENERATE_IMAGE, {}, missing=("prompt",))


async def test_one_answer_can_name_the_show_and_where_it_goes(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze(
        "Abbott Elementary on a cruise ship", context=[ASKED_SHOW_AND_PLACE]
    )
    assert reading.intent is Intent.TRANSFORM_SHOW
    assert reading.params == {"title": "Abbott Elementary", "setting": "a cruise ship"}
    assert reading.missing == []


@pytest.mark.parametrize(
    ("answer", "setting"),
    [
        ("en una colonia en Marte", "una colonia en Marte"),
        ("dans un sous-marin", "un sous-marin"),
        ("auf einem Geisterschiff", "einem Geisterschiff"),
        ("numa ilha deserta", "uma ilha deserta"),
        ("on a pirate ship", "a pirate ship"),
    ],
)
async def test_a_setting_answer_loses_its_linking_word_in_every_language(
    analyzer: IntentAnalyzer, answer: str, setting: str
) -> None:
    reading = await analyzer.analyze(answer, context=[ASKED_PLACE])
    assert reading.intent is Intent.TRANSFORM_SHOW
    assert reading.params == {"title": "Narcos", "setting": setting}


@pytest.mark.parametrize(
    ("text", "scenes", "tone"),
    [
        ("now 9 scenes and way darker", 9, "way darker"),
        ("maintenant 3 scènes et plus drôle", 3, "plus drôle"),
        ("jetzt 10 Szenen und lustiger", 10, "lustiger"),
    ],
)
async def test_scenes_and_a_tone_change_the_transformation_together(
    analyzer: IntentAnalyzer, text: str, scenes: int, tone: str
) -> None:
    reading = await analyzer.analyze(text, context=[WHALING])
    assert reading.intent is Intent.TRANSFORM_SHOW
    assert reading.params == {**WHALING.params, "scenes": scenes, "tone": tone}


async def test_a_longer_clip_said_with_its_seconds_keeps_the_clip(
    analyzer: IntentAnalyzer,
) -> None:
    reading = await analyzer.analyze("bitte länger, 9 Sekunden", context=[CAROUSEL])
    assert reading.intent is Intent.GENERATE_VIDEO
    assert reading.params == {"prompt": "ein Karussell", "seconds": 9}


async def test_make_it_move_in_portuguese_animates_the_picture(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("agora faz ele se mexer, 3 segundos", context=[LIGHTHOUSE])
    assert reading.intent is Intent.GENERATE_VIDEO
    assert reading.params == {"prompt": "um farol na costa", "seconds": 3}


@pytest.mark.parametrize(
    "text", ["lol idk my dog is barking brb", "ach, egal", "bof, laisse tomber"]
)
async def test_small_talk_or_a_shrug_is_not_the_answer(analyzer: IntentAnalyzer, text: str) -> None:
    reading = await analyzer.analyze(text, context=[ASKED_PROMPT])
    assert reading.intent is Intent.CHAT, reading


@pytest.mark.parametrize(
    "text",
    [
        "¿Puedes parar el job 31?",
        "pode parar o job 31?",
        "kannst du job 31 anhalten?",
        "poderia cancelar o job 31?",
        "pourriez-vous annuler le job 31 ?",
    ],
)
def test_a_polite_order_to_stop_a_job_is_a_cancellation_in_other_languages(text: str) -> None:
    decided = decide_exact(text)
    assert decided is not None and decided.intent is Intent.JOB_CANCEL
