"""Does the narrative DNA state true facts? Agreement with hand-written DNA facts, field by field.

benchmarks/data/retrieval/dna_facts.jsonl holds, for 40+ starter-catalog shows, facts written by
hand from knowledge of the shows (never from this system's output): the main characters and
their roles, where and when the story is set, its tone and a few tropes; each row is in the dev
or the test split. Every show is read from its starter-catalog line, and the DNA compared:

- characters: share of the hand-written characters the DNA names (a name, a short form or an
  alias matches); characters_precision: share of the DNA's characters that are hand-written ones
  (informational: the hand-written list holds only the main cast);
- roles: share of the matched characters whose role is the hand-written one;
- setting.place: the DNA's place names the hand-written place (one names a part of the other);
- setting.era: the same era id;
- tone, tropes: share of the labels the DNA states that the hand-written facts hold (what a
  member reads must be right), with recall beside it.

Readers compared in the same run, on the same shows:
- baseline: the zero-shot embedding reading alone for era, tone and tropes (what the offline
  reader did before: no catalog facts, no cues from the text); its characters and places come
  from today's name reader (aliases merged, places told from people), so those columns are not
  a before/after;
- offline_text: the offline reader on the synopsis alone (what a show a member adds gets);
- offline: the offline reader with the catalog's curated facts (what a starter show gets);
- claude: the Claude extractor, when ANTHROPIC_API_KEY is set; otherwise null, with the reason.
Agreement per field and per source of the field (catalog, text, year, guess) on the dev split is
what /show dna uses to decide which fields are facts (the lower bound of a 90% Wilson interval
over the dev shows must reach 0.80): `--write-trust` writes it to
tools/narrative/data/dna_trust.json. Tune on dev only (`--splits dev`); the test split is read
once at the end. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.lib.dna_facts_match import (  # noqa: E402
    FIELDS,
    Gold,
    load_gold,
    score_show,
)
from core.cache import PersistentCache  # noqa: E402
from core.logging import configure_logging  # noqa: E402
from tools.narrative.catalog import parse_line  # noqa: E402
from tools.narrative.heuristic import HeuristicExtractor  # noqa: E402
from tools.narrative.schema import NarrativeDNA  # noqa: E402
from tools.narrative.trust import (  # noqa: E402
    TRUST_FILE,
    agreement_lower_bound,
    field_trust,
    source_key,
    trust_figures,
)
from tools.narrative.work import DnaExtractor, WorkText  # noqa: E402
from tools.retrieval.embedder import MiniLMEmbedder  # noqa: E402

FACTS = ROOT / "benchmarks" / "data" / "retrieval" / "dna_facts.jsonl"
CATALOG = sorted((ROOT / "tools" / "retrieval" / "data").glob("catalog_*.jsonl"))
THRESHOLD = 0.8
HIDE_BELOW = 0.5


def catalog_works() -> dict[str, WorkText]:
    works: dict[str, WorkText] = {}
    for path in CATALOG:
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                record = parse_line(raw, max_chars=60000)
                if not isinstance(record, str):
                    work = record.work("starter catalog")
                    works[work.id] = work
    return works


async def read_all(extractor: DnaExtractor, works: Sequence[WorkText]) -> list[NarrativeDNA]:
    results = await extractor.extract_many(works)
    return [r.unwrap() for r in results]


def aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per field: the share of shows (or matched characters) that agree, and how many."""
    out: dict[str, Any] = {}
    for field in FIELDS:
        hits = [r[field] for r in rows if r.get(field) is not None]
        out[field] = round(statistics.fmean(hits), 3) if hits else None
        out[f"{field}_n"] = len(hits)
    for extra in ("characters_precision", "tone_recall", "tropes_recall"):
        values = [r[extra] for r in rows if r.get(extra) is not None]
        out[extra] = round(statistics.fmean(values), 3) if values else None
    return out


def by_source(rows: list[dict[str, Any]], dnas: list[NarrativeDNA]) -> dict[str, dict[str, Any]]:
    """Agreement per field and per source of that field (what `/show dna` trusts)."""
    pools: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for row, dna in zip(rows, dnas, strict=True):
        for field in FIELDS:
            if row.get(field) is None:
                continue
            pools[field][source_key(dna, field)].append(float(row[field]))
    return {
        field: {
            source: {
                "agreement": round(statistics.fmean(v), 3),
                "shows": len(v),
                # What /show dna compares with the threshold (tools/narrative/trust.py).
                "lower_bound": round(agreement_lower_bound(statistics.fmean(v), len(v)), 3),
            }
            for source, v in sorted(per.items())
        }
        for field, per in sorted(pools.items())
    }


def stated_as_fact(
    rows: list[dict[str, Any]], dnas: list[NarrativeDNA], figures: Mapping[str, Any]
) -> dict[str, Any]:
    """Per field, what /show dna states as fact under `figures`: on how many shows, and how often
    it agrees with the hand-written facts there (with the 90% Wilson lower bound)."""
    pools: dict[str, list[float]] = defaultdict(list)
    for row, dna in zip(rows, dnas, strict=True):
        trust = field_trust(dna, figures)
        for field in FIELDS:
            if row.get(field) is not None and trust.get(field) == "fact":
                pools[field].append(float(row[field]))
    out: dict[str, Any] = {}
    for field in FIELDS:
        v = pools.get(field, [])
        agreement = statistics.fmean(v) if v else None
        out[field] = {
            "shows": len(v),
            "agreement": round(agreement, 3) if agreement is not None else None,
            "lower_bound": round(agreement_lower_bound(agreement, len(v)), 3) if v else None,
        }
    return out


