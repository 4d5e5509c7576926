"""Which language the bot answers a studio-thread message in, against the language each message
is labelled with, beside two naive baselines scored in the same run: always English, and
py3langid alone (its best of our five languages, no lexicon, no memory).

    python benchmarks/language.py              # the frozen intent test set (never tuned on)
    python benchmarks/language.py --set dev    # core/intent/data train + dev (tuned on)

The bot's way (`bot.i18n.language.MemberLanguages`): a message's own language when it is clear,
else the member's last known one, else English. Rows with "context" are follow-ups: the member's
earlier messages are read first, as the bot would have read them. Slash commands are not scored:
their language is the interaction's locale, which Discord sends. The last line of stdout is one
JSON object of figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.i18n.catalog import LANGUAGES  # noqa: E402
from bot.i18n.language import MemberLanguages, _identifier, detect_language  # noqa: E402

SETS = {
    "test": [ROOT / "benchmarks/data/intent/test.jsonl"],
    "dev": [ROOT / "core/intent/data/train.jsonl", ROOT / "core/intent/data/dev.jsonl"],
}


def _rows(paths: list[Path]) -> list[dict[str, Any]]:
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def run(paths: list[Path]) -> dict[str, Any]:
    rows = _rows(paths)
    _identifier()  # load the model before timing (warm)
    detect_language("warm up the lexicon and the model")
    expected = [str(row.get("lang", "en")) for row in rows]
    english = sum(lang == "en" for lang in expected)
    alone = [str(_identifier().classify(row["text"])[0]) for row in rows]
    answers: list[str] = []
    decided: list[str | None] = []
    timings: list[float] = []
    for i, row in enumerate(rows):
        languages = MemberLanguages()
        member = f"member{i}"
        for turn in row.get("context") or []:
            if turn.get("role") == "user":
                languages.for_text(member, str(turn["text"]))
        started = time.perf_counter()
        answers.append(languages.for_text(member, row["text"]))
        timings.append((time.perf_counter() - started) * 1000)
        decided.append(detect_language(row["text"]))
    n = len(rows)
    per_language = {}
    for lang in LANGUAGES:
        picked = [i for i in range(n) if expected[i] == lang]
        if picked:
            per_language[lang] = {
                "n": len(picked),
                "studio_recall": round(sum(answers[i] == lang for i in picked) / len(picked), 3),
                "py3langid_recall": round(sum(alone[i] == lang for i in picked) / len(picked), 3),
            }
    wrong = sum(d is not None and d != e for d, e in zip(decided, expected, strict=True))
    ordered = sorted(timings)
    return {
        "set": [str(p.relative_to(ROOT)) for p in paths],
        "messages": n,
        "languages": dict(Counter(expected)),
        "baseline_always_english_accuracy": round(english / n, 3),
        "baseline_py3langid_accuracy": round(
            sum(a == e for a, e in zip(alone, expected, strict=True)) / n, 3
        ),
        "studio_accuracy": round(
            sum(a == e for a, e in zip(answers, expected, strict=True)) / n, 3
        ),
        "studio_non_english_recall": round(
            sum(a == e for a, e in zip(answers, expected, strict=True) if e != "en")
            / max(1, n - english),
            3,
        ),
        "studio_said_a_wrong_language": round(wrong / n, 3),
        "studio_left_to_memory_or_english": round(sum(d is None for d in decided) / n, 3),
        "per_language": per_language,
        "ms_per_message_median": round(statistics.median(timings), 3),
        "ms_per_message_p95": round(ordered[int(0.95 * (n - 1))], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="test", choices=sorted(SETS))
    # Already a few seconds: `make bench-quick` passes --quick to every benchmark.
    parser.add_argument("--quick", action="store_true", help="the same run (already short)")
    args = parser.parse_args()
    print(json.dumps(run(SETS[args.set]), ensure_ascii=False))


if __name__ == "__main__":
    main()
