"""Stage 2: nearest labelled examples, for what the rules leave undecided."""

from __future__ import annotations

from collections import Counter

import pytest

from core.intent.embedding import EmbeddingClassifier, load_examples
from core.intent.rules import decide
from core.intent.schema import Intent
from tests.fakes import shared_embedder


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
    ],
)
def test_the_embedding_stage_decides_what_the_rules_leave(text: str, intent: Intent) -> None:
    assert decide(text) is None
    vote = EmbeddingClassifier(shared_embedder(), load_examples()).classify_sync(text)
    assert vote.intent is intent
    assert vote.margin >= 0.04


def test_a_message_like_no_example_is_not_confidently_decided() -> None:
    classifier = EmbeddingClassifier(shared_embedder(), load_examples())
    vote = classifier.classify_sync("purple")
    assert vote.margin < 0.04
    assert vote.confidence < 0.55
