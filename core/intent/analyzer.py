"""The intent analyzer: one message (plus its thread's recent turns) -> one `IntentResult`.

Stages, cheapest first: follow-ups of the thread's last request, rules, the embedding classifier,
and Claude when a key is configured and the embedding stage is unsure. Parameters are extracted by
the same rules whichever stage named the intent, except when Claude fills them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

from core.config import IntentSettings
from core.conversation import Turn
from core.intent.embedding import EmbeddingClassifier, EmbeddingVote, Example, load_examples
from core.intent.extract import extract_params
from core.intent.followup import answer_pending, fill_references, read_change
from core.intent.llm_stage import classify_with_llm
from core.intent.rules import decide
from core.intent.schema import Intent, IntentResult, missing_params
from core.intent.text import normalise
from core.logging import get_logger
from core.metrics import Metrics
from core.ports.embedder import Embedder
from core.ports.llm import LLM

__all__ = ["IntentAnalyzer"]

log = get_logger(__name__)
Source = Literal["rules", "embedding", "llm"]
T = TypeVar("T")
_INLINE_CHARS = 2000


class IntentAnalyzer:
    def __init__(
        self,
        *,
        settings: IntentSettings,
        embedder: Embedder,
        llm: LLM | None = None,
        metrics: Metrics | None = None,
        examples: Sequence[Example] | None = None,
    ) -> None:
        self._settings = settings
        self._llm = llm
        self._metrics = metrics
        self._embedding = EmbeddingClassifier(
            embedder, examples if examples is not None else load_examples()
        )

    @property
    def llm_enabled(self) -> bool:
        return self._llm is not None and self._llm.available

    async def warm_up(self) -> None:
        """Embed the labelled examples now (start-up) rather than on the first message."""
        await self._embedding.warm_up()

    def warm_up_sync(self) -> None:
        self._embedding.warm_up_sync()

    async def analyze(self, text: str, *, context: Sequence[Turn] = ()) -> IntentResult:
        text = normalise(text)
        if context:
            follow = read_change(text, context)
            if follow is None and await _off_loop(decide, text) is None:
                follow = answer_pending(text, context)
            if follow is not None:
                return follow
        reading = await self._read(text, context)
        return fill_references(reading, text, context) if context else reading

    async def _read(self, text: str, context: Sequence[Turn]) -> IntentResult:
        rule = await _off_loop(decide, text)
        if rule is not None:
            return await _off_loop(_reading, rule.intent, rule.confidence, "rules", text)
        start = time.perf_counter()
        vote = await self._embedding.classify(text)
        self._observe("embedding", start)
        if vote.margin >= self._settings.embedding_margin or not self.llm_enabled:
            return await _off_loop(_from_vote, vote, text)
        assert self._llm is not None
        start = time.perf_counter()
        answer = await classify_with_llm(self._llm, text, context)
        self._observe("llm", start)
        if answer.error is not None:
            # Claude unavailable or busy: the offline reading stands, at its own (low) confidence.
            log.warning(
                "intent_llm_failed", code=answer.error.code.value, message=answer.error.message
            )
            return await _off_loop(_from_vote, vote, text)
        return answer.unwrap()

    def _observe(self, stage: str, start: float) -> None:
        if self._metrics is not None:
            self._metrics.observe("intent_stage_seconds", time.perf_counter() - start, stage=stage)


async def _off_loop(fn: Callable[..., T], *args: Any) -> T:
    """Short messages are read inline (tens of microseconds); a long one (a pasted synopsis) is
    read on a worker thread so the event loop keeps serving everyone else meanwhile."""
    text = args[-1]
    if isinstance(text, str) and len(text) > _INLINE_CHARS:
        return await asyncio.to_thread(fn, *args)
    return fn(*args)


def _reading(intent: Intent, confidence: float, source: Source, text: str) -> IntentResult:
    params = extract_params(intent, text)
    return IntentResult(
        intent=intent,
        confidence=round(min(1.0, max(0.0, confidence)), 4),
        source=source,
        params=params,
        missing=missing_params(intent, params),
    )


def _from_vote(vote: EmbeddingVote, text: str) -> IntentResult:
    return _reading(vote.intent, vote.confidence, "embedding", text)
