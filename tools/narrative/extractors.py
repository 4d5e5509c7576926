"""Choosing an extractor: Claude when a key is configured, the offline one otherwise, and the
offline one again for any work Claude could not do (busy, down, or output it could not repair).
A synopsis the user must fix (INVALID_INPUT) is never retried: the offline extractor would refuse
it for the same reason.

A stand-in reading is marked `extraction.provisional`: the catalog's DNA cache never keeps it,
and `/show dna` asks Claude again the next time the show is requested (`needs_retry`)."""

from __future__ import annotations

from collections.abc import Sequence

from core.logging import get_logger
from core.result import ErrorCode, StepResult
from tools.narrative.schema import NarrativeDNA
from tools.narrative.work import DnaExtractor, WorkText

__all__ = ["FallbackExtractor", "needs_retry"]

log = get_logger(__name__)


class FallbackExtractor:
    def __init__(self, primary: DnaExtractor, fallback: DnaExtractor) -> None:
        self._primary = primary
        self._fallback = fallback

    @property
    def method(self) -> str:
        return self._primary.method

    @property
    def version(self) -> str:
        return f"{self._primary.version}|{self._fallback.version}"

    async def extract(self, work: WorkText) -> StepResult[NarrativeDNA]:
        return (await self.extract_many([work]))[0]

    async def extract_many(self, works: Sequence[WorkText]) -> list[StepResult[NarrativeDNA]]:
        results = list(await self._primary.extract_many(works))
        retry = [
            i
            for i, r in enumerate(results)
            if r.error is not None and r.error.code is not ErrorCode.INVALID_INPUT
        ]
        if retry:
            log.info("dna_fallback", works=len(retry), to=self._fallback.method)
            again = await self._fallback.extract_many([works[i] for i in retry])
            for i, result in zip(retry, again, strict=True):
                results[i] = _provisional(result)
        return results


def _provisional(result: StepResult[NarrativeDNA]) -> StepResult[NarrativeDNA]:
    if result.error is not None:
        return result
    dna = result.unwrap()
    extraction = dna.extraction.model_copy(update={"provisional": True})
    return StepResult.success(dna.model_copy(update={"extraction": extraction}))


def needs_retry(dna: NarrativeDNA, extractor: DnaExtractor | None) -> bool:
    """Whether a stored DNA should be read again now: it stood in for Claude, and Claude is the
    extractor this bot has."""
    return dna.extraction.provisional and extractor is not None and extractor.method == "llm"
