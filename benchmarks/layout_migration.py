"""What a vector layout change costs an install at start: servers' shows carried over from the
earlier collection (tools.narrative.migration) beside the naive way back, every show added again
through `/show add`'s own path (the offline extractor reads each synopsis again, then indexing).

The shows are the starter catalog's synopses stored as server shows (spread over 10 servers) in
an older layout (no sentence multivector, no sparse words, no fact tags), on qdrant-edge in a
temporary folder, with the real MiniLM on this machine's CPU. The two are timed in alternating
rounds on fresh copies (medians). Nothing is tuned here. Prints one JSON line.
`--shows N` (default 100).

Result (2026-12-05, 2 shared cores): 100 shows carried over in 29.8 s (298 ms a show), against
39.7 s (397 ms) to add each again; the embedding of every named vector is most of both.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.logging import configure_logging
from core.ports.vectors import CollectionSpec, WorkPoint
from tools.narrative.heuristic import HeuristicExtractor
from tools.narrative.indexing import (
    LAYOUT,
    MULTI,
    SPARSE,
    VECTORS,
    IndexItem,
    WorkIndexer,
)
from tools.narrative.migration import migrate_shows
from tools.narrative.schema import SCHEMA_VERSION
from tools.narrative.work import WorkText
from tools.retrieval.edge import EdgeVectorStore
from tools.retrieval.embedder import MiniLMEmbedder

CATALOG = Path(__file__).resolve().parent.parent / "tools" / "retrieval" / "data"
OLD_FACETS = tuple(v for v in VECTORS if v not in MULTI)
SERVERS = 10


def specs(embedder: MiniLMEmbedder) -> tuple[CollectionSpec, CollectionSpec]:
    model, dim = embedder.model_name, embedder.dimension
    new = CollectionSpec(
        "bench", model, dim, SCHEMA_VERSION, VECTORS, layout=LAYOUT, multi=MULTI, sparse=SPARSE
    )
    return CollectionSpec("bench", model, dim, SCHEMA_VERSION, OLD_FACETS, layout=2), new


def shows(count: int) -> list[WorkText]:
    rows = [
        json.loads(line)
        for path in sorted(CATALOG.glob("catalog_part*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return [WorkText(id=r["id"], title=r["title"], synopsis=r["synopsis"]) for r in rows[:count]]


async def write_earlier(root: Path, works: list[WorkText], embedder: MiniLMEmbedder) -> None:
    old, _ = specs(embedder)
    extractor = HeuristicExtractor(embedder, max_chars=60000, count_tokens=embedder.count_tokens)
    store = EdgeVectorStore(root, old)
    (await store.open()).unwrap()
    indexer = WorkIndexer(embedder, store, count_tokens=embedder.count_tokens)
    dnas = [r.unwrap() for r in await extractor.extract_many(works)]
    items = [
        IndexItem(f"guild-{i % SERVERS}", d, w.synopsis)
        for i, (w, d) in enumerate(zip(works, dnas, strict=True))
    ]
    points = [
        WorkPoint(
            p.tenant,
            p.work_id,
            {f: v for f, v in p.vectors.items() if f in OLD_FACETS},
            {k: v for k, v in p.payload.items() if k not in ("tags", "tags_inv_norm", "facts")},
        )
        for p in await indexer.points(items)
    ]
    (await store.upsert(points)).unwrap()
    await store.close()


async def carry_over(root: Path, embedder: MiniLMEmbedder) -> tuple[float, int]:
    _, new = specs(embedder)
    extractor = HeuristicExtractor(embedder, max_chars=60000, count_tokens=embedder.count_tokens)
    store = EdgeVectorStore(root, new)
    (await store.open()).unwrap()
    start = time.perf_counter()
    indexer = WorkIndexer(embedder, store, count_tokens=embedder.count_tokens)
    report = await migrate_shows(store, indexer, extractor, shared_tenant="global")
    took = time.perf_counter() - start
    await store.close()
    assert report.settled and not report.unreadable, report.summary()
    return took, sum(report.carried.values())


async def add_again(root: Path, works: list[WorkText], embedder: MiniLMEmbedder) -> float:
    """The naive way back: every show through the offline extractor and indexing again."""
    _, new = specs(embedder)
    extractor = HeuristicExtractor(embedder, max_chars=60000, count_tokens=embedder.count_tokens)
    store = EdgeVectorStore(root, new)
    (await store.open()).unwrap()
    start = time.perf_counter()
    indexer = WorkIndexer(embedder, store, count_tokens=embedder.count_tokens)
    for i, work in enumerate(works):  # one `/show add` job per show
        dna = (await extractor.extract(work)).unwrap()
        (await indexer.index([IndexItem(f"guild-{i % SERVERS}", dna, work.synopsis)])).unwrap()
    took = time.perf_counter() - start
    await store.close()
    return took


async def main(count: int, rounds: int) -> dict[str, object]:
    embedder = MiniLMEmbedder()  # no vector cache: every text is embedded, as after an upgrade
    embedder.load()
    works = shows(count)
    carried_s: list[float] = []
    again_s: list[float] = []
    carried = 0
    with tempfile.TemporaryDirectory() as tmp:
        earlier = Path(tmp) / "earlier"
        await write_earlier(earlier, works, embedder)
        for r in range(rounds):
            for name in ("carry", "again") if r % 2 == 0 else ("again", "carry"):
                root = Path(tmp) / f"{name}{r}"
                shutil.copytree(earlier, root)
                if name == "carry":
                    took, carried = await carry_over(root, embedder)
                    carried_s.append(took)
                else:
                    again_s.append(await add_again(root, works, embedder))
                shutil.rmtree(root)
    carry = statistics.median(carried_s)
    naive = statistics.median(again_s)
    return {
        "benchmark": "layout_migration",
        "shows": len(works),
        "carried": carried,
        "rounds": rounds,
        "carry_over_s": round(carry, 2),
        "carry_over_ms_per_show": round(1000 * carry / len(works), 1),
        "add_again_s": round(naive, 2),
        "add_again_ms_per_show": round(1000 * naive / len(works), 1),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    configure_logging(level="warning")
    print(json.dumps(asyncio.run(main(args.shows, args.rounds))))
