"""Follow-ups that change the thread's last request in shapes members use: another world for
the same show in five languages, a clip's length said inside "turn it into a 4s clip", "can I get
3 of those", a style named as one, and "same thing but for <another show>"."""

from __future__ import annotations

import pytest

from core.conversation import Turn
from core.intent.analyzer import IntentAnalyzer
from core.intent.schema import Intent

WOLF = Turn(Intent.GENERATE_IMAGE, {"prompt": "a wolf howling at a red moon"})
FRIENDS = Turn(Intent.TRANSFORM_SHOW, {"title": "Friends", "setting": "a Mars colony"})


async def _read_after(
    analyzer: IntentAnalyzer, last: Turn, text: str, intent: Intent
) -> dict[str, object]:
    """The parameters `text` is read with in a thread whose last request was `last`; it must be
    read as `intent`."""
    reading = await analyzer.analyze(text, context=[last])
    assert reading.intent is intent, (text, reading)
    return dict(reading.params)


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ("what about in feudal Japan?", "feudal Japan"),
        ("how about a pirate ship", "a pirate ship"),
        ("et sur un bateau pirate ?", "un bateau pirate"),
        ("¿y en un barco pirata?", "un barco pirata"),
        ("und auf einem Piratenschiff?", "einem Piratenschiff"),
        ("e num navio pirata?", "um navio pirata"),
    ],
)
async def test_another_world_moves_the_same_show(
    analyzer: IntentAnalyzer, text: str, setting: str
) -> None:
    reading = await analyzer.analyze(text, context=[FRIENDS])
    assert reading.intent is Intent.TRANSFORM_SHOW
    assert reading.params == {"title": "Friends", "setting": setting}
    assert reading.missing == []


async def test_a_bare_name_after_a_transformation_is_another_show(
    analyzer: IntentAnalyzer,
) -> None:
    reading = await analyzer.analyze("what about Severance?", context=[FRIENDS])
    assert reading.params == {"title": "Severance", "setting": "a Mars colony"}
    same = await analyzer.analyze("same thing but for Seinfeld", context=[FRIENDS])
    assert same.intent is Intent.TRANSFORM_SHOW
    assert same.params == {"title": "Seinfeld", "setting": "a Mars colony"}


async def test_options_and_no_storyboard_change_only_the_options(
    analyzer: IntentAnalyzer,
) -> None:
    reading = await analyzer.analyze("6 scenes, no storyboard", context=[FRIENDS])
    assert reading.params == {
        "title": "Friends",
        "setting": "a Mars colony",
        "scenes": 6,
        "storyboard": False,
    }


@pytest.mark.parametrize("text", ["can you turn that into a 4s clip", "now as a 4 second clip"])
async def test_a_clip_of_the_last_picture_keeps_its_length(
    analyzer: IntentAnalyzer, text: str
) -> None:
    read = await _read_after(analyzer, WOLF, text, Intent.GENERATE_VIDEO)
    assert read == {"prompt": "a wolf howling at a red moon", "seconds": 4}


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("can i get 3 of those", {"count": 3}),
        ("trois versions stp", {"count": 3}),
        ("in anime style this time", {"style": "anime"}),
    ],
)
async def test_options_of_the_last_picture(
    analyzer: IntentAnalyzer, text: str, change: dict[str, object]
) -> None:
    read = await _read_after(analyzer, WOLF, text, Intent.GENERATE_IMAGE)
    assert read == {"prompt": "a wolf howling at a red moon", **change}


async def test_a_complete_other_request_after_the_bots_question_starts_over(
    analyzer: IntentAnalyzer,
) -> None:
    asked = Turn(Intent.TRANSFORM_SHOW, {"title": "Hacks"}, missing=("setting",))
    reading = await analyzer.analyze("shows like Fargo", context=[asked])
    assert (reading.intent, reading.params) == (Intent.FIND_SIMILAR, {"title": "Fargo"})
    answer = await analyzer.analyze("in a 1970s Vegas casino", context=[asked])
    assert answer.params == {"title": "Hacks", "setting": "a 1970s Vegas casino"}


SHERLOCK = Turn(Intent.TRANSFORM_SHOW, {"title": "Sherlock", "setting": "a lighthouse"})


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("now seven scenes, tone much lighter", {"scenes": 7, "tone": "much lighter"}),
        ("maintenant six scènes, ton plus sombre", {"scenes": 6, "tone": "plus sombre"}),
        ("again with a storyboard and creepier", {"storyboard": True, "tone": "creepier"}),
        ("scarier please, it's too cosy", {"tone": "scarier"}),
    ],
)
async def test_a_tone_beside_other_changes_is_the_tone_alone(
    analyzer: IntentAnalyzer, text: str, change: dict[str, object]
) -> None:
    read = await _read_after(analyzer, SHERLOCK, text, Intent.TRANSFORM_SHOW)
    assert read == {"title": "Sherlock", "setting": "a lighthouse", **change}


