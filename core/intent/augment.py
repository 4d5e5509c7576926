"""More ways of saying each intent: messages generated from small slot grammars
(data/grammar/*.txt: request words x objects x politeness x language, with typos), so the
classifier learns what an intent is said with rather than one writer's phrasing.

Grammar format, one rule per line (`#` starts a comment line):

    @obj = a red fox in the snow | a lighthouse in a storm     a slot: choices split by "|"
    gi: {lead}draw {obj}[, portrait|]                             an intent code, then a template

`{name}` is replaced by one choice of the slot `name` (slots may use other slots); `[a|b|]` is
an inline choice, an empty one meaning "nothing"; `ch*4: ...` draws four times as many messages
from a template with many choices. Each template gives a few distinct messages,
drawn with a fixed seed, so the same grammar always gives the same messages. A share of the
messages get one typo (two letters swapped, one dropped or doubled), as members type them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

from core.intent.schema import Intent
from core.intent.training_text import CODES, GRAMMAR_DIR, TrainingText

__all__ = ["augmented_texts", "expand_grammar"]

_SLOT = re.compile(r"\{(\w+)\}")
_INLINE = re.compile(r"\[([^\[\]]*)\]")
_PER_TEMPLATE = 6
_TYPO_SHARE = 0.15
_SEED = 18
_MAX_DEPTH = 8


def _parse(path: Path) -> tuple[dict[str, list[str]], list[tuple[Intent, str, int]]]:
    slots: dict[str, list[str]] = {}
    templates: list[tuple[Intent, str, int]] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            name, _, choices = line[1:].partition("=")
            slots[name.strip()] = [c.strip() for c in choices.split("|")]
            continue
        head, sep, template = line.partition(":")
        code, _, times = head.strip().partition("*")
        if not sep or code not in CODES or not (times or "1").isdigit():
            raise ValueError(f"{path.name}:{number}: neither a slot (@name = ...) nor 'code: ...'")
        templates.append((CODES[code], template.strip(), int(times or 1)))
    return slots, templates


def _fill(template: str, slots: dict[str, list[str]], rng: random.Random, where: str) -> str:
    text = template
    for _ in range(_MAX_DEPTH):
        before = text
        text = _INLINE.sub(lambda m: rng.choice(m.group(1).split("|")), text)

        def slot(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in slots:
                raise ValueError(f"{where}: no slot named {name!r}")
            return rng.choice(slots[name])

        text = _SLOT.sub(slot, text)
        if text == before:
            break
    return re.sub(r"\s+", " ", text).strip()


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif kind == 1:
        word = word[:at] + word[at + 1 :]
    else:
        word = word[:at] + word[at] + word[at:]
    words[i] = word
    return " ".join(words)


def expand_grammar(path: Path, per_template: int = _PER_TEMPLATE) -> Iterator[TrainingText]:
    """The messages one grammar file gives, in a fixed order."""
    slots, templates = _parse(path)
    rng = random.Random(f"{_SEED}:{path.name}")
    seen: set[str] = set()
    for index, (intent, template, times) in enumerate(templates):
        wanted = len(seen) + per_template * times
        for _ in range(per_template * times * 3):
            if len(seen) >= wanted:
                break
            text = _fill(template, slots, rng, f"{path.name} template {index + 1}")
            if rng.random() < _TYPO_SHARE:
                text = _typo(text, rng)
            if text.lower() not in seen:
                seen.add(text.lower())
                yield TrainingText(text, intent)


def augmented_texts(folder: Path = GRAMMAR_DIR) -> list[TrainingText]:
    """Every grammar's messages (the classifier's extra training texts)."""
    texts: dict[str, TrainingText] = {}
    for path in sorted(folder.glob("*.txt")):
        for text in expand_grammar(path):
            texts.setdefault(text.text.lower(), text)
    return list(texts.values())
