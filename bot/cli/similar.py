"""`studio similar --tenant T (--id ID | --title T | --text T) --k N [--json]`: shows alike.

With --json it prints `[{"id": ..., "title": ..., "score": ..., "why": ...}, ...]` (the query
show itself is never listed); otherwise one line per show. The tenant sees its own shows and
the shared catalog, exactly like a server does in Discord.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any, TextIO

from bot.wiring.llm import build_llm
from bot.wiring.retrieval import build_retrieval
from core.cache import CacheRegistry, PersistentCache
from core.config import Settings
from core.metrics import Metrics
from core.result import StepResult

__all__ = ["run", "why_line"]

EXIT_OK = 0
EXIT_FAILED = 1


def why_line(why: dict[str, Any]) -> str:
    """The structured "why" as one short line: the facts both shows share, then the facet
    scores. Only when the pair shares no curated fact (a server's own shows) do the DNA labels
    both hold stand in: they are the offline reader's rough reading, and beside curated facts
    they only repeat them less precisely (a drug lord's show "shares" the archetype detective)."""
    summary = why.get("summary")
    parts = [summary if isinstance(summary, str) else ""]
    parts.append(", ".join(f"{f} {s:.2f}" for f, s in why.get("facets", {}).items()))
    if parts[0]:
        return "; ".join(p for p in parts if p)
    for key, label in (
        ("shared_themes", "themes"),
        ("shared_archetypes", "archetypes"),
        ("shared_beats", "beats"),
        ("shared_tropes", "tropes"),
    ):
        values = why.get(key) or []
        if values:
            parts.append(f"{label}: {', '.join(v.replace('_', ' ') for v in values[:4])}")
    return "; ".join(p for p in parts if p)


def run(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_main(args, settings, sys.stdout, sys.stderr))


async def _main(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    if not 1 <= args.k <= 10:
        print("studio: --k must be between 1 and 10", file=err)
        return EXIT_FAILED
    metrics = Metrics()
    caches = CacheRegistry()
    # The same extractor as the bot, so the starter catalog marker matches and is not reloaded.
    llm = build_llm(settings, metrics=metrics, caches=caches)
    try:
        built = await build_retrieval(settings, metrics=metrics, caches=caches, llm=llm)
        if built.error is not None:
            print(f"studio: {built.error.message}", file=err)
            return EXIT_FAILED
        parts = built.unwrap()
        try:
            result = await _similar(parts, args)
        finally:
            await parts.close()
    finally:
        await llm.aclose()
        close_caches(caches)
    if result.error is not None:
        print(f"studio: {result.error.message}", file=err)
        return EXIT_FAILED
    shows = result.unwrap()
    if args.json:
        rows = [
            {"id": s.id, "title": s.title, "score": s.score, "why": why_line(s.why)} for s in shows
        ]
        print(json.dumps(rows, ensure_ascii=False), file=out)
    else:
        for s in shows:
            year = f" ({s.year})" if s.year else ""
            print(f"{s.score:.3f}  {s.title}{year}  [{s.id}]  {why_line(s.why)}", file=out)
    return EXIT_OK


async def _similar(parts: Any, args: argparse.Namespace) -> StepResult[Any]:
    finder = parts.finder
    tenant = str(args.tenant)
    if args.text:
        return await finder.like_text(tenant, args.text, k=args.k)  # type: ignore[no-any-return]
    if args.id:
        found = await finder.library.get(tenant, args.id, with_vectors=True)
    else:
        found = await finder.library.find(tenant, args.title, with_vectors=True)
    if found.error is not None:
        return found  # type: ignore[no-any-return]
    return await finder.like_work(tenant, found.unwrap(), k=args.k)  # type: ignore[no-any-return]


def close_caches(caches: CacheRegistry) -> None:
    for name in caches.names():
        cache = caches.get(name)
        if isinstance(cache, PersistentCache):
            cache.close()
