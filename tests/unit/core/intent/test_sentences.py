"""One rule for where a sentence ends, shared by every parameter reader: what a member writes
after a full stop is read as a new sentence, while abbreviations, initials and German ordinals
keep a name or a world whole."""

from __future__ import annotations

from typing import Any

import pytest

from core.intent.extract import extract_params
from core.intent.schema import Intent
from core.intent.sentences import sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a cat. make it blue", ["a cat.", "make it blue"]),
        ("Mr. Robot in space. Make it dark!", ["Mr. Robot in space.", "Make it dark!"]),
        ("House M.D. on a ship", ["House M.D. on a ship"]),
        ("Dark im 19. Jahrhundert? Bitte.", ["Dark im 19. Jahrhundert?", "Bitte."]),
        ("Un chat ? Oui, en paysage.", ["Un chat ?", "Oui, en paysage."]),
        ("INT. DINER - NIGHT", ["INT. DINER - NIGHT"]),  # a screenplay heading
        ("wow!! draw a dog... ok?", ["wow!!", "draw a dog...", "ok?"]),
    ],
)
def test_a_message_is_cut_into_the_sentences_a_reader_sees(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        # A lower-case sentence after the description is read as its own sentence.
        (
            Intent.GENERATE_IMAGE,
            "a red kite over a hill. make it square",
            {"prompt": "a red kite over a hill", "aspect": "square"},
        ),
        # An abbreviation inside a name does not end the sentence.
        (
            Intent.TRANSFORM_SHOW,
            "reimagine Mr. Robot in St. Petersburg",
            {"title": "Mr. Robot", "setting": "St. Petersburg"},
        ),
        # A German ordinal stays inside the world.
        (
            Intent.TRANSFORM_SHOW,
            "Versetz Dark in einen Zirkus im 19. Jahrhundert",
            {"title": "Dark", "setting": "einen Zirkus im 19. Jahrhundert"},
        ),
    ],
)
def test_names_and_worlds_with_full_stops_inside_stay_whole(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params
