""" "Shows like X", measured on independent sets the ranking was never tuned on (test split).

Sets (benchmarks/data/retrieval, written by hand from knowledge of the shows, each row with a
"split": "dev" rows may be used to choose weights, "test" rows only to report):
- fan_judgement: a starter-catalog show and the catalog shows a fan accepts as alike; a result
  counts when it is in "alike". hit@1, precision@5, MRR.
- described_stories: a one-sentence description and the show it means, searched against the
  catalog through the same path as `studio similar --text`. hit@1, MRR.
- retellings: stories told twice (remakes, adaptations); corpus = every text of every pair, a
  hit = another text of the same "source". hit@1, MRR. (Without that file: the in-sample
  tests/data/retrieval_pairs.jsonl, named as such.)

Rankings, side by side in one run:
- baseline_a: plain MiniLM cosine on the raw synopsis (its first 256 tokens);
- baseline_b: baseline_a fused with the Jaccard overlap of the catalog's `genres` (a weighted sum;
  the weight picked on dev, printed);
- signal_<name>: each named vector alone (synopsis windows, facts, sentences, the four DNA
  facets), the sparse "words" vector (shared rare words) and the shared-facts tag score alone;
- production: `SimilarFinder` built by the composition root (bot/wiring/retrieval.py) on a
  qdrant-edge store, exactly what `/show similar` and `studio similar` run.
`--tune` prints the best weights on the dev split (nothing on test), the dev
cross-validated figures of the grid and of the learned ranker that chose WORK_WEIGHTS, of
second-order similarity (shows alike through shared neighbours) fused with it, of who made
each show (creators, source authors) in the shared-facts score, and, with `--associations` (about
an hour more), of tag associations learned on dev pairs as query expansion
(benchmarks/lib/retrieval_assoc_cv.py).
`--splits dev` reports dev only (for development). `--quick` skips the single-signal rows.
Ends with one JSON line.
Vectors and DNAs are cached under ~/.cache/studio-bench (a second run takes seconds).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.lib import retrieval_assoc_cv as assoc
from benchmarks.lib import retrieval_cv as cv
from benchmarks.lib import retrieval_eval as ev
from benchmarks.lib import retrieval_fan as fan_tags
from benchmarks.lib import retrieval_fields as fields
from benchmarks.lib import retrieval_learn as learn
from benchmarks.lib import retrieval_people as people
from benchmarks.lib import retrieval_second as second
from bot.wiring.retrieval import DNA_CACHE, RetrievalParts, build_retrieval, starter_files
from core.cache import CacheRegistry, PersistentCache
from core.config import load_settings
from core.logging import configure_logging
from core.metrics import Metrics
from tools.narrative.catalog import CatalogRecord
from tools.narrative.catalog_files import read_catalog
from tools.narrative.facets import embed_long
from tools.narrative.indexing import MULTI, VECTORS
from tools.narrative.ranking import PLAIN_WEIGHTS, PREFETCH, TEXT_WEIGHTS, WORK_WEIGHTS
from tools.retrieval.embedder import MiniLMEmbedder

CACHE = Path(os.environ.get("STUDIO_BENCH_CACHE", Path.home() / ".cache" / "studio-bench"))
GUILD = "bench-guild"  # queries run as a server that has no shows of its own
TOP = 10  # the most results `/show similar` gives; MRR counts ranks up to here (MRR@10)


async def build(
    data_dir: Path, embedder: MiniLMEmbedder, *, starter: bool, tenant: str
) -> RetrievalParts:
    settings = load_settings(
        env={},
        overrides={
            "data_dir": str(data_dir),
            "catalog": {"load_starter": starter, "global_tenant": tenant, "extractor": "heuristic"},
        },
    )
    caches = CacheRegistry()
    caches.register(PersistentCache(CACHE / "dna.sqlite3", DNA_CACHE, max_bytes=1 << 30))
    return (
        await build_retrieval(settings, metrics=Metrics(), caches=caches, embedder=embedder)
    ).unwrap()


def catalog() -> list[CatalogRecord]:
    """The starter catalog as the bot loads it (side facts merged)."""
    return read_catalog(starter_files())


async def stored_vectors(
    parts: RetrievalParts, tenant: str, ids: Sequence[str]
) -> tuple[dict[str, ev.Matrix], dict[str, ev.Matrix]]:
    """The stored vectors of the single-vector facets, and the pairwise similarity on every
    facet (cosine; MaxSim averaged over the query's sentences for the multivector ones)."""
    rows: dict[str, list[Any]] = {v: [] for v in VECTORS}
    for work_id in ids:
        work = (await parts.store.get([tenant], work_id, with_vectors=True)).unwrap()
        assert work is not None and work.vectors, work_id
        for name in VECTORS:
            rows[name].append(work.vectors[name])
    single = {n: np.asarray(v, dtype=np.float32) for n, v in rows.items() if n not in MULTI}
    similar = {n: ev.cosine(m, m) for n, m in single.items()}
    for name in MULTI:
        similar[name] = ev.maxsim([np.asarray(r, dtype=np.float32) for r in rows[name]])
    return single, similar


async def production(
    parts: RetrievalParts, tenant: str, global_tenant: str, ids: Sequence[str]
) -> dict[str, list[str]]:
    """Each stored work's full ranking through the finder (`/show similar`'s path)."""
    out = {}
    for work_id in ids:
        work = (await parts.library.get(global_tenant, work_id, with_vectors=True)).unwrap()
        shows = (await parts.finder.like_work(tenant, work, k=TOP)).unwrap()
        out[work_id] = [s.id for s in shows]
    return out


def split_rows(items: Sequence[Any], splits: Sequence[str]) -> dict[str, list[int]]:
    return {s: [i for i, it in enumerate(items) if it.split == s] for s in splits}


async def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    splits = args.splits.split(",")
    embedder = MiniLMEmbedder(
        persistent_cache=PersistentCache(CACHE / "vectors.sqlite3", "embeddings", max_bytes=1 << 30)
    )
    records = catalog()
    ids = [r.id or "" for r in records]
    index = {i: n for n, i in enumerate(ids)}
    report: dict[str, Any] = {"benchmark": "retrieval_quality", "splits": splits}
    with tempfile.TemporaryDirectory() as tmp:
        parts = await build(Path(tmp) / "catalog", embedder, starter=True, tenant="global")
        try:
            signals, mats = await stored_vectors(parts, "global", ids)
            mats["tags"] = ev.tag_matrix([r.genres for r in records], [r.facts() for r in records])
            mats["words"] = ev.word_matrix([r.synopsis for r in records])
            raw = np.asarray(await embedder.embed([r.synopsis for r in records]), dtype=np.float32)
            mats["baseline_a"] = ev.cosine(raw, raw)
            mats["genres"] = ev.jaccard_matrix([{g.casefold() for g in r.genres} for r in records])
            fans = [q for q in ev.fan_queries() if q.query in index]

            async def embed(texts: Sequence[str]) -> ev.Matrix:  # as the indexer embeds facts
                found = await embed_long(embedder, texts, count_tokens=embedder.count_tokens)
                return np.asarray(found, dtype=np.float32)

            report["fan_judgement"], extra = await fan_report(
                parts, fans, ids, index, mats, splits, args, records=records, embed=embed
            )
            report.update(extra)
            stories = ev.described()
            report["described_stories"] = await described_report(
                parts, embedder, stories, ids, index, signals, raw, splits, args
            )
        finally:
            await parts.close()
        report["retellings"] = await retellings_report(Path(tmp) / "retell", embedder, splits, args)
    report["weights"] = {
        "work": dict(WORK_WEIGHTS),
        "plain": dict(PLAIN_WEIGHTS),
        "text": dict(TEXT_WEIGHTS),
        "prefetch": PREFETCH,
    }
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


async def fan_report(
    parts: RetrievalParts,
    fans: Sequence[ev.FanQuery],
    ids: Sequence[str],
    index: Mapping[str, int],
    mats: Mapping[str, ev.Matrix],
    splits: Sequence[str],
    args: argparse.Namespace,
    *,
    records: Sequence[CatalogRecord],
    embed: fields.Embed,
) -> tuple[dict[str, Any], dict[str, Any]]:
    rows = split_rows(fans, splits)
    dev = [index[q.query] for q in fans if q.split == "dev"]
    dev_good = [q.alike for q in fans if q.split == "dev"]

    def score(
        m: ev.Matrix, which: Sequence[int], good: Sequence[frozenset[str]]
    ) -> dict[str, float]:
        return ev.metrics(ev.rank_rows(m, ids, which, self_out=True), good)

    # Baseline B: the genre weight that does best on dev (hit@1, then p@5).
    def dev_value(w: float) -> float:
        m = score((1 - w) * mats["baseline_a"] + w * mats["genres"], dev, dev_good)
        return m["hit@1"] + m["p@5"] / 10

    genre_w = max((w / 10 for w in range(11)), key=dev_value)
    ranked = await production(parts, GUILD, "global", [q.query for q in fans]) if fans else {}
    extra: dict[str, Any] = {}
    if args.tune:
        np.savez(CACHE / "fan_matrices.npz", ids=np.asarray(ids), **mats)
        cv.tune_work(mats, ids, dev, dev_good, PREFETCH)
        extra["fan_dev_cv"] = cv.fan(mats, ids, dev, dev_good, PREFETCH)
        dev_fans = [q for q in fans if q.split == "dev"]
        asked = (mats, ids, [index[q.query] for q in dev_fans], dev_fans)
        genres, facts = [r.genres for r in records], [r.facts() for r in records]
        extra["fan_dev_cv"].update(learn.report(*asked))
        extra["fan_dev_second_order"] = second.report(*asked, genres=genres, facts=facts)
        if args.associations:  # nested CV with a logistic fit: about an hour on two cores
            # Tag associations learned on dev pairs (query expansion).
            extra["fan_dev_tag_associations"] = assoc.report(*asked, genres=genres, facts=facts)
        # Who made each show (catalog_people.jsonl), with and without the lines marked unsure.
        extra["fan_dev_people"] = people.report(
            {"all names": records, "sure names only": read_catalog(starter_files(), unsure=False)},
            *asked,
        )
        # Fans' descriptors (catalog_fan.jsonl) in the shared-facts score, nested CV.
        extra["fan_dev_fan_descriptors"] = fan_tags.report(genres, facts, *asked, PREFETCH)
        found = await fields.variants(records, mats, embed)
        extra["fan_dev_fields"] = fields.field_report(
            found, ids, dev, dev_good, [q.surface for q in dev_fans]
        )
    # What each signal adds on dev: the production weights without it (numpy, same fusion).
    ablation = {}
    for left_out in WORK_WEIGHTS:
        weights = {k: w for k, w in WORK_WEIGHTS.items() if k != left_out}
        fused = ev.fused_prefetch(mats, weights, PREFETCH)
        ablation[f"without_{left_out}"] = score(fused, dev, dev_good)
    out: dict[str, Any] = {}
    for split, which in rows.items():
        qs = [fans[i] for i in which]
        good = [q.alike for q in qs]
        at = [index[q.query] for q in qs]
        block = {
            "baseline_a": score(mats["baseline_a"], at, good),
            "baseline_b": score(
                (1 - genre_w) * mats["baseline_a"] + genre_w * mats["genres"], at, good
            ),
            "production": ev.metrics([ranked[q.query] for q in qs], good),
        }
        if not args.quick:
            for name in (*VECTORS, "tags", "words"):
                block[f"signal_{name}"] = score(mats[name], at, good)
        out[split] = block
    return out, {"baseline_b_genre_weight": genre_w, "fan_dev_ablation": ablation, **extra}


async def described_report(
    parts: RetrievalParts,
    embedder: MiniLMEmbedder,
    stories: Sequence[ev.Described],
    ids: Sequence[str],
    index: Mapping[str, int],
    signals: Mapping[str, ev.Matrix],
    raw: ev.Matrix,
    splits: Sequence[str],
    args: argparse.Namespace,
) -> dict[str, Any]:
    stories = [s for s in stories if s.show in index]
    if not stories:
        return {}
    queries = np.asarray(await embedder.embed([s.text for s in stories]), dtype=np.float32)
    mats = {name: ev.cosine(queries, signals[name]) for name in ("synopsis", "facts")}
    mats["baseline_a"] = ev.cosine(queries, raw)
    ranked = []
    for s in stories:
        shows = (await parts.finder.like_text(GUILD, s.text, k=TOP)).unwrap()
        ranked.append([x.id for x in shows])
    if args.tune:
        np.savez(CACHE / "described_matrices.npz", ids=np.asarray(ids), **mats)
        dev = [i for i, s in enumerate(stories) if s.split == "dev"]
        good = [frozenset({stories[i].show}) for i in dev]
        for keys in (("synopsis", "facts"), ("baseline_a", "synopsis", "facts")):

            def value(w: dict[str, float]) -> float:
                m = ev.metrics(ev.rank_rows(ev.fused(mats, w), ids, dev, self_out=False), good)
                return ev.one_answer_objective(m)

            weights, _ = ev.best(ev.grid(0.1, keys), value)
            m = ev.metrics(ev.rank_rows(ev.fused(mats, weights), ids, dev, self_out=False), good)
            print(f"tune described dev {keys}: {weights} -> {m}", file=sys.stderr)
    out: dict[str, Any] = {}
    for split, which in split_rows(stories, splits).items():
        good = [frozenset({stories[i].show}) for i in which]
        block = {
            "baseline_a": ev.without_p5(
                ev.metrics(ev.rank_rows(mats["baseline_a"], ids, which, self_out=False), good)
            ),
            "production": ev.without_p5(ev.metrics([ranked[i] for i in which], good)),
        }
        if not args.quick:
            for name in ("synopsis", "facts"):
                block[f"signal_{name}"] = ev.without_p5(
                    ev.metrics(ev.rank_rows(mats[name], ids, which, self_out=False), good)
                )
        out[split] = block
    return out


async def retellings_report(
    folder: Path, embedder: MiniLMEmbedder, splits: Sequence[str], args: argparse.Namespace
) -> dict[str, Any]:
    stories, origin = ev.stories()
    tenant = "retellings"
    parts = await build(folder, embedder, starter=False, tenant=tenant)
    try:
        lines = [
            (n, json.dumps({"id": s.id, "title": s.title, "synopsis": s.text}))
            for n, s in enumerate(stories, start=1)
        ]
        (await parts.importer.import_lines(lines, tenant, source="benchmark")).unwrap()
        ids = [s.id for s in stories]
        _, mats = await stored_vectors(parts, tenant, ids)
        ranked = await production(parts, "retell-guild", tenant, ids)
    finally:
        await parts.close()
    raw = np.asarray(await embedder.embed([s.text for s in stories]), dtype=np.float32)
    mats["baseline_a"] = ev.cosine(raw, raw)
    mats["words"] = ev.word_matrix([s.text for s in stories])
    same = [
        frozenset(t.id for t in stories if t.source == s.source and t.id != s.id) for s in stories
    ]
    dev = [i for i, s in enumerate(stories) if s.split == "dev"]
    if args.tune and dev:
        np.savez(CACHE / "retellings_matrices.npz", ids=np.asarray(ids), **mats)
        good = [same[i] for i in dev]
        keys = ("sentences", "words", "synopsis", "facts", "theme")

        def value(w: dict[str, float]) -> float:
            return ev.one_answer_objective(ev.stories_ranked(ev.fused(mats, w), ids, dev, good))

        weights, _ = ev.best(ev.grid(0.1, keys), value)
        m = ev.metrics(ev.rank_rows(ev.fused(mats, weights), ids, dev, self_out=True), good)
        print(f"tune retellings dev {keys}: {weights} -> {m}", file=sys.stderr)
    out: dict[str, Any] = {"corpus": origin, "texts": len(stories)}
    if args.tune and dev:
        out["dev_cv"] = cv.retellings(mats, ids, dev, [same[i] for i in dev], stories)
    split_names = splits if origin.startswith("benchmarks") else ["all"]
    for split, which in split_rows(stories, split_names).items():
        good = [same[i] for i in which]
        block = {
            "baseline_a": ev.without_p5(
                ev.metrics(ev.rank_rows(mats["baseline_a"], ids, which, self_out=True), good)
            ),
            "production": ev.without_p5(ev.metrics([ranked[ids[i]] for i in which], good)),
        }
        if not args.quick:
            for name in (*VECTORS, "words"):
                block[f"signal_{name}"] = ev.without_p5(
                    ev.metrics(ev.rank_rows(mats[name], ids, which, self_out=True), good)
                )
        out[split] = block
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the single-signal rows")
    parser.add_argument("--tune", action="store_true", help="print the best weights on dev")
    parser.add_argument("--splits", default="dev,test", help="splits to report (dev,test)")
    parser.add_argument(
        "--associations",
        action="store_true",
        help="with --tune: also the nested CV of learned tag associations (about an hour)",
    )
    args = parser.parse_args()
    configure_logging(level="warning", fmt="console")
    print(json.dumps(asyncio.run(run(args))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
