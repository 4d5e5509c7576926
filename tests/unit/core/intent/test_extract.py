"""Parameter normalisation (docs/intents.md): the values a tool or job receives."""

from __future__ import annotations

from typing import Any

import pytest

from core.intent.analyzer import IntentAnalyzer
from core.intent.extract import extract_params
from core.intent.schema import Intent


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        (
            Intent.GENERATE_IMAGE,
            "could you make me 3 pics of a lantern festival over a river, landscape, final",
            {
                "prompt": "a lantern festival over a river",
                "count": 3,
                "aspect": "landscape",
                "quality": "final",
            },
        ),
        (
            Intent.GENERATE_IMAGE,
            "watercolor style picture of a heron at dawn, no buildings, seed 7",
            {
                "prompt": "a heron at dawn",
                "style": "watercolor",
                "negative_prompt": "buildings",
                "seed": 7,
            },
        ),
        (
            Intent.GENERATE_IMAGE,
            "draw a boy holding a picture of his grandmother",
            {"prompt": "a boy holding a picture of his grandmother"},
        ),
        (Intent.GENERATE_IMAGE, "can you draw me something?", {}),
        (
            Intent.GENERATE_VIDEO,
            "make a 5 second clip of snow falling on a quiet street, vertical",
            {"prompt": "snow falling on a quiet street", "seconds": 5, "aspect": "portrait"},
        ),
        (
            Intent.GENERATE_VIDEO,
            "animate a neon 80s arcade at night, 3s",
            {"prompt": "a neon 80s arcade at night", "seconds": 3},
        ),
        (Intent.SHOW_DNA, 'narrative DNA of "The Good Wife" please', {"title": "The Good Wife"}),
        (Intent.SHOW_DNA, "what's Veronica Mars's story DNA?", {"title": "Veronica Mars"}),
        (Intent.SHOW_DNA, "dna of that show i like", {}),
        (
            Intent.ANALYZE_SHOW,
            "analyze Harbor Town: a fishing village hides a smuggling ring",
            {"title": "Harbor Town", "text": "a fishing village hides a smuggling ring"},
        ),
        (
            Intent.ANALYZE_SHOW,
            "analyze: two rival bakers share one oven for a whole winter",
            {"text": "two rival bakers share one oven for a whole winter"},
        ),
        (
            Intent.FIND_SIMILAR,
            "top 4 shows like The Bear, by theme",
            {"title": "The Bear", "k": 4, "facet": "theme"},
        ),
        (
            Intent.FIND_SIMILAR,
            "anything about lighthouse keepers who see ghosts?",
            {"text": "lighthouse keepers who see ghosts"},
        ),
        (
            Intent.TRANSFORM_SHOW,
            "reimagine Attack on Titan in a Renaissance city-state, 4 scenes, grim tone",
            {
                "title": "Attack on Titan",
                "setting": "a Renaissance city-state",
                "scenes": 4,
                "tone": "grim",
            },
        ),
        (
            Intent.TRANSFORM_SHOW,
            "what if The Office was set on a submarine, with a storyboard",
            {"title": "The Office", "setting": "a submarine", "storyboard": True},
        ),
        (Intent.TRANSFORM_SHOW, "reimagine it in space", {"setting": "space"}),
        (Intent.JOB_CANCEL, "cancel job #42", {"job_id": 42}),
        (Intent.JOB_STATUS, "how is number 7 doing", {"job_id": 7}),
        (Intent.HELP, "how long can videos be?", {"topic": "animate"}),
    ],
)
def test_parameters_are_normalised(intent: Intent, text: str, params: dict[str, Any]) -> None:
    assert extract_params(intent, text) == params


async def test_a_long_pasted_synopsis_is_kept_whole(analyzer: IntentAnalyzer) -> None:
    synopsis = "a lighthouse keeper finds letters from the future in bottles. " * 150
    reading = await analyzer.analyze(f"analyze Bottled Light: {synopsis}")
    assert reading.intent is Intent.ANALYZE_SHOW
    assert reading.params["title"] == "Bottled Light"
    assert reading.params["text"] == synopsis.strip().rstrip(".")
