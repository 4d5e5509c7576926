"""Test material: a valid DNA built by hand, and stories from tests/data/retrieval_pairs.jsonl."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tools.narrative.schema import NarrativeDNA
from tools.narrative.work import WorkText

PAIRS = Path(__file__).resolve().parents[3] / "data" / "retrieval_pairs.jsonl"


def dna_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "work": {"id": "the-quiet-merger", "title": "The Quiet Merger", "year": 2020},
        "logline": "An heir feigns madness to expose the uncle who poisoned his father.",
        "genres": ["drama", "thriller"],
        "tone": {"labels": ["dark", "tense"], "valence": -0.6, "intensity": 0.8},
        "themes": [
            {
                "id": "revenge",
                "score": 0.9,
                "evidence": [{"text": "He plots to expose his uncle.", "sentence": 2}],
            },
            {"id": "family_bonds", "score": 0.6},
        ],
        "structure": {
            "framework": "three_act",
            "beats": [
                {"id": "inciting_incident", "position": 0.1, "summary": "Daniel's father dies."},
                {"id": "climax", "position": 0.9, "summary": "Daniel Okafor confronts Femi."},
            ],
            "turning_points": [{"beat": "climax", "position": 0.9, "summary": "The duel."}],
        },
        "outcome": {"type": "tragedy", "summary": "Everyone dies."},
        "characters": [
            {
                "name": "Daniel Okafor",
                "role": "protagonist",
                "archetype": "hero",
                "arc": "negative",
                "want": "Daniel wants justice.",
                "need": "To act.",
            },
            {"name": "Femi", "role": "antagonist", "archetype": "villain", "arc": "flat"},
        ],
        "setting": {"era": "present_day", "place": "Lagos", "world_type": "contemporary_realistic"},
        "central_conflict": {"type": "person_vs_person", "summary": "Heir against usurper."},
        "tropes": ["revenge_plot"],
        "extraction": {
            "method": "heuristic",
            "model": "zero-shot:h1",
            "prompt_version": "v",
            "confidence": 0.4,
        },
    }
    data.update(overrides)
    return data


def make_dna(**overrides: Any) -> NarrativeDNA:
    return NarrativeDNA.model_validate(dna_data(**overrides))


def pair_stories() -> list[tuple[WorkText, WorkText]]:
    pairs = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        a, b = row["a"], row["b"]
        pairs.append(
            (
                WorkText(id=f"{row['pair']}a", title=a["title"], synopsis=a["synopsis"]),
                WorkText(id=f"{row['pair']}b", title=b["title"], synopsis=b["synopsis"]),
            )
        )
    return pairs
