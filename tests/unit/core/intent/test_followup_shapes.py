"""Follow-ups in the shapes members use in every language: switching a picture to a clip and
back, option changes whose words never reach the prompt, counts of results, pronouns pointing
at the last show, a job id the member named carried to "cancel it", and dropping the bot's
question."""

from __future__ import annotations

import pytest

from core.conversation import Turn
from core.intent.analyzer import IntentAnalyzer
from core.intent.schema import Intent

OWL = Turn(Intent.GENERATE_IMAGE, {"prompt": "an owl on a branch"})
KITE = Turn(Intent.GENERATE_VIDEO, {"prompt": "a kite over a beach", "seconds": 4})
HEIST = Turn(Intent.TRANSFORM_SHOW, {"title": "Lupin", "setting": "a space station"})
SIMILAR = Turn(Intent.FIND_SIMILAR, {"title": "Dark"})


@pytest.mark.parametrize(
    "text",
    ["make it move", "bring it to life", "anime-le", "anímalo", "animier das", "anima isso"],
)
async def test_a_picture_becomes_a_clip_in_any_language(
    analyzer: IntentAnalyzer, text: str
) -> None:
    reading = await analyzer.analyze(f"{text}, 3 s", context=[OWL])
    assert (reading.intent, reading.params) == (
        Intent.GENERATE_VIDEO,
        {"prompt": "an owl on a branch", "seconds": 3},
    )


@pytest.mark.parametrize(
    "text", ["just a still image of that", "une image fixe", "nur ein Standbild davon"]
)
async def test_a_clip_becomes_a_picture(analyzer: IntentAnalyzer, text: str) -> None:
    reading = await analyzer.analyze(text, context=[KITE])
    assert (reading.intent, reading.params["prompt"]) == (
        Intent.GENERATE_IMAGE,
        "a kite over a beach",
    )


async def test_option_words_of_a_change_stay_out_of_the_prompt(analyzer: IntentAnalyzer) -> None:
    seed = await analyzer.analyze("try again with seed 77", context=[OWL])
    assert seed.params == {"prompt": "an owl on a branch", "seed": 77}
    style = await analyzer.analyze("again, but in watercolor", context=[OWL])
    assert style.params == {"prompt": "an owl on a branch", "style": "watercolor"}
    shorter = await analyzer.analyze("shorter, 2 seconds", context=[KITE])
    assert shorter.params == {"prompt": "a kite over a beach", "seconds": 2}
    hat = await analyzer.analyze("again with a tiny hat", context=[OWL])
    assert hat.params == {"prompt": "an owl on a branch, a tiny hat"}


@pytest.mark.parametrize("text", ["jetzt 7 Szenen", "maintenant 7 scènes", "agora com 7 cenas"])
async def test_scene_counts_change_the_transformation(analyzer: IntentAnalyzer, text: str) -> None:
    reading = await analyzer.analyze(text, context=[HEIST])
    assert reading.params == {"title": "Lupin", "setting": "a space station", "scenes": 7}


@pytest.mark.parametrize("text", ["give me 7", "just the top 7", "solo 7", "só 7"])
async def test_a_bare_number_after_recommendations_is_how_many(
    analyzer: IntentAnalyzer, text: str
) -> None:
    reading = await analyzer.analyze(text, context=[SIMILAR])
    assert (reading.intent, reading.params) == (Intent.FIND_SIMILAR, {"title": "Dark", "k": 7})


async def test_count_and_facet_together(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("only 3, and by theme", context=[SIMILAR])
    assert reading.params == {"title": "Dark", "k": 3, "facet": "theme"}


@pytest.mark.parametrize(
    "text", ["now show its dna", "et son ADN ?", "¿y su ADN?", "und ihre DNA?"]
)
async def test_pronouns_point_at_the_last_show(analyzer: IntentAnalyzer, text: str) -> None:
    reading = await analyzer.analyze(text, context=[SIMILAR])
    assert (reading.intent, reading.params) == (Intent.SHOW_DNA, {"title": "Dark"})


async def test_a_job_id_the_member_named_is_carried_to_the_next_order(
    analyzer: IntentAnalyzer,
) -> None:
    named = Turn(Intent.JOB_STATUS, {"job_id": 31})
    cancel = await analyzer.analyze("ok kill it", context=[named])
    assert (cancel.intent, cancel.params) == (Intent.JOB_CANCEL, {"job_id": 31})
    # Once another request came in between, "it" is that request's job: no id is carried.
    later = await analyzer.analyze("ok kill it", context=[named, OWL])
    assert (later.intent, later.params) == (Intent.JOB_CANCEL, {})


async def test_asking_how_long_after_a_request_is_about_its_job(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("how long will it take?", context=[OWL])
    assert (reading.intent, reading.params) == (Intent.JOB_STATUS, {})
    # Without a request in the thread it is a question about the bot.
    alone = await analyzer.analyze("how long will it take to make a video?")
    assert alone.intent is Intent.HELP


@pytest.mark.parametrize("text", ["forget it", "never mind", "laisse tomber", "olvídalo"])
async def test_dropping_the_bots_question_is_chat(analyzer: IntentAnalyzer, text: str) -> None:
    asked = Turn(Intent.GENERATE_IMAGE, {}, missing=("prompt",))
    reading = await analyzer.analyze(text, context=[asked])
    assert reading.intent is Intent.CHAT


async def test_a_job_question_is_asked_again_or_about_another_job(
    analyzer: IntentAnalyzer,
) -> None:
    asked = Turn(Intent.JOB_STATUS, {"job_id": 12})
    again = await analyzer.analyze("and now?", context=[asked])
    assert (again.intent, again.params) == (Intent.JOB_STATUS, {"job_id": 12})
    other = await analyzer.analyze("what about 13?", context=[asked])
    assert (other.intent, other.params) == (Intent.JOB_STATUS, {"job_id": 13})


async def test_a_named_show_answers_the_question_and_chat_does_not(
    analyzer: IntentAnalyzer,
) -> None:
    which = Turn(Intent.ANALYZE_SHOW, {}, missing=("title",))
    named = await analyzer.analyze("it's called Ashfall County", context=[which])
    assert (named.intent, named.params) == (Intent.ANALYZE_SHOW, {"title": "Ashfall County"})
    what = Turn(Intent.GENERATE_IMAGE, {}, missing=("prompt",))
    away = await analyzer.analyze("brb pizza guy is at the door", context=[what])
    assert away.intent is Intent.CHAT


async def test_a_new_place_moves_the_transformation(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("same show but on a whaling ship instead", context=[HEIST])
    assert reading.params == {"title": "Lupin", "setting": "a whaling ship"}


async def test_a_described_answer_to_which_show_is_a_description(
    analyzer: IntentAnalyzer,
) -> None:
    which = Turn(Intent.FIND_SIMILAR, {}, missing=("title",))
    reading = await analyzer.analyze("something about divers trapped in a wreck", context=[which])
    assert (reading.intent, reading.params) == (
        Intent.FIND_SIMILAR,
        {"text": "divers trapped in a wreck"},
    )


async def test_a_dna_question_without_a_show_is_about_the_threads_show(
    analyzer: IntentAnalyzer,
) -> None:
    added = Turn(Intent.ANALYZE_SHOW, {"title": "Moth Hollow"})
    reading = await analyzer.analyze("cool, which themes did you find?", context=[added])
    assert (reading.intent, reading.params) == (Intent.SHOW_DNA, {"title": "Moth Hollow"})
    named = await analyzer.analyze("what's the dna of Fargo", context=[added])
    assert named.params == {"title": "Fargo"}
