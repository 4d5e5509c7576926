from __future__ import annotations

from tests.unit.tools.transform import canned
from tools.transform.models import SceneDraft
from tools.transform.validate import length_bounds, validate_scene


def _plan(runtime: float = 1.0):  # type: ignore[no-untyped-def]
    story = canned.story(1)
    plan = story.outline.scenes[0].model_copy(update={"runtime_min": runtime})
    return story, plan


def test_a_good_scene_has_no_problems() -> None:
    story, plan = _plan()
    assert validate_scene(canned.scene_for(plan), plan, story.bible) == []


def test_speaker_cues_with_extensions_count_as_bible_characters() -> None:
    story, plan = _plan()
    draft = canned.scene_for(plan, speaker="rook (V.O.)")
    assert validate_scene(draft, plan, story.bible) == []


def test_a_beat_left_unplayed_is_named_in_the_feedback() -> None:
    story, plan = _plan()
    draft = canned.scene_for(plan)
    only_first = SceneDraft.model_validate(
        {
            "elements": [e.model_copy(update={"beat": 1}).model_dump() for e in draft.elements],
            "key_frame": draft.key_frame,
        }
    )
    assert validate_scene(only_first, plan, story.bible) == [
        "beat 2 ('beat 1.2 happens') is not played: write the moment"
    ]


def test_length_is_checked_against_the_runtime() -> None:
    story, one_minute = _plan(runtime=1.0)
    _, eight_minutes = _plan(runtime=8.0)
    _, half_minute = _plan(runtime=0.5)
    short = canned.scene_for(one_minute)
    assert validate_scene(short, eight_minutes, story.bible) == [
        f"the scene is {short.words} words, too short for about 8 minute(s):"
        f" write at least {length_bounds(8.0).min_words} words"
    ]
    long = canned.scene_for(eight_minutes)
    assert validate_scene(long, half_minute, story.bible) == [
        f"the scene is {long.words} words, too long for about 0.5 minute(s):"
        f" keep it under {length_bounds(0.5).max_words} words"
    ]


def test_a_scene_without_dialogue_and_with_stray_beats_is_rejected() -> None:
    story, plan = _plan()
    draft = SceneDraft.model_validate(
        {
            "elements": [
                {"kind": "action", "text": "word " * 60, "beat": 1},
                {"kind": "action", "text": "more", "beat": 2},
                {"kind": "action", "text": "extra", "beat": 5},
            ],
            "key_frame": "x",
        }
    )
    problems = validate_scene(draft, plan, story.bible)
    assert problems == [
        "elements refer to beat(s) 5 but this scene has only 2 beat(s): number beats 1 to 2",
        "the scene has no dialogue: give the characters lines to speak",
    ]
