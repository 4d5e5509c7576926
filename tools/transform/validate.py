"""Checks a written scene against its plan; the problems found are the feedback for a rewrite.

Schema errors are caught earlier (pydantic, inside the LLM port's structured output); these are the
checks that need the bible and the outline: who may speak, whether every planned beat is played,
and whether the length fits the scene's estimated runtime.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tools.transform.models import OutlineScene, SceneDraft, ShowBible, cue_name

__all__ = ["LengthBounds", "length_bounds", "validate_scene"]

# A screenplay page is about a minute of screen time and holds roughly 150-200 words; the bounds
# are loose on purpose: they catch a two-line stub or a runaway monologue, not style.
_WORDS_PER_MINUTE = 160
_MIN_SHARE = 0.3
_MAX_SHARE = 3.0
_MIN_WORDS_FLOOR = 40
_MAX_WORDS_SLACK = 150


@dataclass(frozen=True, slots=True)
class LengthBounds:
    min_words: int
    max_words: int


def length_bounds(runtime_min: float) -> LengthBounds:
    expected = _WORDS_PER_MINUTE * runtime_min
    return LengthBounds(
        min_words=max(_MIN_WORDS_FLOOR, int(expected * _MIN_SHARE)),
        max_words=int(expected * _MAX_SHARE) + _MAX_WORDS_SLACK,
    )


def validate_scene(draft: SceneDraft, plan: OutlineScene, bible: ShowBible) -> list[str]:
    """Problems, each phrased as what to change; empty when the scene is acceptable."""
    problems: list[str] = []
    problems.extend(_unknown_speakers(draft.speakers, bible))
    problems.extend(_beat_coverage(draft, plan))
    problems.extend(_length(draft, plan))
    if not any(e.kind == "dialogue" for e in draft.elements):
        problems.append("the scene has no dialogue: give the characters lines to speak")
    return problems


def _unknown_speakers(speakers: Iterable[str], bible: ShowBible) -> list[str]:
    known = {cue_name(c.name) for c in bible.characters}
    unknown = sorted({s for s in speakers if cue_name(s) not in known})
    if not unknown:
        return []
    names = ", ".join(c.name for c in bible.characters)
    return [
        f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not in the show bible:"
        f" only these characters may speak: {names}"
    ]


def _beat_coverage(draft: SceneDraft, plan: OutlineScene) -> list[str]:
    planned = len(plan.beats)
    used = {e.beat for e in draft.elements}
    problems: list[str] = []
    beyond = sorted(b for b in used if b > planned)
    if beyond:
        problems.append(
            f"elements refer to beat(s) {', '.join(map(str, beyond))} but this scene has only"
            f" {planned} beat(s): number beats 1 to {planned}"
        )
    missing = [i for i in range(1, planned + 1) if i not in used]
    for i in missing:
        problems.append(f"beat {i} ({plan.beats[i - 1]!r}) is not played: write the moment")
    return problems


def _length(draft: SceneDraft, plan: OutlineScene) -> list[str]:
    bounds = length_bounds(plan.runtime_min)
    words = draft.words
    if words < bounds.min_words:
        return [
            f"the scene is {words} words, too short for about {plan.runtime_min:g} minute(s):"
            f" write at least {bounds.min_words} words"
        ]
    if words > bounds.max_words:
        return [
            f"the scene is {words} words, too long for about {plan.runtime_min:g} minute(s):"
            f" keep it under {bounds.max_words} words"
        ]
    return []
