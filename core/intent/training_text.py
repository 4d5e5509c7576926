"""What the classifier learns from: a message, its intent and its weight, and the short intent
codes the hand-written and grammar sources use. Both the training data (core/intent/training.py)
and the grammar generator (core/intent/augment.py) build on these, so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.intent.schema import Intent

__all__ = ["CODES", "GRAMMAR_DIR", "TrainingText"]

GRAMMAR_DIR = Path(__file__).resolve().parent / "data" / "grammar"
CODES = {
    "gi": Intent.GENERATE_IMAGE,
    "gv": Intent.GENERATE_VIDEO,
    "an": Intent.ANALYZE_SHOW,
    "dna": Intent.SHOW_DNA,
    "fs": Intent.FIND_SIMILAR,
    "tr": Intent.TRANSFORM_SHOW,
    "js": Intent.JOB_STATUS,
    "jc": Intent.JOB_CANCEL,
    "he": Intent.HELP,
    "ch": Intent.CHAT,
}


@dataclass(frozen=True, slots=True)
class TrainingText:
    text: str
    intent: Intent
    weight: float = 1.0
