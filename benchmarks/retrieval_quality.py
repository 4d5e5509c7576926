"""Does the narrative DNA find retellings better than the raw synopsis? hits@1 on shipped pairs.

tests/data/retrieval_pairs.jsonl holds pairs of stories that share a plot told differently
(retellings, remakes, the same premise in another setting), written for this project. Every story
is indexed through the real path (offline heuristic DNA -> facet texts -> MiniLM -> qdrant-edge),
with one extra named vector holding the raw synopsis. Each story then queries the others; a hit
is when its partner ranks first. Three rankings are compared on the same store:
- raw: the synopsis vector alone (the baseline);
- dna: the four DNA facets with the production weights;
- fused: DNA facets plus the raw synopsis vector.
Prints one JSON line. `--quick` is the same run (the set is small), for `make bench-quick`.
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

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.logging import configure_logging
from core.ports.vectors import CollectionSpec, FacetQuery, WorkPoint
from tools.narrative.facets import DEFAULT_WEIGHTS, FACETS, embed_long, facet_texts
from tools.narrative.heuristic import HeuristicExtractor
from tools.narrative.work import WorkText
from tools.retrieval.edge import EdgeVectorStore
from tools.retrieval.embedder import MiniLMEmbedder

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "retrieval_pairs.jsonl"
TENANT = "bench"
RAW = "synopsis"
# In "fused", the raw synopsis counts as much as all DNA facets together.
FUSED_RAW_WEIGHT = 1.0


def load_stories() -> tuple[list[WorkText], dict[str, str]]:
    stories: list[WorkText] = []
    partner: dict[str, str] = {}
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        ids = (f"{pair['pair']}a", f"{pair['pair']}b")
        for work_id, side in zip(ids, ("a", "b"), strict=True):
            story = pair[side]
            stories.append(WorkText(id=work_id, title=story["title"], synopsis=story["synopsis"]))
        partner[ids[0]], partner[ids[1]] = ids[1], ids[0]
    return stories, partner


async def run() -> dict[str, object]:
    started = time.perf_counter()
    stories, partner = load_stories()
    embedder = MiniLMEmbedder()
    extractor = HeuristicExtractor(embedder, count_tokens=embedder.count_tokens)
    dnas = [r.unwrap() for r in await extractor.extract_many(stories)]
    texts = [facet_texts(d) for d in dnas]
    flat = [t[f] for t in texts for f in FACETS] + [s.synopsis for s in stories]
    vectors = await embed_long(embedder, flat, count_tokens=embedder.count_tokens)
    n = len(FACETS)
    facets = (*FACETS, RAW)
    spec = CollectionSpec("bench", embedder.model_name, embedder.dimension, 1, facets)
    with tempfile.TemporaryDirectory() as tmp:
        store = EdgeVectorStore(Path(tmp), spec)
        store_open = await store.open()
        store_open.unwrap()
        points = []
        for i, story in enumerate(stories):
            named = {f: vectors[i * n + j] for j, f in enumerate(FACETS)}
            named[RAW] = vectors[len(stories) * n + i]
            points.append(WorkPoint(TENANT, story.id, named, {"title": story.title}))
        (await store.upsert(points)).unwrap()

        rankings = {
            "raw": {RAW: 1.0},
            "dna": dict(DEFAULT_WEIGHTS),
            "fused": {**DEFAULT_WEIGHTS, RAW: FUSED_RAW_WEIGHT},
            **{f"facet_{f}": {f: 1.0} for f in FACETS},
        }
        hits = dict.fromkeys(rankings, 0)
        for point in points:
            for name, weights in rankings.items():
                query = FacetQuery(
                    tenants=(TENANT,),
                    vectors=point.vectors,
                    weights=weights,
                    limit=1,
                    exclude=((TENANT, point.work_id),),
                    candidates=len(points),
                )
                top = (await store.search(query)).unwrap()
                if top and top[0].work_id == partner[point.work_id]:
                    hits[name] += 1
        await store.close()
    total = len(points)
    rate = {name: round(count / total, 3) for name, count in hits.items()}
    return {
        "benchmark": "retrieval_quality",
        "pairs": len(stories) // 2,
        "queries": total,
        "raw_hits_at_1": rate["raw"],
        "dna_hits_at_1": rate["dna"],
        "fused_hits_at_1": rate["fused"],
        "facet_hits_at_1": {f: rate[f"facet_{f}"] for f in FACETS},
        "dna_beats_raw": rate["dna"] > rate["raw"],
        "fused_beats_raw": rate["fused"] > rate["raw"],
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="same run; the set is small")
    parser.parse_args()
    configure_logging(level="warning", fmt="console")
    print(json.dumps(asyncio.run(run())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
