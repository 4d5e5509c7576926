"""The intent classifier's training data: hand-written messages (data/written/*.txt), split once
into a training part and a dev part (one message in five, chosen by a hash of its text, so the
split never moves when messages are added), plus the older labelled examples (data/examples.jsonl)
and, at a lower weight, the messages generated from the slot grammars (core/intent/augment.py).

The frozen test set (benchmarks/data/intent/test.jsonl) is written elsewhere and never read here.

Source format, one message per line: `code|text|params-json`, where code names the intent (see
`CODES`); `# kind=... lang=...` lines set the kind and language of the lines below them; lines
`> code text` are the member's earlier messages in the thread, attached to the next message.

    python -m core.intent.training   # rewrite data/train.jsonl and data/dev.jsonl from the source
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from core.intent.augment import augmented_texts
from core.intent.embedding import EXAMPLES_PATH, load_examples
from core.intent.schema import Intent, missing_params
from core.intent.training_text import CODES, GRAMMAR_DIR, TrainingText

__all__ = [
    "CODES",
    "DEV2_PATH",
    "DEV3_PATH",
    "DEV4_PATH",
    "DEV5_PATH",
    "DEV6_PATH",
    "DEV_PATH",
    "GENERATED_WEIGHT",
    "GRAMMAR_DIR",
    "TRAIN_PATH",
    "UNSEEN_PATH",
    "WRITTEN_DIR",
    "TrainingText",
    "parse_written",
    "training_texts",
    "write_split",
]

DATA = Path(__file__).resolve().parent / "data"
WRITTEN_DIR = DATA / "written"
TRAIN_PATH = DATA / "train.jsonl"
DEV_PATH = DATA / "dev.jsonl"
# A blind-written dev set (see UNSEEN.md): tuned by, never learned from.
UNSEEN_PATH = DATA / "unseen.jsonl"
# A second blind-written dev set (see DEV2.md): tuned by, never learned from.
DEV2_PATH = DATA / "dev2.jsonl"
# A third blind-written dev set (see DEV3.md): tuned by, never learned from.
DEV3_PATH = DATA / "dev3.jsonl"
# A fourth blind-written dev set (see DEV4.md): tuned by, never learned from.
DEV4_PATH = DATA / "dev4.jsonl"
# A fifth blind-written dev set (see DEV5.md): tuned by, never learned from.
DEV5_PATH = DATA / "dev5.jsonl"
# A sixth blind-written dev set (see DEV6.md): tuned by, never learned from.
DEV6_PATH = DATA / "dev6.jsonl"
# Generated messages count for less than written ones: they are many and alike.
GENERATED_WEIGHT = 0.5
# Read for one thing only: no message of it is ever a training text.
ROOT = Path(__file__).resolve().parents[2]
FROZEN_TEST_PATH = ROOT / "benchmarks" / "data" / "intent" / "test.jsonl"
OLD_LABELLED_PATH = ROOT / "tests" / "data" / "intent_labelled.jsonl"
_HEADER = re.compile(r"^#\s*kind=(?P<kind>\S+)\s+lang=(?P<lang>\S+)")
_DEV_SHARE = 5  # one in five


def _is_dev(text: str) -> bool:
    digest = hashlib.sha256(text.strip().lower().encode("utf-8")).digest()
    return digest[0] % _DEV_SHARE == 0


def parse_written(folder: Path = WRITTEN_DIR) -> Iterator[dict[str, Any]]:
    """Every hand-written message as a labelled row (the scorer's format)."""
    for path in sorted(folder.glob("*.txt")):
        kind, lang = "", "en"
        context: list[dict[str, str]] = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            if header := _HEADER.match(line):
                kind, lang = header.group("kind"), header.group("lang")
                continue
            if line.startswith("#"):
                continue
            try:
                if line.startswith(">"):
                    code, text = line[1:].strip().split(" ", 1)
                    context.append({"role": "user", "text": text, "intent": CODES[code].value})
                    continue
                code, text, raw = line.split("|", 2)
                params = json.loads(raw) if raw.strip() else {}
                intent = CODES[code]
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{path.name}:{number}: not a training line ({exc})") from None
            row: dict[str, Any] = {
                "text": text,
                "intent": intent.value,
                "params": params,
                "missing": missing_params(intent, params),
                "lang": lang,
                "kind": kind,
            }
            if context:
                row["context"] = context
                context = []
            yield row


def write_split(folder: Path = WRITTEN_DIR) -> tuple[int, int]:
    train: list[str] = []
    dev: list[str] = []
    for row in parse_written(folder):
        (dev if _is_dev(row["text"]) else train).append(json.dumps(row, ensure_ascii=False))
    TRAIN_PATH.write_text("\n".join(train) + "\n", encoding="utf-8")
    DEV_PATH.write_text("\n".join(dev) + "\n", encoding="utf-8")
    return len(train), len(dev)


def _held_out_texts(paths: tuple[Path, ...]) -> set[str]:
    held_out: set[str] = set()
    for path in paths:
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                held_out |= {
                    json.loads(line)["text"].strip().lower() for line in fh if line.strip()
                }
    return held_out


def training_texts(
    train: Path = TRAIN_PATH,
    examples: Path = EXAMPLES_PATH,
    dev: Path = DEV_PATH,
    grammar: Path | None = GRAMMAR_DIR,
) -> list[TrainingText]:
    """What the classifier learns from: the training split (follow-ups left out: they only make
    sense with their thread, which the follow-up reader handles), the older examples and the
    generated messages, less any message of a dev set, the older labelled set or the frozen test
    set (messages anyone might write, "thanks!" or the issue's own examples, were written into
    both: they are never learned)."""
    held_out = _held_out_texts(
        (
            dev,
            UNSEEN_PATH,
            DEV2_PATH,
            DEV3_PATH,
            DEV4_PATH,
            DEV5_PATH,
            DEV6_PATH,
            OLD_LABELLED_PATH,
            FROZEN_TEST_PATH,
        )
    )
    texts: list[TrainingText] = []
    with train.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if not row.get("context"):
                    texts.append(TrainingText(row["text"], Intent(row["intent"])))
    texts.extend(TrainingText(e.text, e.intent) for e in load_examples(examples))
    if grammar is not None:
        texts.extend(
            TrainingText(t.text, t.intent, GENERATED_WEIGHT) for t in augmented_texts(grammar)
        )
    return [t for t in texts if t.text.strip().lower() not in held_out]


if __name__ == "__main__":
    n_train, n_dev = write_split()
    print(f"{TRAIN_PATH.name}: {n_train} messages, {DEV_PATH.name}: {n_dev} messages")
