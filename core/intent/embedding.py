"""The older labelled intent examples (data/examples.jsonl): part of the learned classifier's
training texts (core/intent/training.py). The nearest-example stage that used them alone was
replaced by the learned classifier (core/intent/learned.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from core.intent.schema import Intent

__all__ = ["EXAMPLES_PATH", "Example", "load_examples"]

EXAMPLES_PATH = Path(__file__).resolve().parent / "data" / "examples.jsonl"


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: Intent


def load_examples(path: Path = EXAMPLES_PATH) -> tuple[Example, ...]:
    examples: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            try:
                examples.append(Example(text=row["text"], intent=Intent(row["intent"])))
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{path}:{number}: not an intent example ({exc})") from None
    return tuple(examples)
