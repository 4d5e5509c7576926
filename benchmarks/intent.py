"""Intent analysis, offline (no API key): accuracy, calibration and latency per message, beside
two naive baselines scored in the same run (the majority intent, and the pattern rules alone).

    python benchmarks/intent.py                      # the frozen test set (never tuned on)
    python benchmarks/intent.py --set old            # tests/data/intent_labelled.jsonl
    python benchmarks/intent.py --set dev            # the dev split of the training data
    python benchmarks/intent.py --set unseen         # the blind-written dev set (tuned by)
    python benchmarks/intent.py --set dev2           # the second blind-written dev set (tuned by)
    python benchmarks/intent.py --set path/to.jsonl  # any labelled file
    python benchmarks/intent.py --quick              # the first 120 messages

Rows with "context" are follow-ups: the earlier member messages are read first, as the bot would
have read them, and the labelled message is read with the thread those readings left. The
embedder runs without a vector cache so every timed message is really encoded; the model load and
the classifier build happen before timing (warm). Tables go to stderr; the last line of stdout is
one JSON object of figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.wiring.intent import starter_titles  # noqa: E402
from core.config import load_settings  # noqa: E402
from core.conversation import Turn  # noqa: E402
from core.intent.analyzer import LLM_THRESHOLD, IntentAnalyzer  # noqa: E402
from core.intent.extract import extract_params  # noqa: E402
from core.intent.replay import replay  # noqa: E402
from core.intent.rules import decide  # noqa: E402
from core.intent.schema import REQUIRED, Intent, IntentResult, missing_params  # noqa: E402
from core.intent.scoring import (  # noqa: E402
    Labelled,
    RowScore,
    calibration_error,
    load_labelled,
    per_intent,
    same_value,
    score,
)
from core.intent.training import DEV2_PATH, DEV_PATH, UNSEEN_PATH  # noqa: E402
from core.metrics import percentile  # noqa: E402
from tools.retrieval.embedder import MiniLMEmbedder  # noqa: E402

SETS = {
    "test": ROOT / "benchmarks" / "data" / "intent" / "test.jsonl",
    "old": ROOT / "tests" / "data" / "intent_labelled.jsonl",
    "dev": DEV_PATH,
    "unseen": UNSEEN_PATH,
    "dev2": DEV2_PATH,
}


def _figures(rows: Sequence[Labelled], readings: Sequence[IntentResult]) -> dict[str, Any]:
    scores = [score(r, g) for r, g in zip(readings, rows, strict=True)]
    n = len(rows)
    stats, confusion = per_intent([g.intent for g in rows], [r.intent for r in readings])
    labelled = sum(s.params_labelled for s in scores)
    return {
        "intent_accuracy": round(sum(s.intent_ok for s in scores) / n, 4),
        "param_accuracy": round(sum(s.params_ok for s in scores) / n, 4),
        "param_value_accuracy": round(sum(s.params_right for s in scores) / labelled, 4)
        if labelled
        else None,
        "min_recall": min(v["recall"] for v in stats.values() if v["support"]),
        "ece": calibration_error([r.confidence for r in readings], [s.intent_ok for s in scores]),
        "per_intent": stats,
        "confusion": confusion,
    }


def _baseline_rules(text: str) -> IntentResult:
    rule = decide(text)
    intent = rule.intent if rule else Intent.CHAT
    params = extract_params(intent, text)
    return IntentResult(
        intent=intent,
        confidence=rule.confidence if rule else 0.5,
        source="rules",
        params=params,
        missing=missing_params(intent, params),
    )


def _baseline_majority(rows: Sequence[Labelled]) -> list[IntentResult]:
    top = Counter(row.intent for row in rows).most_common(1)[0][0]
    share = sum(row.intent is top for row in rows) / len(rows)
    missing = list(REQUIRED[top])
    return [
        IntentResult(intent=top, confidence=share, source="rules", missing=missing) for _ in rows
    ]


def _by(rows: Sequence[Labelled], scores: Sequence[RowScore], key: str) -> dict[str, Any]:
    groups: dict[str, list[RowScore]] = {}
    for row, s in zip(rows, scores, strict=True):
        groups.setdefault(getattr(row, key) or "-", []).append(s)
    return {
        name: {
            "n": len(g),
            "intent_accuracy": round(sum(s.intent_ok for s in g) / len(g), 4),
            "param_accuracy": round(sum(s.params_ok for s in g) / len(g), 4),
        }
        for name, g in sorted(groups.items())
    }


async def run(path: Path, quick: bool, verbose: bool) -> dict[str, object]:
    rows = load_labelled(path)
    if quick:
        rows = rows[:120]
    settings = load_settings(env={})
    embedder = MiniLMEmbedder(batch_size=settings.embedding.batch_size)
    analyzer = IntentAnalyzer(
        settings=settings.intent, embedder=embedder, known_titles=starter_titles()
    )
    start = time.perf_counter()
    await analyzer.warm_up()
    warm_up_s = time.perf_counter() - start
    for text in ("hello there", "draw a cat", "something about ghosts", "how do i start"):
        await analyzer.analyze(text)

    latencies: list[float] = []
    readings: list[IntentResult] = []
    for row in rows:
        turns: list[Turn] = []
        if row.context:
            earlier = [t.text for t in row.context if t.role == "user"]
            turns = await replay(analyzer.analyze, earlier)
        t0 = time.perf_counter()
        reading = await analyzer.analyze(row.text, context=turns)
        latencies.append((time.perf_counter() - t0) * 1000.0)
        readings.append(reading)
    embedder.close()

    scores = [score(r, g) for r, g in zip(readings, rows, strict=True)]
    alone = _extractor_alone(rows, analyzer)
    print(_per_param_table(rows, readings, alone), file=sys.stderr)
    alone_scored = [score(r, g) for r, g in zip(alone, rows, strict=True) if r is not None]
    print(
        "every parameter right, extractor alone given the labelled intent: "
        f"{sum(s.params_ok for s in alone_scored) / max(1, len(alone_scored)):.4f} "
        f"({len(alone_scored)} messages without thread context)",
        file=sys.stderr,
    )
    if verbose:
        for row, reading, s in zip(rows, readings, scores, strict=True):
            if not s.params_ok:
                print(
                    json.dumps(
                        {
                            "text": row.text,
                            "want": [row.intent.value, dict(row.params), list(row.missing)],
                            "got": [reading.intent.value, reading.params, reading.missing],
                            "wrong": s.wrong,
                            "source": reading.source,
                        },
                        ensure_ascii=False,
                    ),
                    file=sys.stderr,
                )
    by_source: dict[str, list[tuple[float, bool]]] = {}
    for reading, ms, s in zip(readings, latencies, scores, strict=True):
        by_source.setdefault(reading.source, []).append((ms, s.intent_ok))
    ordered = sorted(latencies)
    system = _figures(rows, readings)
    rules = _figures(rows, [_baseline_rules(row.text) for row in rows])
    majority = _figures(rows, _baseline_majority(rows))
    return {
        "set": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
        "n": len(rows),
        **{k: v for k, v in system.items() if k not in ("per_intent", "confusion")},
        "p50_ms": round(percentile(ordered, 50), 2),
        "p95_ms": round(percentile(ordered, 95), 2),
        "baseline_rules": {
            k: rules[k] for k in ("intent_accuracy", "param_accuracy", "min_recall")
        },
        "baseline_majority": {k: majority[k] for k in ("intent_accuracy", "param_accuracy")},
        # With a key set, Claude would read these (the classifier below its threshold).
        "llm_share": round(
            sum(r.source == "embedding" and r.confidence < LLM_THRESHOLD for r in readings)
            / len(rows),
            4,
        ),
        "by_source": {
            source: {
                "n": len(items),
                "share": round(len(items) / len(rows), 4),
                "intent_accuracy": round(statistics.fmean(ok for _, ok in items), 4),
                "p95_ms": round(percentile(sorted(ms for ms, _ in items), 95), 3),
            }
            for source, items in sorted(by_source.items())
        },
        "by_kind": _by(rows, scores, "kind"),
        "by_lang": _by(rows, scores, "lang"),
        "per_intent": system["per_intent"],
        "confusion": system["confusion"],
        "warm_up_s": round(warm_up_s, 2),
        "torch_threads": _torch_threads(),
    }


def _per_param_table(
    rows: Sequence[Labelled], readings: Sequence[IntentResult], alone: Sequence[IntentResult | None]
) -> str:
    """Per labelled parameter: how often the system reads it right (all rows, and rows whose
    intent it got right), and how often the extractor alone does given the labelled intent
    (messages without thread context), so a miss is blamed on the right stage."""
    names = Counter(k for row in rows for k in row.params)
    lines = [
        f"{'parameter':<16}{'n':>5}{'system':>9}{'intent ok':>11}{'extractor':>11}",
    ]
    for name, n in names.most_common():
        system = right = given = alone_n = alone_right = 0
        for row, reading, own in zip(rows, readings, alone, strict=True):
            if name not in row.params:
                continue
            ok = same_value(reading.params.get(name), row.params[name])
            system += ok and reading.intent is row.intent
            if reading.intent is row.intent:
                given += 1
                right += ok
            if own is not None:
                alone_n += 1
                alone_right += same_value(own.params.get(name), row.params[name])
        lines.append(
            f"{name:<16}{n:>5}{system / n:>9.3f}"
            f"{(right / given if given else 0.0):>11.3f}"
            f"{(alone_right / alone_n if alone_n else 0.0):>11.3f}"
        )
    return "\n".join(lines)


def _extractor_alone(
    rows: Sequence[Labelled], analyzer: IntentAnalyzer
) -> list[IntentResult | None]:
    readings: list[IntentResult | None] = []
    for row in rows:
        if row.context:
            readings.append(None)
            continue
        params = extract_params(row.intent, row.text, analyzer.titles)
        readings.append(
            IntentResult(
                intent=row.intent,
                confidence=1.0,
                source="rules",
                params=params,
                missing=missing_params(row.intent, params),
            )
        )
    return readings


def _torch_threads() -> int:
    import torch

    return int(torch.get_num_threads())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        default="test",
        help="test (the frozen set, default), old, dev, unseen, or a labelled .jsonl file",
    )
    parser.add_argument("--quick", action="store_true", help="the first 120 messages only")
    parser.add_argument(
        "--verbose", action="store_true", help="print each miss to stderr (not on the test set)"
    )
    args = parser.parse_args()
    path = SETS.get(args.set) or Path(args.set)
    if not path.exists():
        parser.error(
            f"no labelled set at {path}: give test, old, dev, unseen or an existing .jsonl file"
        )
    if args.verbose and path.resolve() == SETS["test"].resolve():
        parser.error("--verbose prints the frozen test set's misses; it is never looked at")
    print(json.dumps(asyncio.run(run(path, args.quick, args.verbose)), ensure_ascii=False))


if __name__ == "__main__":
    main()
