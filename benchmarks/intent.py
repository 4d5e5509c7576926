"""Intent analysis, offline (no API key): accuracy on the labelled set and latency per message.

Scores tests/data/intent_labelled.jsonl with the same analyzer the bot uses (rules, then the
MiniLM embedding stage). The embedder runs without its vector cache so every timed message is
really encoded; the model load and the example vectors are done before timing (warm-up).

Prints one final JSON line:
{"n", "intent_accuracy", "param_accuracy", "p50_ms", "p95_ms", "by_source", ...}

    python benchmarks/intent.py            # the whole labelled set
    python benchmarks/intent.py --quick    # the first 120 messages (well under a minute)
    python benchmarks/intent.py --subset odd   # one half (the set was split in two for tuning)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.config import load_settings  # noqa: E402
from core.intent.analyzer import IntentAnalyzer  # noqa: E402
from core.intent.scoring import load_labelled, score  # noqa: E402
from core.metrics import percentile  # noqa: E402
from tools.retrieval.embedder import MiniLMEmbedder  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "intent_labelled.jsonl"


async def run(quick: bool, subset: str) -> dict[str, object]:
    rows = load_labelled(LABELLED)
    if subset == "even":
        rows = rows[0::2]
    elif subset == "odd":
        rows = rows[1::2]
    if quick:
        rows = rows[:120]
    settings = load_settings(env={})
    embedder = MiniLMEmbedder(batch_size=settings.embedding.batch_size)
    analyzer = IntentAnalyzer(settings=settings.intent, embedder=embedder)
    start = time.perf_counter()
    await analyzer.warm_up()
    warm_up_s = time.perf_counter() - start
    for text in ("hello there", "draw a cat", "something about ghosts", "how do i start"):
        await analyzer.analyze(text)

    latencies: list[float] = []
    by_source: dict[str, dict[str, list[float]]] = {}
    intent_ok = params_ok = 0
    for row in rows:
        t0 = time.perf_counter()
        reading = await analyzer.analyze(row.text)
        ms = (time.perf_counter() - t0) * 1000.0
        right_intent, right_params = score(reading, row)
        intent_ok += right_intent
        params_ok += right_params
        latencies.append(ms)
        stats = by_source.setdefault(reading.source, {"ms": [], "ok": []})
        stats["ms"].append(ms)
        stats["ok"].append(float(right_intent))
    # A pasted synopsis near the 4000-character Discord message limit, and one at the bot's own
    # text limit: reading stays linear in the length.
    long_ms = {}
    for chars in (4000, 60000):
        synopsis = ("a keeper finds letters from the future in bottles, " * 2000)[:chars]
        t0 = time.perf_counter()
        await analyzer.analyze(f"analyze Bottled Light: {synopsis}")
        long_ms[str(chars)] = round((time.perf_counter() - t0) * 1000.0, 1)
    embedder.close()
    ordered = sorted(latencies)
    n = len(rows)
    return {
        "n": n,
        "intent_accuracy": round(intent_ok / n, 4),
        "param_accuracy": round(params_ok / n, 4),
        "p50_ms": round(percentile(ordered, 50), 2),
        "p95_ms": round(percentile(ordered, 95), 2),
        "by_source": {
            source: {
                "n": len(stats["ms"]),
                "share": round(len(stats["ms"]) / n, 4),
                "intent_accuracy": round(statistics.fmean(stats["ok"]), 4),
                "p50_ms": round(percentile(sorted(stats["ms"]), 50), 3),
                "p95_ms": round(percentile(sorted(stats["ms"]), 95), 3),
            }
            for source, stats in sorted(by_source.items())
        },
        "long_message_ms": long_ms,
        "subset": subset,
        "warm_up_s": round(warm_up_s, 2),
        "torch_threads": _torch_threads(),
    }


def _torch_threads() -> int:
    import torch

    return int(torch.get_num_threads())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the first 120 messages only")
    parser.add_argument("--subset", choices=("all", "even", "odd"), default="all")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.quick, args.subset))))


if __name__ == "__main__":
    main()
