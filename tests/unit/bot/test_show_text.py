from __future__ import annotations

from bot.console import render_result
from core.replies import ToolOutput
from core.result import StepResult

SIMILAR = {
    "query": "Vault",
    "results": [
        {
            "title": "Tunnels",
            "year": 2010,
            "score": 0.61,
            "why": {"facets": {"theme": 0.8}, "shared_themes": ["loyalty_and_betrayal"]},
        }
    ],
}


def test_the_console_lists_similar_shows_with_why() -> None:
    text = render_result(StepResult.success(ToolOutput("similar_shows", SIMILAR)))
    assert text.splitlines() == [
        "Shows like Vault:",
        "  1. Tunnels (2010)  0.61",
        "     themes: loyalty and betrayal; closest in themes",
    ]


def test_the_console_shows_a_dna_in_words() -> None:
    data = {
        "title": "Vault",
        "logline": "A safecracker's last job.",
        "dna": {"genres": ["crime"], "tone": {"labels": ["tense", "bleak"]}},
    }
    text = render_result(StepResult.success(ToolOutput("show_dna", data)))
    assert text.splitlines() == [
        "Narrative DNA of Vault:",
        "  A safecracker's last job.",
        "  Genres: crime",
        "  Tone: tense, bleak",
    ]


def test_an_unknown_tool_kind_is_shown_not_crashed() -> None:
    text = render_result(StepResult.success(ToolOutput("show_added", {"title": "X"})))
    assert text.startswith("Show added:")
