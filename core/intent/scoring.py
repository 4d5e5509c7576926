"""Scoring readings against a labelled set ({"text", "intent", "params", "missing"} per line), as
the accuracy test and benchmarks/intent.py do.

Parameter accuracy counts a message right when its intent is right and its required parameters
and `missing` list are exactly the labelled ones (for find_similar both `title` and `text`, since
either one satisfies it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.intent.schema import REQUIRED, Intent, IntentResult

__all__ = ["Labelled", "load_labelled", "required_keys", "score"]


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str
    intent: Intent
    params: Mapping[str, Any]
    missing: tuple[str, ...]


def load_labelled(path: Path) -> list[Labelled]:
    rows: list[Labelled] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                rows.append(
                    Labelled(
                        text=row["text"],
                        intent=Intent(row["intent"]),
                        params=row.get("params", {}),
                        missing=tuple(row.get("missing", [])),
                    )
                )
    return rows


def required_keys(intent: Intent) -> frozenset[str]:
    keys = set(REQUIRED[intent])
    if intent is Intent.FIND_SIMILAR:
        keys |= {"title", "text"}
    return frozenset(keys)


def score(reading: IntentResult, gold: Labelled) -> tuple[bool, bool]:
    """(intent right, required parameters and missing list right)."""
    if reading.intent is not gold.intent:
        return False, False
    keys = required_keys(gold.intent)
    want = {k: v for k, v in gold.params.items() if k in keys}
    got = {k: v for k, v in reading.params.items() if k in keys}
    return True, want == got and list(reading.missing) == list(gold.missing)
