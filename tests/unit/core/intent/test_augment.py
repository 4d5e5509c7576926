"""Generated training messages: every intent in every language, the same each time, and never a
message of a held-out set."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from core.intent.augment import augmented_texts, expand_grammar
from core.intent.schema import Intent
from core.intent.scoring import load_labelled
from core.intent.training import (
    DEV2_PATH,
    DEV3_PATH,
    DEV4_PATH,
    DEV5_PATH,
    DEV6_PATH,
    DEV_PATH,
    GENERATED_WEIGHT,
    GRAMMAR_DIR,
    UNSEEN_PATH,
    training_texts,
)


def test_each_language_grammar_says_every_intent() -> None:
    for path in sorted(GRAMMAR_DIR.glob("*.txt")):
        shares = Counter(t.intent for t in expand_grammar(path))
        assert set(shares) == set(Intent), path.name
        assert min(shares.values()) >= 10, (path.name, shares)
    assert {p.stem for p in GRAMMAR_DIR.glob("*.txt")} == {"en", "fr", "es", "de", "pt"}


def test_the_generated_messages_are_the_same_every_time() -> None:
    first, again = augmented_texts(), augmented_texts()
    assert first == again
    assert len(first) >= 2000
    assert len({t.text.lower() for t in first}) == len(first)  # no message twice


def test_generated_messages_weigh_less_and_never_copy_a_dev_message() -> None:
    texts = training_texts()
    weights = Counter(t.weight for t in texts)
    assert set(weights) == {1.0, GENERATED_WEIGHT}
    assert weights[GENERATED_WEIGHT] > weights[1.0]
    held_out = {row.text.strip().lower() for row in load_labelled(DEV_PATH)}
    for blind in (UNSEEN_PATH, DEV2_PATH, DEV3_PATH, DEV4_PATH, DEV5_PATH, DEV6_PATH):
        held_out |= {row.text.strip().lower() for row in load_labelled(blind)}
    assert not held_out & {t.text.strip().lower() for t in texts}


def test_a_grammar_line_that_is_neither_slot_nor_template_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "xx.txt"
    bad.write_text("@obj = a fox | a hen\ngi: draw {obj}\nzz: nonsense\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"xx.txt:3"):
        list(expand_grammar(bad))
    bad.write_text("gi: draw {animal}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no slot named 'animal'"):
        list(expand_grammar(bad))


@pytest.mark.parametrize("dev_set", ["DEV4_PATH", "DEV5_PATH", "DEV6_PATH"])
def test_a_message_of_a_later_blind_dev_set_is_never_learned(
    dev_set: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import core.intent.training as training

    learned = training_texts()
    written = next(t.text for t in learned if t.weight == 1.0)
    blind = tmp_path / "blind.jsonl"
    row = {"text": f"  {written.upper()} ", "intent": "chat", "params": {}, "missing": []}
    blind.write_text(json.dumps(row) + "\n", encoding="utf-8")
    monkeypatch.setattr(training, dev_set, blind)
    kept = {t.text.strip().lower() for t in training_texts()}
    assert written.strip().lower() not in kept
    assert len(kept) >= len({t.text.strip().lower() for t in learned}) - 1
