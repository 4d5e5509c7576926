"""The Claude DNA extractor: the model fills the DNA schema through the `LLM` port.

The prompt is a versioned file (prompts/dna_v1.md, version "dna-v1" is part of the LLM response
cache key); the allowed labels come from the vocabulary file, so prompt and validation never drift
apart. Validation and the one repair retry are the port's job (`complete_model`); what comes back
here has already passed the schema. Claude reads the whole synopsis (its context is far larger
than the embedding model's window), so nothing is split here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pydantic import Field

from core.logging import get_logger
from core.ports.llm import LLM, LLMMessage, LLMRequest
from core.result import ErrorCode, StepResult
from tools.narrative.schema import DnaBody, Extraction, NarrativeDNA
from tools.narrative.text import validate_synopsis
from tools.narrative.vocab import FRAMEWORKS, vocabulary
from tools.narrative.work import WorkText

__all__ = ["PROMPT_VERSION", "ClaudeExtractor", "DnaDraft", "system_prompt"]

log = get_logger(__name__)

PROMPT_VERSION = "dna-v1"
PROMPT_FILE = Path(__file__).resolve().parent / "prompts" / "dna_v1.md"


class DnaDraft(DnaBody):
    """What Claude fills in: the DNA body plus how sure it is."""

    confidence: float = Field(ge=0.0, le=1.0)


def system_prompt() -> str:
    vocab = vocabulary()
    lists = {kind: ", ".join(vocab.ids(kind)) for kind in vocab.terms}
    frameworks = "\n".join(f"  - {name}: {', '.join(vocab.beat_ids(name))}" for name in FRAMEWORKS)
    return PROMPT_FILE.read_text(encoding="utf-8").format(frameworks=frameworks, **lists)


class ClaudeExtractor:
    """`DnaExtractor` through Claude. Needs `llm.available`; callers fall back to the offline
    extractor when it is not."""

    def __init__(self, llm: LLM, *, model: str, max_chars: int = 60000, concurrency: int = 4):
        self._llm = llm
        self._model = model
        self._max_chars = max_chars
        self._concurrency = max(1, concurrency)
        self._system = system_prompt()

    @property
    def method(self) -> str:
        return "llm"

    @property
    def version(self) -> str:
        return f"llm-{PROMPT_VERSION}-{self._model}"

    async def extract(self, work: WorkText) -> StepResult[NarrativeDNA]:
        checked = validate_synopsis(work.synopsis, max_chars=self._max_chars)
        if checked.error is not None:
            return checked.cast_error()
        if not self._llm.available:
            return StepResult.failure(
                ErrorCode.UNAVAILABLE,
                "Claude analysis needs an Anthropic API key (set ANTHROPIC_API_KEY).",
                retryable=False,
            )
        year = f" ({work.year})" if work.year else ""
        request = LLMRequest(
            system=self._system,
            messages=(
                LLMMessage(
                    role="user",
                    content=f"Title: {work.title}{year}\n\nSynopsis:\n{checked.unwrap()}",
                ),
            ),
            prompt_version=PROMPT_VERSION,
            purpose="dna",
            temperature=0.0,
        )
        result = await self._llm.complete_model(request, DnaDraft)
        if result.error is not None:
            log.warning("dna_llm_failed", work_id=work.id, code=str(result.error.code))
            return result.cast_error()
        draft = result.unwrap()
        body = draft.model_dump(exclude={"confidence"})
        dna = NarrativeDNA(
            **body,
            work=work.ref(),
            extraction=Extraction(
                method="llm",
                model=self._model,
                prompt_version=PROMPT_VERSION,
                confidence=draft.confidence,
                created_at=datetime.now(UTC),
            ),
        )
        return StepResult.success(dna)

    async def extract_many(self, works: Sequence[WorkText]) -> list[StepResult[NarrativeDNA]]:
        gate = asyncio.Semaphore(self._concurrency)

        async def one(work: WorkText) -> StepResult[NarrativeDNA]:
            async with gate:
                return await self.extract(work)

        return list(await asyncio.gather(*(one(w) for w in works)))
