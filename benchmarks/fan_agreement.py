"""How far two fans agree on "shows like X", beside the production ranking (dev split only).

The fan-judgement goal (hit@1 >= 0.90, precision@5 >= 0.75) is scored against one fan's lists.
Whether such figures are reachable at all depends on how much two people who know the shows
agree. `benchmarks/data/retrieval_dev/second_fan.jsonl` is a second writer's own answer for the
76 queries of the dev split, written without seeing the first fan's lists (README there). This
prints, on those queries, in one run:
- second_fan: the second fan's lists (best first) scored against the first fan's labels;
- production: `SimilarFinder` built by the composition root, as `/show similar` runs it, scored
  against the first fan's labels, against the second fan's, and against the union of both;
- recall_of_first: the share of the first fan's alike shows the second fan also named.
Nothing here chooses a weight; the test split is never read. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.lib import retrieval_eval as ev
from benchmarks.retrieval_quality import CACHE, GUILD, build, production
from core.cache import PersistentCache
from core.logging import configure_logging
from tools.retrieval.embedder import MiniLMEmbedder

ROOT = Path(__file__).resolve().parent.parent
SECOND = ROOT / "benchmarks" / "data" / "retrieval_dev" / "second_fan.jsonl"


def second_lists(path: Path = SECOND) -> dict[str, list[str]]:
    """The second fan's alike lists by query id, best first."""
    return {str(r["query"]): [str(i) for i in r["alike"]] for r in ev.read_jsonl(path)}


def agreement(
    first: list[ev.FanQuery], second: dict[str, list[str]], ranked: dict[str, list[str]]
) -> dict[str, Any]:
    """The figures of the module docstring for the dev queries both fans answered."""
    queries = [q for q in first if q.split == "dev" and q.query in second]
    labels_1 = [q.alike for q in queries]
    labels_2 = [frozenset(second[q.query]) for q in queries]
    found = sum(len(q.alike & l2) for q, l2 in zip(queries, labels_2, strict=True))
    return {
        "queries": len(queries),
        "second_fan": ev.metrics([second[q.query] for q in queries], labels_1),
        "production": ev.metrics([ranked[q.query] for q in queries], labels_1),
        "production_vs_second_fan": ev.metrics([ranked[q.query] for q in queries], labels_2),
        "production_vs_either_fan": ev.metrics(
            [ranked[q.query] for q in queries],
            [a | b for a, b in zip(labels_1, labels_2, strict=True)],
        ),
        "recall_of_first": round(found / max(1, sum(len(q.alike) for q in queries)), 3),
    }


async def run() -> dict[str, Any]:
    started = time.perf_counter()
    second = second_lists()
    first = ev.fan_queries()
    embedder = MiniLMEmbedder(
        persistent_cache=PersistentCache(CACHE / "vectors.sqlite3", "embeddings", max_bytes=1 << 30)
    )
    with tempfile.TemporaryDirectory() as tmp:
        parts = await build(Path(tmp) / "catalog", embedder, starter=True, tenant="global")
        try:
            asked = [q.query for q in first if q.split == "dev" and q.query in second]
            ranked = await production(parts, GUILD, "global", asked)
        finally:
            await parts.close()
    report = {"benchmark": "fan_agreement", "split": "dev", **agreement(first, second, ranked)}
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def main() -> int:
    argparse.ArgumentParser(description=__doc__).parse_args()
    configure_logging(level="warning", fmt="console")
    print(json.dumps(asyncio.run(run())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
