"""`/show similar` warm latency on the production layout: the shipped starter catalog (156 real
shows) plus 10k synthetic shows of the querying server (with copies of some catalog shows), each
query a title lookup and the fused search through FindSimilarTool, as the bot runs it."""

from __future__ import annotations

import math
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from core.context import RequestContext
from core.intent.schema import FindSimilarParams
from core.ports.vectors import AnyVector, CollectionSpec, VectorStore, WorkPoint
from tools.narrative.facts import TAG_FIELD_WEIGHTS
from tools.narrative.indexing import LAYOUT, MULTI, SPARSE, VECTORS, WorkIndexer
from tools.narrative.library import Library
from tools.narrative.similar import FindSimilarTool, SimilarFinder
from tools.narrative.starter import BUNDLE_NAME, read_bundle
from tools.narrative.words import WORDS, word_vector
from tools.retrieval.edge import EdgeVectorStore
from tools.retrieval.embedder import DIMENSION, MODEL_NAME, MiniLMEmbedder

STARTER = Path(__file__).resolve().parents[2] / "tools" / "retrieval" / "data"
GUILD = "guild-1"
SINGLE = [v for v in VECTORS if v not in MULTI]
_TAGS = [f"{f}:{v}" for f in TAG_FIELD_WEIGHTS for v in ("a", "b", "c", "d")]


def synthetic(count: int, catalog: list[WorkPoint]) -> list[WorkPoint]:
    rng = np.random.default_rng(11)
    vectors = rng.standard_normal((count, len(SINGLE), DIMENSION)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=2, keepdims=True)
    # Twelve vectors per work for each multivector (sentences, masked sentences).
    multi = rng.standard_normal((len(MULTI), count * 12, DIMENSION)).astype(np.float32)
    multi /= np.linalg.norm(multi, axis=2, keepdims=True)
    # Each synthetic show reads like a catalog show: its synopsis (the query's words) and word
    # vector are a real one's, so the sparse index holds real-length posting lists.
    texts = [str(p.payload.get("synopsis") or "") for p in catalog]
    words = [word_vector(t) for t in texts]
    out = []
    for i in range(count):
        tags = sorted({_TAGS[int(t)] for t in rng.integers(0, len(_TAGS), 8)})
        norm = math.sqrt(sum(TAG_FIELD_WEIGHTS[t.split(":")[0]] ** 2 for t in tags))
        payload = {
            "title": f"Guild Show {i}",
            "tags": tags,
            "tags_inv_norm": 1 / norm,
            "synopsis": texts[i % len(texts)],
        }
        named: dict[str, AnyVector] = dict(zip(SINGLE, vectors[i].tolist(), strict=True))
        for k, name in enumerate(MULTI):
            named[name] = multi[k, i * 12 : (i + 1) * 12].tolist()
        out.append(WorkPoint(GUILD, f"g{i}", named, payload, {WORDS: words[i % len(words)]}))
    # The server also holds its own copy of every tenth catalog show.
    out += [WorkPoint(GUILD, p.work_id, p.vectors, p.payload, p.sparse) for p in catalog[::10]]
    return out


async def measure(store: VectorStore, tenant_shows: int, queries: int) -> dict[str, Any]:
    bundle = read_bundle(STARTER / BUNDLE_NAME, tenant="global")
    assert bundle is not None and bundle.points, "no shipped starter data: run make catalog-data"
    (await store.open()).unwrap()
    try:
        (await store.upsert(bundle.points)).unwrap()
        extra = synthetic(tenant_shows, bundle.points)
        for start in range(0, len(extra), 2048):
            (await store.upsert(extra[start : start + 2048])).unwrap()
        library = Library(store, global_tenant="global")
        # Title queries never embed: the embedder is never loaded. Catalog shows rank on the
        # facts and tags; a server's own show (no curated facts) on its sentences.
        indexer = WorkIndexer(MiniLMEmbedder(), store)
        tool = FindSimilarTool(SimilarFinder(library, indexer, None))  # type: ignore[arg-type]
        titles = [str(p.payload["title"]) for p in bundle.points]
        titles += [f"Guild Show {i}" for i in range(0, tenant_shows, max(1, tenant_shows // 50))]
        ctx = RequestContext(tenant=GUILD, user_id="bench")
        times = []
        for q in range(queries + 5):
            params = FindSimilarParams(title=titles[(q * 7) % len(titles)], k=5)
            started = time.perf_counter()
            result = await tool.run(params, ctx)
            elapsed = (time.perf_counter() - started) * 1000.0
            ids = [r["id"] for r in result.unwrap().data["results"]]
            assert len(ids) == len(set(ids)) == 5
            if q >= 5:  # the first few warm the caches
                times.append(elapsed)
    finally:
        await store.close()
    return {
        "similar_points": len(bundle.points) + len(extra),
        "similar_p50_ms": round(statistics.median(times), 2),
        "similar_p95_ms": round(float(np.percentile(times, 95)), 2),
    }


async def bench_similar(tenant_shows: int = 10_000, queries: int = 200) -> dict[str, Any]:
    spec = CollectionSpec(
        "bench", MODEL_NAME, DIMENSION, 1, VECTORS, layout=LAYOUT, multi=MULTI, sparse=SPARSE
    )
    with tempfile.TemporaryDirectory() as tmp:
        found = await measure(EdgeVectorStore(Path(tmp), spec), tenant_shows, queries)
    found["goal_similar_p95_50ms"] = found["similar_p95_ms"] <= 50.0
    return found
