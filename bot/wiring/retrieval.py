"""Builds the narrative-DNA and similarity stack: embedder -> vector store -> extractors ->
tools ("show_dna", "find_similar"), the SHOW_ANALYSIS job runner, the catalog importer and the
ShowLibrary that script writing reads, and loads the starter catalog on first run.

The store is qdrant-edge under the data dir when `qdrant.url` is empty, else a Qdrant server
through qdrant-client. The extractor is Claude when a key is configured (settings.catalog.
extractor = "auto"), with the offline extractor as its fallback; text searches always use the
offline extractor, so a search never waits on a language model. After a vector layout change,
servers' own shows are carried over from the earlier collection at start (narrative.migration).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tools.retrieval
from bot.wiring.caches import persistent_cache
from bot.wiring.intent import build_embedder
from core.cache import CacheRegistry
from core.carry_over import ServerCarryOver
from core.config import Settings
from core.logging import get_logger
from core.metrics import Metrics
from core.ports.embedder import Embedder
from core.ports.llm import LLM
from core.ports.tools import FIND_SIMILAR_TOOL, SHOW_DNA_TOOL, Tool
from core.ports.vectors import CollectionSpec, VectorStore
from core.result import ErrorCode, StepResult
from tools.narrative.analysis import ShowAnalysisRunner
from tools.narrative.catalog import CatalogImporter
from tools.narrative.claude import ClaudeExtractor
from tools.narrative.extractors import FallbackExtractor
from tools.narrative.feedback import FeedbackStore
from tools.narrative.heuristic import HeuristicExtractor
from tools.narrative.indexing import LAYOUT, MULTI, SPARSE, VECTORS, WorkIndexer
from tools.narrative.library import Library
from tools.narrative.migration import Migration, migrate_shows
from tools.narrative.schema import SCHEMA_VERSION
from tools.narrative.show_dna import ShowDnaTool
from tools.narrative.shows import StoreShowLibrary
from tools.narrative.similar import FindSimilarTool, SimilarFinder
from tools.narrative.starter import BUNDLE_NAME, ensure_starter, shipped_points
from tools.narrative.text import TokenCounter
from tools.narrative.work import DnaExtractor

__all__ = [
    "DNA_CACHE",
    "STARTER_DIR",
    "CurrentCarryOver",
    "RetrievalParts",
    "build_retrieval",
    "build_store",
    "collection_spec",
    "starter_files",
]

log = get_logger(__name__)

STARTER_DIR = Path(tools.retrieval.__file__).resolve().parent / "data"
DNA_CACHE = "dna"  # `/admin cache clear dna` forgets extracted DNAs (they are re-extracted)


@dataclass
class RetrievalParts:
    embedder: Embedder
    store: VectorStore
    extractor: DnaExtractor
    library: Library
    finder: SimilarFinder
    shows: StoreShowLibrary  # core.ports.shows.ShowLibrary
    importer: CatalogImporter
    tools: dict[str, Tool]
    runner: ShowAnalysisRunner  # core.ports.jobs.JobRunner for JobKind.SHOW_ANALYSIS
    starter_loaded: int = 0
    # Servers' shows being carried over from an older vector layout, in the background (the
    # start log says what it did when it is done), and its report, filled in as it goes
    # (`/admin stats` shows each server its own part).
    migration: asyncio.Task[Migration] | None = None
    carrying: Migration | None = None
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    async def close(self) -> None:
        for close in reversed(self.closers):
            await close()
        self.closers.clear()


def starter_files(folder: Path = STARTER_DIR) -> list[Path]:
    return sorted(folder.glob("catalog_*.jsonl"))


def collection_spec(settings: Settings, embedder: Embedder) -> CollectionSpec:
    return CollectionSpec(
        prefix=settings.qdrant.collection_prefix,
        model=embedder.model_name,
        dimension=embedder.dimension,
        schema_version=SCHEMA_VERSION,
        facets=VECTORS,
        layout=LAYOUT,
        multi=MULTI,
        sparse=SPARSE,
    )


def build_store(settings: Settings, spec: CollectionSpec, *, metrics: Metrics) -> VectorStore:
    if not settings.qdrant.url:
        from tools.retrieval.edge import EdgeVectorStore

        return EdgeVectorStore(
            settings.data_dir / "qdrant",
            spec,
            upsert_batch=settings.qdrant.upsert_batch,
            metrics=metrics,
        )
    from qdrant_client import AsyncQdrantClient

    from tools.retrieval.client import ClientVectorStore

    key = settings.qdrant.api_key
    client = AsyncQdrantClient(
        url=settings.qdrant.url,
        api_key=key.get_secret_value() if key else None,
        timeout=max(1, round(settings.qdrant.timeout_s)),
        # The version check is a blocking request at construction; open() reports an
        # unreachable server instead, as a StepResult.
        check_compatibility=False,
    )
    return ClientVectorStore(
        client,
        spec,
        where=settings.qdrant.url,
        upsert_batch=settings.qdrant.upsert_batch,
        shard_number=settings.qdrant.shard_number,
        replication_factor=settings.qdrant.replication_factor,
        write_consistency_factor=settings.qdrant.write_consistency_factor,
        metrics=metrics,
    )


def build_extractor(
    settings: Settings, heuristic: HeuristicExtractor, llm: LLM | None
) -> DnaExtractor:
    mode = settings.catalog.extractor
    use_llm = llm is not None and (mode == "llm" or (mode == "auto" and llm.available))
    if not use_llm or llm is None:
        if mode == "llm":
            log.warning("dna_extractor_offline", reason="catalog.extractor is llm but no key")
        return heuristic
    claude = ClaudeExtractor(
        llm,
        model=settings.llm.model,
        max_chars=settings.limits.max_text_chars,
        concurrency=settings.catalog.llm_concurrency,
    )
    return FallbackExtractor(claude, heuristic)


def starter_marker(settings: Settings, store: VectorStore) -> Path:
    where = hashlib.blake2b((settings.qdrant.url or "edge").encode(), digest_size=4).hexdigest()
    return settings.data_dir / "catalog" / f"starter-{store.spec.name}-{where}.json"


async def build_retrieval(
    settings: Settings,
    *,
    metrics: Metrics,
    caches: CacheRegistry,
    embedder: Embedder | None = None,
    llm: LLM | None = None,
    store: VectorStore | None = None,
    load_starter: bool | None = None,
    starter_dir: Path = STARTER_DIR,
    feedback: FeedbackStore | None = None,
) -> StepResult[RetrievalParts]:
    """Everything retrieval needs, opened and ready; UNAVAILABLE (with nothing left open) when the
    vector store cannot be opened or the starter catalog cannot be written. `feedback` (the
    servers' votes, owned by the caller) re-ranks similar-show answers."""
    closers: list[Callable[[], Awaitable[None]]] = []
    if embedder is None:
        built = build_embedder(settings, metrics=metrics, caches=caches)

        async def close_embedder() -> None:
            built.close()

        closers.append(close_embedder)
        embedder = built
    spec = collection_spec(settings, embedder)
    store = store or build_store(settings, spec, metrics=metrics)
    closers.append(store.close)

    async def fail(result: StepResult[Any]) -> StepResult[RetrievalParts]:
        for close in reversed(closers):
            await close()
        return result.cast_error()

    opened = await store.open()
    if opened.error is not None:
        return await fail(opened)

    count_tokens: TokenCounter | None = getattr(embedder, "count_tokens", None)
    heuristic = HeuristicExtractor(
        embedder, max_chars=settings.limits.max_text_chars, count_tokens=count_tokens
    )
    extractor = build_extractor(settings, heuristic, llm)
    indexer = WorkIndexer(embedder, store, count_tokens=count_tokens)
    library = Library(store, global_tenant=settings.catalog.global_tenant)
    finder = SimilarFinder(
        library,
        indexer,
        heuristic,
        candidates=settings.qdrant.search_candidates,
    )
    importer = CatalogImporter(
        extractor,
        indexer,
        batch_size=settings.catalog.import_batch,
        max_chars=settings.limits.max_text_chars,
        dna_cache=persistent_cache(settings, caches, DNA_CACHE),
    )
    parts = RetrievalParts(
        embedder=embedder,
        store=store,
        extractor=extractor,
        library=library,
        finder=finder,
        shows=StoreShowLibrary(finder),
        importer=importer,
        tools={
            SHOW_DNA_TOOL: ShowDnaTool(library, extractor=extractor, indexer=indexer),
            FIND_SIMILAR_TOOL: FindSimilarTool(finder, feedback),
        },
        runner=ShowAnalysisRunner(
            extractor, indexer, library, max_chars=settings.limits.max_text_chars
        ),
        closers=closers,
    )
    if settings.catalog.load_starter if load_starter is None else load_starter:
        files = starter_files(starter_dir)
        if not files:
            return await fail(
                StepResult.failure(
                    ErrorCode.INTERNAL,
                    f"no starter catalog files (catalog_*.jsonl) in {starter_dir}",
                )
            )
        prebuilt = await asyncio.to_thread(
            shipped_points,
            starter_dir / BUNDLE_NAME,
            files,
            extractor_version=heuristic.version,
            model=embedder.model_name,
            tenant=settings.catalog.global_tenant,
        )
        loaded = await ensure_starter(
            importer,
            store,
            files,
            tenant=settings.catalog.global_tenant,
            marker=starter_marker(settings, store),
            prebuilt=prebuilt,
        )
        if loaded.error is not None:
            return await fail(loaded)
        parts.starter_loaded = loaded.unwrap()
    parts.migration = carry_over(parts, heuristic, indexer, settings.catalog.global_tenant)
    return StepResult.success(parts)


def carry_over(
    parts: RetrievalParts, heuristic: HeuristicExtractor, indexer: WorkIndexer, shared: str
) -> asyncio.Task[Migration]:
    """After a layout change, carry the servers' own shows over from the earlier collection, in
    the background: the bot answers meanwhile (a server's shows come back page by page), and a
    stop part way resumes at the next start (the earlier collection stays)."""

    report = parts.carrying = Migration()

    async def run() -> Migration:
        try:
            return await migrate_shows(
                parts.store, indexer, heuristic, shared_tenant=shared, report=report
            )
        except Exception as exc:  # a bug must be seen in the log, not lost with the task
            log.exception("shows_carry_over_failed")
            report.error = f"an unexpected error ({type(exc).__name__}), see the log"
            raise

    task = asyncio.create_task(run(), name="carry-over-shows")

    async def stop() -> None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task

    parts.closers.append(stop)  # closers run in reverse: it stops before the store closes
    return task


class CurrentCarryOver:
    """The carry-over of whichever library is open now (it may be reopened after an outage, and
    each opening carries on from where the last stopped): core.carry_over.CarryOverProgress."""

    def __init__(self, current: Callable[[], RetrievalParts | None]) -> None:
        self._current = current

    def for_server(self, tenant: str) -> ServerCarryOver | None:
        parts = self._current()
        if parts is None or parts.carrying is None:
            return None
        return parts.carrying.for_server(tenant)
