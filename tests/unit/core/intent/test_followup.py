"""A studio thread's context: follow-ups change or answer the thread's last request."""

from __future__ import annotations

from core.conversation import Turn
from core.intent.analyzer import IntentAnalyzer
from core.intent.schema import Intent

FOX = Turn(Intent.GENERATE_IMAGE, {"prompt": "a red fox in the snow", "count": 2})
FRIENDS = Turn(Intent.TRANSFORM_SHOW, {"title": "Friends", "setting": "a Mars colony", "scenes": 5})


async def test_make_it_darker_changes_the_last_prompt(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("make it darker", context=[FOX])
    assert reading.intent is Intent.GENERATE_IMAGE
    assert reading.params == {"prompt": "a red fox in the snow, darker", "count": 2}
    assert reading.missing == []


async def test_again_but_landscape_keeps_the_prompt_and_changes_the_option(
    analyzer: IntentAnalyzer,
) -> None:
    reading = await analyzer.analyze("again but landscape", context=[FOX])
    assert reading.params == {"prompt": "a red fox in the snow", "count": 2, "aspect": "landscape"}


async def test_now_6_scenes_changes_the_last_transformation(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("now 6 scenes", context=[FOX, FRIENDS])
    assert reading.intent is Intent.TRANSFORM_SHOW
    assert reading.params == {"title": "Friends", "setting": "a Mars colony", "scenes": 6}


async def test_animate_it_turns_the_last_image_into_a_video(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("animate it, 4 seconds", context=[FOX])
    assert reading.intent is Intent.GENERATE_VIDEO
    assert reading.params == {"prompt": "a red fox in the snow", "seconds": 4}


async def test_references_take_the_title_of_the_last_request(analyzer: IntentAnalyzer) -> None:
    dna = await analyzer.analyze("what's its DNA?", context=[FRIENDS])
    assert (dna.intent, dna.params, dna.missing) == (Intent.SHOW_DNA, {"title": "Friends"}, [])
    similar = await analyzer.analyze("shows like that", context=[FRIENDS])
    assert similar.params == {"title": "Friends"}


async def test_an_answer_fills_the_parameter_the_bot_asked_for(analyzer: IntentAnalyzer) -> None:
    asked = Turn(Intent.GENERATE_IMAGE, {"count": 2}, missing=("prompt",))
    reading = await analyzer.analyze("a lighthouse in a storm", context=[asked])
    assert reading.intent is Intent.GENERATE_IMAGE
    assert reading.params == {"count": 2, "prompt": "a lighthouse in a storm"}
    assert reading.missing == []


async def test_a_new_request_is_not_mistaken_for_a_follow_up(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("now draw a dog on a skateboard", context=[FOX])
    assert reading.params == {"prompt": "a dog on a skateboard"}
    cancel = await analyzer.analyze("cancel that", context=[FOX])
    assert cancel.intent is Intent.JOB_CANCEL


async def test_without_context_a_follow_up_lacks_what_it_refers_to(
    analyzer: IntentAnalyzer,
) -> None:
    reading = await analyzer.analyze("animate it")
    assert reading.intent is Intent.GENERATE_VIDEO
    assert reading.missing == ["prompt"]


RECOMMEND = Turn(Intent.FIND_SIMILAR, {}, missing=("title",), text="recommend a show for tonight")


async def test_recommend_a_show_asks_for_a_title_and_is_never_a_transform(
    analyzer: IntentAnalyzer,
) -> None:
    reading = await analyzer.analyze("recommend a show for tonight")
    assert reading.intent is Intent.FIND_SIMILAR
    assert reading.missing == ["title"]


async def test_a_one_word_answer_to_which_show_is_the_title(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("Clear", context=[RECOMMEND])
    assert reading.intent is Intent.FIND_SIMILAR
    assert reading.params == {"title": "Clear"}
    assert reading.missing == []
    lately = await analyzer.analyze("hmm I liked Severance lately", context=[RECOMMEND])
    assert lately.params == {"title": "Severance"}
    lower = await analyzer.analyze("clear", context=[RECOMMEND])
    assert (lower.intent, lower.params) == (Intent.FIND_SIMILAR, {"title": "clear"})


async def test_a_reply_that_is_a_new_request_or_nonsense_starts_over(
    analyzer: IntentAnalyzer,
) -> None:
    command = await analyzer.analyze("cancel job 42", context=[RECOMMEND])
    assert (command.intent, command.params) == (Intent.JOB_CANCEL, {"job_id": 42})
    drawing = await analyzer.analyze("draw a dragon over a harbour", context=[RECOMMEND])
    assert drawing.intent is Intent.GENERATE_IMAGE
    assert drawing.params["prompt"] == "a dragon over a harbour"
    nonsense = await analyzer.analyze("qwpeoiru", context=[RECOMMEND])
    assert nonsense.intent is Intent.CHAT
    shrug = await analyzer.analyze("lol idk", context=[RECOMMEND])
    assert shrug.intent is Intent.CHAT


async def test_changes_in_other_languages_keep_the_last_request(analyzer: IntentAnalyzer) -> None:
    again = await analyzer.analyze("de nuevo pero en vertical", context=[FOX])
    assert again.intent is Intent.GENERATE_IMAGE
    assert again.params == {"prompt": "a red fox in the snow", "count": 2, "aspect": "portrait"}
    storyboard = await analyzer.analyze("et avec un storyboard", context=[FRIENDS])
    assert storyboard.intent is Intent.TRANSFORM_SHOW
    assert storyboard.params == {**FRIENDS.params, "storyboard": True}
    more = await analyzer.analyze("make 3 more", context=[FOX])
    assert more.params == {"prompt": "a red fox in the snow", "count": 3}


async def test_a_bare_phrase_after_where_should_it_be_set_is_the_setting(
    analyzer: IntentAnalyzer,
) -> None:
    asked = Turn(Intent.TRANSFORM_SHOW, {"title": "Friends"}, missing=("setting",))
    reading = await analyzer.analyze("a lighthouse on the moon", context=[asked])
    assert reading.intent is Intent.TRANSFORM_SHOW
    assert reading.params == {"title": "Friends", "setting": "a lighthouse on the moon"}
    assert reading.missing == []
    fresh = await analyzer.analyze("draw a lighthouse on the moon", context=[asked])
    assert fresh.intent is Intent.GENERATE_IMAGE
