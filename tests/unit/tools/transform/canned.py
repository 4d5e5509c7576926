"""Canned, schema-valid stage outputs for script-writing tests and the script benchmark.

The scene answer is built from the SCENE PLAN the prompt carries, so it names the planned
characters, plays every planned beat and fits the length bounds: the way a good model answers.
`tool_input(tool_name, text)` gives the same answers as the raw JSON a Messages API fake returns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from core.ports.shows import ShowBrief
from tools.transform.models import (
    BibleAndOutline,
    OutlineScene,
    SceneDraft,
    TransformRules,
)
from tools.transform.validate import length_bounds

CAST = ("Rook", "Mira", "Joss")
_PLAN_RE = re.compile(r"SCENE PLAN \(JSON\):\s*(\{.*?\})\s*\n", re.S)
_COUNT_RE = re.compile(r"exactly (\d+) scene")

FRIENDS_DNA: dict[str, Any] = {
    "logline": "Six friends in their twenties navigate love and work in Manhattan.",
    "genres": ["sitcom"],
    "tone": ["warm", "comic"],
    "archetypes": ["the neurotic host", "the lovable dim one", "the sarcastic joker"],
    "structure": {
        "framework": "sitcom_episode",
        "beats": [
            {"id": "cold_open", "position": 0.0, "summary": "a gag before the titles"},
            {"id": "problem", "position": 0.2, "summary": "a problem lands on the group"},
            {"id": "scheme", "position": 0.5, "summary": "a scheme goes wrong"},
            {"id": "regroup", "position": 0.9, "summary": "the friends regroup"},
        ],
    },
}


def show_brief(title: str = "Friends", *, dna_hash: str = "dna-friends-1") -> ShowBrief:
    return ShowBrief(
        work_id=f"w-{title.lower().replace(' ', '-')}",
        title=title,
        dna=FRIENDS_DNA,
        summary=f"{title}: six friends, a coffee shop, love and rent. Tone: warm, comic.",
        dna_hash=dna_hash,
    )


def rules() -> TransformRules:
    return TransformRules.model_validate(
        {
            "setting": {
                "era": "2300",
                "place": "a Mars colony",
                "visual_changes": ["pressure domes", "red dust"],
                "cultural_changes": ["water rationing"],
            },
            "characters": [
                {
                    "source_character": f"Friend {i}",
                    "new_name": name,
                    "archetype": "the neurotic host",
                    "role": "glue of the group",
                    "occupation": "hydroponics tech",
                    "motivation": "keep the dome cosy",
                    "must_not_change": ["loyalty"],
                }
                for i, name in enumerate(CAST, 1)
            ],
            "tone_mapping": "banter survives vacuum",
            "conflict_modernisation": "rent becomes oxygen credits",
            "new_possibilities": ["low-gravity slapstick"],
            "avoid": ["The Expanse's belter politics"],
        }
    )


def story(scenes: int) -> BibleAndOutline:
    return BibleAndOutline.model_validate(
        {
            "bible": {
                "title": "Red Friends",
                "premise": "Friends in a dome.",
                "world": "Mars, 2300.",
                "tone": "warm comedy",
                "characters": [
                    {"name": n, "description": f"{n} is a friend.", "voice": "dry"} for n in CAST
                ],
            },
            "outline": {
                "episode_title": "The One With the Airlock",
                "logline": "A dinner party meets a dust storm.",
                "a_plot": "Rook hosts dinner.",
                "b_plot": "Mira loses the rover.",
                "scenes": [
                    {
                        "number": i,
                        "int_ext": "INT" if i % 2 else "EXT",
                        "location": f"Dome {i} galley",
                        "time_of_day": "NIGHT",
                        "plot": "A" if i % 2 else "B",
                        "source_beat": "a problem lands",
                        "characters": list(CAST[:2]),
                        "purpose": f"Purpose of scene {i}.",
                        "beats": [f"beat {i}.1 happens", f"beat {i}.2 happens"],
                        "runtime_min": 1.0,
                    }
                    for i in range(1, scenes + 1)
                ],
            },
        }
    )


def plan_from_prompt(text: str) -> OutlineScene:
    match = _PLAN_RE.search(text)
    if match is None:
        raise AssertionError("the scene prompt carries no SCENE PLAN (JSON)")
    return OutlineScene.model_validate_json(match.group(1))


def scene_for(plan: OutlineScene, *, speaker: str | None = None) -> SceneDraft:
    """A scene that passes validation; `speaker` overrides who talks (to make it fail)."""
    bounds = length_bounds(plan.runtime_min)
    elements: list[dict[str, Any]] = []
    for beat_no, beat in enumerate(plan.beats, 1):
        elements.append(
            {
                "kind": "action",
                "text": f"The lights flicker as {beat} in the dome.",
                "beat": beat_no,
            }
        )
        for name in plan.characters:
            elements.append(
                {
                    "kind": "dialogue",
                    "character": speaker or name,
                    "parenthetical": "quietly" if beat_no == 1 else None,
                    "text": f"I cannot believe {beat}, can you? Pass the algae.",
                    "beat": beat_no,
                }
            )
    words = sum(len(e["text"].split()) for e in elements)
    while words < bounds.min_words + 10:
        filler = "Red dust drifts past the window while everyone pretends not to notice it."
        elements.append({"kind": "action", "text": filler, "beat": 1})
        words += len(filler.split())
    elements.append({"kind": "transition", "text": "CUT TO:", "beat": len(plan.beats)})
    return SceneDraft.model_validate(
        {"elements": elements, "key_frame": f"{plan.location} at night, dust on the glass."}
    )


def tool_input(tool_name: str, text: str) -> Mapping[str, Any]:
    """The JSON a Messages API fake returns for the forced tool of each stage."""
    name = tool_name.lower()
    if "rules" in name:
        return rules().model_dump(mode="json")
    if "outline" in name:
        match = _COUNT_RE.search(text)
        count = int(match.group(1)) if match else 3
        return story(count).model_dump(mode="json")
    if "scene" in name:
        return scene_for(plan_from_prompt(text)).model_dump(mode="json")
    raise AssertionError(f"no canned answer for tool {tool_name!r}")
