"""The "show_dna" tool: a stored show's narrative DNA and its chart.

Returns ToolOutput(kind="show_dna", data={"id", "title", "tenant", "logline", "method",
"provisional", "trust", "dna": <the DNA as JSON data>, "chart_png": <PNG bytes>}); the renderer
turns it into an embed and an attachment. `trust` says per display field whether it is a fact, a
rough reading or not shown (tools.narrative.trust); `provisional` that the offline reading stands
in for Claude, who could not be reached.

A DNA that stood in for Claude is read again by Claude when the show is asked for (`needs_retry`):
on success the show is stored again with Claude's DNA and that is what the member sees; if Claude
fails again, the stored reading is shown, still marked provisional, and asked again next time.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from core.context import RequestContext
from core.intent.schema import ShowDnaParams
from core.logging import get_logger
from core.ports.tools import SHOW_DNA_TOOL
from core.ports.vectors import StoredWork
from core.replies import SHOW_DNA_KIND, ToolOutput
from core.result import StepResult
from tools.narrative.chart import render_chart_async
from tools.narrative.extractors import needs_retry
from tools.narrative.facts import ShowFacts
from tools.narrative.indexing import IndexItem, WorkIndexer
from tools.narrative.library import Library, stored_dna
from tools.narrative.schema import NarrativeDNA
from tools.narrative.trust import field_trust
from tools.narrative.work import DnaExtractor, WorkText

__all__ = ["ShowDnaTool"]

log = get_logger(__name__)


class ShowDnaTool:
    def __init__(
        self,
        library: Library,
        *,
        extractor: DnaExtractor | None = None,
        indexer: WorkIndexer | None = None,
    ) -> None:
        self._library = library
        self._extractor = extractor
        self._indexer = indexer

    @property
    def name(self) -> str:
        return SHOW_DNA_TOOL

    async def run(self, params: BaseModel, ctx: RequestContext) -> StepResult[Any]:
        p = (
            params
            if isinstance(params, ShowDnaParams)
            else ShowDnaParams.model_validate(params.model_dump())
        )
        found = await self._library.find(ctx.tenant, p.title)
        if found.error is not None:
            return found.cast_error()
        work = found.unwrap()
        dna = stored_dna(work)
        if needs_retry(dna, self._extractor):
            dna = await self._read_again(work, dna)
        chart = await render_chart_async(dna)
        return StepResult.success(
            ToolOutput(
                kind=SHOW_DNA_KIND,
                data={
                    "id": work.work_id,
                    "title": dna.work.title,
                    "tenant": work.tenant,
                    "logline": dna.logline,
                    "method": dna.extraction.method,
                    "provisional": dna.extraction.provisional,
                    "trust": field_trust(dna),
                    "dna": dna.model_dump(mode="json"),
                    "chart_png": chart,
                },
            )
        )

    async def _read_again(self, work: StoredWork, dna: NarrativeDNA) -> NarrativeDNA:
        """Claude's reading of a show whose stored DNA stood in for it, stored in its place; the
        stored DNA again when Claude still cannot answer (or the show cannot be rewritten)."""
        assert self._extractor is not None
        synopsis = str(work.payload.get("synopsis") or "")
        if not synopsis or self._indexer is None:
            return dna
        text = WorkText(
            id=dna.work.id,
            title=dna.work.title,
            synopsis=synopsis,
            year=dna.work.year,
            medium=dna.work.medium,
            genres=tuple(str(g) for g in work.payload.get("catalog_genres") or dna.genres),
            source=dna.work.source,
            licence=dna.work.licence,
        )
        fresh = await self._extractor.extract(text)
        if fresh.error is not None or fresh.unwrap().extraction.provisional:
            log.info("dna_retry_still_offline", work_id=work.work_id, tenant=work.tenant)
            return dna
        better = fresh.unwrap()
        # The point is rewritten whole: the catalog's genres and curated facts it held stay.
        item = IndexItem(
            work.tenant,
            better,
            synopsis,
            genres=tuple(str(g) for g in work.payload.get("catalog_genres") or ()),
            facts=ShowFacts.from_mapping(work.payload.get("facts") or {}),
        )
        points = await self._indexer.points([item])
        stored = await self._library.store.upsert(points)
        if stored.error is not None:
            log.warning("dna_retry_not_stored", work_id=work.work_id, code=str(stored.error.code))
        else:
            log.info("dna_retry_stored", work_id=work.work_id, tenant=work.tenant)
        return better
