"""The `/show add` job (JobKind.SHOW_ANALYSIS): read the synopsis, extract the DNA, embed its
facets, store the show for this server. Stages are reported as they start; a cancelled job stops
before the next stage, and nothing is written until the single store write at the end.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.jobs.model import Job, JobKind
from core.logging import get_logger
from core.ports.jobs import JobReporter
from core.ports.progress import StageLine
from core.result import ErrorCode, StepResult
from tools.narrative.indexing import IndexItem, WorkIndexer
from tools.narrative.library import Library
from tools.narrative.text import validate_synopsis
from tools.narrative.work import DnaExtractor, WorkText, slugify

__all__ = ["ADDED_BY", "STAGES", "ShowAnalysisRunner"]

log = get_logger(__name__)

STAGES = ("reading", "extracting DNA", "embedding", "storing")
# Payload field: the member who added the show (only they may replace it).
ADDED_BY = "added_by"


def _stages(current: int, failed: bool = False) -> tuple[StageLine, ...]:
    lines = []
    for i, name in enumerate(STAGES):
        if i < current:
            state = "done"
        elif i == current:
            state = "failed" if failed else "running"
        else:
            state = "pending"
        lines.append(StageLine(name, state))  # type: ignore[arg-type]
    return tuple(lines)


class ShowAnalysisRunner:
    """A `core.ports.jobs.JobRunner`. Job params: {"title": str, "text": str | None}."""

    def __init__(
        self,
        extractor: DnaExtractor,
        indexer: WorkIndexer,
        library: Library,
        *,
        max_chars: int,
    ) -> None:
        self._extractor = extractor
        self._indexer = indexer
        self._library = library
        self._max_chars = max_chars

    @property
    def kinds(self) -> frozenset[JobKind]:
        return frozenset({JobKind.SHOW_ANALYSIS})

    async def _stage(self, reporter: JobReporter, index: int) -> bool:
        if reporter.cancelled:
            return False
        await reporter.progress(
            stage=STAGES[index], step=index, total=len(STAGES), stages=_stages(index)
        )
        return True

    async def run(self, job: Job, reporter: JobReporter) -> StepResult[dict[str, Any]]:
        title = str(job.params.get("title") or "").strip()
        text = job.params.get("text")
        if not title:
            return StepResult.failure(ErrorCode.INVALID_INPUT, "Give the show's title.")
        if not await self._stage(reporter, 0):
            return _cancelled()
        if not text:
            return await self._known(job.tenant, title)
        checked = validate_synopsis(str(text), max_chars=self._max_chars)
        if checked.error is not None:
            return checked.cast_error()
        work = WorkText(
            id=slugify(title), title=title, synopsis=checked.unwrap(), source="added by a member"
        )
        taken = await self._taken_by_another(job, work.id)
        if taken is not None:
            return taken

        if not await self._stage(reporter, 1):
            return _cancelled()
        extracted = await self._extractor.extract(work)
        if extracted.error is not None:
            return extracted.cast_error()
        dna = extracted.unwrap()

        if not await self._stage(reporter, 2):
            return _cancelled()
        points = [
            replace(point, payload={**point.payload, ADDED_BY: job.user_id})
            for point in await self._indexer.points([IndexItem(job.tenant, dna, work.synopsis)])
        ]

        if not await self._stage(reporter, 3):
            return _cancelled()
        stored = await self._library.store.upsert(points)
        if stored.error is not None:
            return stored.cast_error()
        await reporter.progress(
            stage="done", step=len(STAGES), total=len(STAGES), stages=_stages(len(STAGES))
        )
        log.info(
            "show_added",
            tenant=job.tenant,
            work_id=work.id,
            extraction=dna.extraction.method,
            themes=dna.theme_ids(),
        )
        return StepResult.success(
            {
                "work_id": work.id,
                "title": title,
                "tenant": job.tenant,
                "extraction": dna.extraction.method,
                "confidence": dna.extraction.confidence,
                "genres": list(dna.genres),
                "themes": dna.theme_ids(),
                "framework": dna.structure.framework,
                "logline": dna.logline,
            }
        )

    async def _taken_by_another(self, job: Job, work_id: str) -> StepResult[Any] | None:
        """A refusal when this server already has a show with this id that another member
        added (or one from before authors were kept): never replaced silently."""
        found = await self._library.store.get((job.tenant,), work_id)
        if found.error is not None:
            return found.cast_error()
        existing = found.unwrap()
        if existing is None or existing.payload.get(ADDED_BY) == job.user_id:
            return None
        title = str(existing.payload.get("title") or work_id)
        return StepResult.failure(
            ErrorCode.INVALID_INPUT,
            f"{title!r} was already added to this server by another member, and I won't replace "
            "their synopsis. Add yours under a different title (for example with the year or "
            "'(my version)'), or look theirs up with /show dna.",
        )

    async def _known(self, tenant: str, title: str) -> StepResult[dict[str, Any]]:
        """No synopsis given: fine if the show is already known here (nothing to do)."""
        found = await self._library.find(tenant, title)
        if found.error is not None:
            if found.error.code is ErrorCode.NOT_FOUND:
                return StepResult.failure(
                    ErrorCode.INVALID_INPUT,
                    f"I don't know {title!r} yet: paste a synopsis or attach it as a .txt file.",
                )
            return found.cast_error()
        work = found.unwrap()
        return StepResult.success(
            {
                "work_id": work.work_id,
                "title": work.payload.get("title", title),
                "tenant": work.tenant,
                "existing": True,
            }
        )


def _cancelled() -> StepResult[dict[str, Any]]:
    return StepResult.failure(ErrorCode.CANCELLED, "Cancelled before the show was stored.")
