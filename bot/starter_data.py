"""`python -m bot.starter_data` (`make catalog-data`): rebuild the starter catalog's shipped
points (tools/retrieval/data/starter_points.npz) from the catalog files, with the offline
extractor and MiniLM, so a first start loads them instead of building them (minutes on 2 cores).
Run it after changing a catalog file, the offline extractor or the vector layout; a test fails
while the shipped file is stale, and a bot started with a stale file builds the catalog itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

from bot.wiring.retrieval import STARTER_DIR, starter_files
from core.logging import configure_logging
from tools.narrative.catalog_files import read_catalog
from tools.narrative.heuristic import HeuristicExtractor
from tools.narrative.indexing import WorkIndexer
from tools.narrative.starter import BUNDLE_NAME, build_points, bundle_digest, write_bundle
from tools.narrative.words import write_frequencies
from tools.retrieval.embedder import MiniLMEmbedder

__all__ = ["build"]


class _NoStore:
    """Building points needs no store."""


async def build(folder: Path, *, tenant: str = "global") -> tuple[Path, int]:
    embedder = MiniLMEmbedder(precision="float32")  # the same vectors on every CPU
    try:
        files = starter_files(folder)
        extractor = HeuristicExtractor(embedder, count_tokens=embedder.count_tokens)
        indexer = WorkIndexer(embedder, _NoStore(), count_tokens=embedder.count_tokens)  # type: ignore[arg-type]
        catalog = read_catalog(files)
        write_frequencies(r.synopsis for r in catalog)  # the "words" vectors' table, first
        points = await build_points(extractor, indexer, catalog, tenant=tenant)
        digest = bundle_digest(
            files, extractor_version=extractor.version, model=embedder.model_name
        )
        path = folder / BUNDLE_NAME
        write_bundle(path, digest, points)
        return path, len(points)
    finally:
        embedder.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", type=Path, default=STARTER_DIR, help="catalog_*.jsonl folder")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    configure_logging(level="warning", fmt="console")
    started = time.perf_counter()
    path, count = asyncio.run(build(args.folder))
    size = path.stat().st_size
    took = time.perf_counter() - started
    print(f"wrote {count} shows to {path} ({size / 1024:.0f} KiB) in {took:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
