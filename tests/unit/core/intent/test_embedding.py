"""The older labelled examples, now part of the learned classifier's training texts."""

from __future__ import annotations

from collections import Counter

import pytest

from core.intent.analyzer import IntentAnalyzer
from core.intent.embedding import load_examples
from core.intent.exact import decide_exact
from core.intent.schema import Intent


def test_every_intent_has_many_examples() -> None:
    counts = Counter(example.intent for example in load_examples())
    assert set(counts) == set(Intent)
    assert min(counts.values()) >= 25


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what sort of things can you do", Intent.HELP),
        ("got any tips for writing prompts", Intent.HELP),
        ("i adore this, it is perfect", Intent.CHAT),
        ("could u drw a skeleton on a bike", Intent.GENERATE_IMAGE),
        ("quel est l'ADN narratif de Fargo ?", Intent.SHOW_DNA),
    ],
)
async def test_the_classifier_decides_what_no_exact_rule_reads(
    analyzer: IntentAnalyzer, text: str, intent: Intent
) -> None:
    assert decide_exact(text) is None
    reading = await analyzer.analyze(text)
    assert reading.source == "embedding"
    assert reading.intent is intent
