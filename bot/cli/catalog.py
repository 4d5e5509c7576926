"""`studio catalog import FILE.jsonl --tenant T`: bulk-import shows, with a progress bar.

Batched (settings.catalog.import_batch works per embedding call and upsert) and resumable: a
checkpoint under the data dir records the lines already stored, so running the same command
after an interruption continues where it stopped. Bad lines are listed with their line numbers
and skipped; the exit code is 0 when every readable line was imported, 1 when the import stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import sys
from pathlib import Path
from typing import TextIO

from bot.wiring.llm import build_llm
from bot.wiring.retrieval import build_retrieval
from core.cache import CacheRegistry, PersistentCache
from core.config import Settings
from core.metrics import Metrics
from tools.narrative.catalog import Checkpoint, ImportProgress, ImportReport

__all__ = ["checkpoint_path", "progress_bar", "run"]

EXIT_OK = 0
EXIT_FAILED = 1
BAR = 30


def checkpoint_path(settings: Settings, file: Path, tenant: str, collection: str) -> Path:
    key = f"{file.resolve()}|{tenant}|{collection}"
    digest = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    return settings.data_dir / "imports" / f"{file.stem}-{digest}.json"


def progress_bar(p: ImportProgress) -> str:
    filled = round(BAR * p.done / p.total) if p.total else BAR
    return (
        f"\r[{'#' * filled}{'.' * (BAR - filled)}] {p.done}/{p.total} lines, "
        f"{p.imported} imported, {p.bad} bad"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_main(args, settings, sys.stdout, sys.stderr))


async def _main(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    file: Path = args.file
    tenant = str(args.tenant).strip()
    if not await asyncio.to_thread(file.is_file):
        print(f"studio: {file} does not exist or is not a file", file=err)
        return EXIT_FAILED
    if not tenant:
        print("studio: --tenant must not be empty (a guild id, or 'global')", file=err)
        return EXIT_FAILED
    metrics = Metrics()
    caches = CacheRegistry()
    llm = build_llm(settings, metrics=metrics, caches=caches)
    try:
        built = await build_retrieval(
            settings, metrics=metrics, caches=caches, llm=llm, load_starter=False
        )
        if built.error is not None:
            print(f"studio: {built.error.message}", file=err)
            return EXIT_FAILED
        parts = built.unwrap()
        try:
            checkpoint = Checkpoint(
                checkpoint_path(settings, file, tenant, parts.store.spec.name),
                file=file,
                tenant=tenant,
            )

            def show(p: ImportProgress) -> None:
                err.write(progress_bar(p))
                err.flush()

            result = await parts.importer.import_file(
                file, tenant, checkpoint=checkpoint, progress=show
            )
        finally:
            await parts.close()
    finally:
        await llm.aclose()
        close_caches(caches)
    err.write("\n")
    report = result.value if result.error is None else result.error.details.get("report")
    if isinstance(report, ImportReport):
        for bad in report.bad:
            print(f"line {bad.line}: {bad.reason}", file=err)
    if result.error is not None:
        print(f"studio: {result.error.message}", file=err)
        return EXIT_FAILED
    done = result.unwrap()
    print(
        f"imported {done.imported} works into tenant {tenant!r}"
        f" ({len(done.bad)} bad lines skipped, {done.already_done} already imported before)",
        file=out,
    )
    return EXIT_OK


def close_caches(caches: CacheRegistry) -> None:
    for name in caches.names():
        cache = caches.get(name)
        if isinstance(cache, PersistentCache):
            cache.close()