async def test_another_show_with_options_and_by_liking(analyzer: IntentAnalyzer) -> None:
    similar = Turn(Intent.FIND_SIMILAR, {"title": "Dark"})
    liked = await analyzer.analyze("and if I loved Fleabag?", context=[similar])
    assert (liked.intent, liked.params) == (Intent.FIND_SIMILAR, {"title": "Fleabag"})
    more = await analyzer.analyze("could you do the same for Lost but 4 of them", context=[similar])
    assert more.params == {"title": "Lost", "k": 4}
    tried = await analyzer.analyze("try it with Succession", context=[SHERLOCK])
    assert tried.params == {"title": "Succession", "setting": "a lighthouse"}


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("peux-tu la refaire en carré ?", {"aspect": "square"}),
        ("nice. could we have it vertical?", {"aspect": "portrait"}),
        ("otra vez, cuatro, en vertical", {"count": 4, "aspect": "portrait"}),
        ("noch einmal, als Entwurf und drei Stück", {"quality": "draft", "count": 3}),
        ("one more time in final quality", {"quality": "final"}),
    ],
)
async def test_changes_to_a_picture_asked_politely_or_with_a_count(
    analyzer: IntentAnalyzer, text: str, change: dict[str, object]
) -> None:
    read = await _read_after(analyzer, WOLF, text, Intent.GENERATE_IMAGE)
    assert read == {"prompt": "a wolf howling at a red moon", **change}


@pytest.mark.parametrize("text", ["tu peux l'animer ?", "¿puedes animarlo?", "pode animar isso?"])
async def test_animating_the_last_picture_in_other_languages(
    analyzer: IntentAnalyzer, text: str
) -> None:
    read = await _read_after(analyzer, WOLF, text, Intent.GENERATE_VIDEO)
    assert read == {"prompt": "a wolf howling at a red moon"}


async def test_job_follow_ups_ask_again_or_about_another_job(analyzer: IntentAnalyzer) -> None:
    status = Turn(Intent.JOB_STATUS, {"job_id": "40"})
    again = await analyzer.analyze("et là ?", context=[status])
    assert (again.intent, again.params) == (Intent.JOB_STATUS, {"job_id": "40"})
    cancelled = Turn(Intent.JOB_CANCEL, {"job_id": "40"})
    other = await analyzer.analyze("oh, and 41, is it done yet?", context=[cancelled])
    assert (other.intent, other.params["job_id"]) == (Intent.JOB_STATUS, 41)


async def test_a_goodbye_after_the_bots_question_drops_it(analyzer: IntentAnalyzer) -> None:
    asked = Turn(Intent.GENERATE_IMAGE, {}, missing=("prompt",))
    reading = await analyzer.analyze("meh, not needed anymore, bye", context=[asked])
    assert reading.intent is Intent.CHAT


TRANSFORM_3 = Turn(Intent.TRANSFORM_SHOW, {"title": "3%", "setting": "uma ilha"})


async def test_dropping_the_last_request_for_a_new_one(analyzer: IntentAnalyzer) -> None:
    reading = await analyzer.analyze("nah, forget that and draw a heron in fog", context=[WOLF])
    assert (reading.intent, reading.params) == (
        Intent.GENERATE_IMAGE,
        {"prompt": "a heron in fog"},
    )
    darker = await analyzer.analyze("outra vez, mais sombrio", context=[TRANSFORM_3])
    assert darker.params == {"title": "3%", "setting": "uma ilha", "tone": "mais sombrio"}


@pytest.mark.parametrize(
    ("text", "medium"),
    [
        ("could you use seed 80 to animate a tram arriving?", Intent.GENERATE_VIDEO),
        ("queria um vídeo curtinho de um barco, quadrado", Intent.GENERATE_VIDEO),
        ("draw a snowman on a beach. avoid: seagulls", Intent.GENERATE_IMAGE),
        ("picture a fox in tall grass, but moving, like a 3 second clip", None),
    ],
)
def test_the_medium_a_request_names_alone_overrides_the_classifiers_medium(
    text: str, medium: Intent | None
) -> None:
    from core.intent.analyzer import _named_medium

    assert _named_medium(text) is medium
