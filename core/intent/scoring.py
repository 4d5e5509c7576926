"""Scoring readings against a labelled set, one JSON object per line:
{"text", "intent", "params", "missing", "context"?: [{"role", "text", "intent"}], "lang"?, "kind"?}.

A message's parameters are right when its intent is right, every labelled parameter is read with
the labelled value, no other parameter is read with a value that changes what the bot does (a
parameter at its default, such as `quality: draft`, changes nothing), and the `missing` list is
the labelled one. Strings compare without case, surrounding punctuation or repeated spaces:
"Breaking Bad." and "breaking bad" name the same show.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.intent.schema import Intent, IntentResult

__all__ = [
    "DEFAULTS",
    "ContextTurn",
    "Labelled",
    "RowScore",
    "calibration_error",
    "load_labelled",
    "per_intent",
    "same_value",
    "score",
]

# Values a reading may carry without being labelled: they are what the bot does anyway.
DEFAULTS: Mapping[str, Any] = {
    "quality": "draft",
    "aspect": "square",
    "count": 1,
    "k": 5,
    "facet": "all",
    "scenes": 5,
    "storyboard": False,
}


@dataclass(frozen=True, slots=True)
class ContextTurn:
    role: str  # "user" or "bot"
    text: str
    intent: Intent | None = None


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str
    intent: Intent
    params: Mapping[str, Any]
    missing: tuple[str, ...]
    context: tuple[ContextTurn, ...] = ()
    lang: str = "en"
    kind: str = ""


def _context(raw: Iterable[Mapping[str, Any]]) -> tuple[ContextTurn, ...]:
    turns = []
    for turn in raw:
        intent = turn.get("intent")
        turns.append(
            ContextTurn(
                role=str(turn.get("role", "user")),
                text=str(turn.get("text", "")),
                intent=Intent(intent) if intent else None,
            )
        )
    return tuple(turns)


def load_labelled(path: Path) -> list[Labelled]:
    rows: list[Labelled] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                rows.append(
                    Labelled(
                        text=row["text"],
                        intent=Intent(row["intent"]),
                        params=row.get("params", {}),
                        missing=tuple(row.get("missing", [])),
                        context=_context(row.get("context", [])),
                        lang=row.get("lang", "en"),
                        kind=row.get("kind", ""),
                    )
                )
            except (KeyError, ValueError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a labelled message ({exc})") from None
    return rows


_EDGES = " \t\n.,;:!?¡¿\"'`«»“”‘’()[]"
_SPACES = re.compile(r"\s+")


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return _SPACES.sub(" ", value.strip(_EDGES)).casefold()
    return value


def same_value(got: Any, want: Any) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    if isinstance(got, int) != isinstance(want, int):
        # A job id is labelled as written ("42", "a1b2c3") and read as a number when it is one.
        return bool(_plain(str(got)) == _plain(str(want)))
    return bool(_plain(got) == _plain(want))


@dataclass(frozen=True, slots=True)
class RowScore:
    intent_ok: bool
    params_ok: bool
    params_right: int  # labelled parameters read with their value
    params_labelled: int
    wrong: tuple[str, ...] = field(default=())  # parameter names read wrong, for the report


def score(reading: IntentResult, gold: Labelled) -> RowScore:
    labelled = len(gold.params)
    if reading.intent is not gold.intent:
        return RowScore(False, False, 0, labelled, ("intent",))
    wrong = [k for k, v in gold.params.items() if not same_value(reading.params.get(k), v)]
    extra = [
        k
        for k, v in reading.params.items()
        if k not in gold.params and not (k in DEFAULTS and same_value(v, DEFAULTS[k]))
    ]
    if sorted(reading.missing) != sorted(gold.missing):
        wrong.append("missing")
    right = labelled - len([k for k in wrong if k in gold.params])
    bad = tuple(wrong + [f"+{k}" for k in extra])
    return RowScore(True, not bad, right, labelled, bad)


def per_intent(
    gold: Sequence[Intent], predicted: Sequence[Intent]
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, int]]]:
    """Precision/recall/support per intent, and the confusion matrix (gold -> predicted -> n)."""
    pairs = Counter(zip(gold, predicted, strict=True))
    stats: dict[str, dict[str, float]] = {}
    confusion: dict[str, dict[str, int]] = {}
    for intent in Intent:
        tp = pairs[(intent, intent)]
        as_gold = sum(n for (g, _), n in pairs.items() if g is intent)
        as_pred = sum(n for (_, p), n in pairs.items() if p is intent)
        stats[intent.value] = {
            "precision": round(tp / as_pred, 4) if as_pred else 0.0,
            "recall": round(tp / as_gold, 4) if as_gold else 0.0,
            "support": as_gold,
        }
        row = {p.value: n for (g, p), n in sorted(pairs.items()) if g is intent}
        if row:
            confusion[intent.value] = row
    return stats, confusion


def calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float:
    """Expected calibration error: the gap between stated confidence and accuracy, averaged over
    equal-width confidence bins weighted by how many readings fall in each."""
    if not confidences:
        return 0.0
    total = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [
            i
            for i, c in enumerate(confidences)
            if (low < c <= high) or (b == 0 and c == 0.0) or (b == bins - 1 and c > 1.0)
        ]
        if members:
            mean_conf = sum(confidences[i] for i in members) / len(members)
            accuracy = sum(correct[i] for i in members) / len(members)
            total += len(members) * abs(mean_conf - accuracy)
    return round(total / len(confidences), 4) if not math.isnan(total) else 0.0