async def run(args: argparse.Namespace) -> dict[str, Any]:
    configure_logging(level="warning", fmt="json", stream=sys.stderr)
    works = catalog_works()
    gold = load_gold(Path(args.facts), {w.id: w.year for w in works.values()})
    missing = sorted(g.id for g in gold if g.id not in works)
    if missing:
        raise SystemExit(f"dna_facts.jsonl names shows the catalog lacks: {', '.join(missing)}")
    cache = PersistentCache(args.cache, "bench_vectors", max_bytes=1 << 30) if args.cache else None
    embedder = MiniLMEmbedder(persistent_cache=cache)
    embedder.load()
    extractor = HeuristicExtractor(embedder, count_tokens=embedder.count_tokens)
    zero_shot = HeuristicExtractor(embedder, count_tokens=embedder.count_tokens, zero_shot=True)
    report: dict[str, Any] = {"benchmark": "dna_facts", "threshold": THRESHOLD}
    trust: dict[str, Any] = {}
    for split in args.splits:
        rows = [g for g in gold if g.split == split]
        with_facts = [works[g.id] for g in rows]
        text_only = [replace(w, facts={}) for w in with_facts]
        readers: dict[str, list[NarrativeDNA]] = {
            "offline": await read_all(extractor, with_facts),
            "offline_text": await read_all(extractor, text_only),
        }
        readers["baseline"] = await read_all(zero_shot, text_only)
        section: dict[str, Any] = {"shows": len(rows)}
        scored: dict[str, list[dict[str, Any]]] = {}
        for name, dnas in readers.items():
            scored[name] = [score_show(g, d) for g, d in zip(rows, dnas, strict=True)]
            section[name] = aggregate(scored[name])
        # Trust per source: catalog-sourced fields from the catalog reading, the rest from the
        # reading of the text alone (each show counted once per field).
        catalog_part = by_source(scored["offline"], readers["offline"])
        text_part = by_source(scored["offline_text"], readers["offline_text"])
        sources = {
            field: {
                **{
                    s: v for s, v in text_part.get(field, {}).items() if not s.startswith("catalog")
                },
                **{s: v for s, v in catalog_part.get(field, {}).items() if s.startswith("catalog")},
            }
            for field in FIELDS
        }
        section["by_source"] = sources
        if split == "dev":
            trust = sources
        # What a starter show (offline) and a member's own show (offline_text) state as fact,
        # judged with the dev figures (this run's when it reads dev).
        figures = {"threshold": THRESHOLD, "hide_below": HIDE_BELOW, "agreement": trust}
        if not trust:
            figures = dict(trust_figures())
        section["stated_as_fact"] = {
            name: stated_as_fact(scored[name], readers[name], figures)
            for name in ("offline", "offline_text")
        }
        section["claude"], section["claude_reason"] = await claude_figures(rows, works, args)
        report[split] = section
    if args.write_trust and trust:
        TRUST_FILE.write_text(
            json.dumps(
                {
                    "about": "Offline DNA agreement with hand-written facts, per field and source "
                    "(benchmarks/dna_facts.py --write-trust); /show dna states a field as fact "
                    "only when lower_bound (90% Wilson interval over the dev shows) is at or "
                    "above threshold.",
                    "split": "dev",
                    "threshold": THRESHOLD,
                    "hide_below": HIDE_BELOW,
                    "agreement": trust,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    embedder.close()
    return report


async def claude_figures(
    rows: Sequence[Gold], works: Mapping[str, WorkText], args: argparse.Namespace
) -> tuple[dict[str, Any] | None, str | None]:
    if not os.environ.get("ANTHROPIC_API_KEY"):
        return None, "no ANTHROPIC_API_KEY: the Claude extractor was not measured"
    if args.no_claude:
        return None, "--no-claude"
    from core.config import load_settings
    from core.metrics import Metrics
    from tools.llm.anthropic_llm import AnthropicLLM
    from tools.narrative.claude import ClaudeExtractor

    settings = load_settings(env=dict(os.environ))
    llm = AnthropicLLM(settings=settings.llm, metrics=Metrics())
    claude = ClaudeExtractor(llm, model=settings.llm.model, concurrency=2)
    results = await claude.extract_many([works[g.id] for g in rows])
    failed = sum(1 for r in results if r.error is not None)
    pairs = [(g, r.unwrap()) for g, r in zip(rows, results, strict=True) if r.error is None]
    if not pairs:
        return None, f"Claude answered none of {len(rows)} shows"
    figures = aggregate([score_show(g, d) for g, d in pairs])
    figures["failed"] = failed
    return figures, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--splits", default="dev,test", help="comma-separated: dev, test")
    # Already a few seconds: `make bench-quick` passes --quick to every benchmark.
    parser.add_argument("--quick", action="store_true", help="the same run (already short)")
    parser.add_argument("--write-trust", action="store_true", help="write the dev figures")
    parser.add_argument("--no-claude", action="store_true", help="skip Claude even with a key")
    parser.add_argument("--cache", default="", help="a SQLite file caching embeddings")
    parser.add_argument("--facts", default=str(FACTS), help="the hand-written facts (JSONL)")
    args = parser.parse_args()
    args.splits = [s.strip() for s in args.splits.split(",") if s.strip()]
    print(json.dumps(asyncio.run(run(args))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
