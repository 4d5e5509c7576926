"""The offline analyzer against the labelled set (tests/data/intent_labelled.jsonl): the numbers
docs/intents.md promises without an API key."""

from __future__ import annotations

import json
from pathlib import Path

from core.intent.analyzer import IntentAnalyzer
from core.intent.embedding import EXAMPLES_PATH
from core.intent.schema import Intent
from core.intent.scoring import Labelled, load_labelled, score

LABELLED = Path(__file__).resolve().parents[3] / "data" / "intent_labelled.jsonl"


async def _scores(analyzer: IntentAnalyzer, rows: list[Labelled]) -> tuple[float, float]:
    intent_ok = params_ok = 0
    for row in rows:
        right_intent, right_params = score(await analyzer.analyze(row.text), row)
        intent_ok += right_intent
        params_ok += right_params
    return intent_ok / len(rows), params_ok / len(rows)


async def test_labelled_set_meets_the_offline_accuracy_goals(analyzer: IntentAnalyzer) -> None:
    rows = load_labelled(LABELLED)
    assert len(rows) >= 300
    assert {row.intent for row in rows} == set(Intent)
    intent_accuracy, param_accuracy = await _scores(analyzer, rows)
    assert intent_accuracy >= 0.92, intent_accuracy
    assert param_accuracy >= 0.85, param_accuracy


async def test_the_half_never_used_for_tuning_meets_the_goals_too(
    analyzer: IntentAnalyzer,
) -> None:
    # The rules and examples were tuned while looking only at the even-numbered rows; the odd
    # rows are the honest estimate of how the analyzer does on messages it has not seen.
    intent_accuracy, param_accuracy = await _scores(analyzer, load_labelled(LABELLED)[1::2])
    assert intent_accuracy >= 0.92, intent_accuracy
    assert param_accuracy >= 0.85, param_accuracy


def test_examples_do_not_contain_the_held_out_messages() -> None:
    labelled = {row.text.strip().lower() for row in load_labelled(LABELLED)}
    examples = {
        json.loads(line)["text"].strip().lower()
        for line in EXAMPLES_PATH.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert not labelled & examples
