"""The Claude extractor through the LLM port (a scripted double), and the offline fallback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from core.ports.llm import LLMRequest, LLMResponse
from core.result import ErrorCode, StepResult
from tests.unit.tools.narrative.samples import dna_data, make_dna
from tools.narrative.claude import PROMPT_VERSION, ClaudeExtractor, DnaDraft, system_prompt
from tools.narrative.extractors import FallbackExtractor
from tools.narrative.schema import NarrativeDNA
from tools.narrative.vocab import vocabulary
from tools.narrative.work import WorkText

M = TypeVar("M", bound=BaseModel)
SYNOPSIS = "An heir feigns madness in a shipping firm to expose the uncle who killed his father."


class ScriptedLLM:
    """Returns one prepared answer (or error) per call and records the requests."""

    def __init__(self, answers: Sequence[StepResult[Any]], *, available: bool = True) -> None:
        self._answers = list(answers)
        self._available = available
        self.requests: list[tuple[LLMRequest, type[BaseModel]]] = []

    @property
    def available(self) -> bool:
        return self._available

    async def complete(self, request: LLMRequest) -> StepResult[LLMResponse]:
        raise AssertionError("the extractor uses structured output only")

    async def complete_model(self, request: LLMRequest, schema: type[M]) -> StepResult[M]:
        self.requests.append((request, schema))
        return self._answers.pop(0)  # type: ignore[return-value]


def draft(**overrides: Any) -> DnaDraft:
    data = dna_data(**overrides)
    for key in ("work", "extraction"):
        data.pop(key)
    return DnaDraft.model_validate({**data, "confidence": 0.82})


class OfflineDouble:
    method = "heuristic"
    version = "offline-double"

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def extract(self, work: WorkText) -> StepResult[NarrativeDNA]:
        return (await self.extract_many([work]))[0]

    async def extract_many(self, works: Sequence[WorkText]) -> list[StepResult[NarrativeDNA]]:
        self.seen.extend(w.id for w in works)
        return [StepResult.success(make_dna()) for _ in works]


async def test_claude_fills_the_schema_and_the_work_and_extraction_are_ours() -> None:
    llm = ScriptedLLM([StepResult.success(draft())])
    extractor = ClaudeExtractor(llm, model="claude-test")
    work = WorkText(id="merger", title="The Quiet Merger", synopsis=SYNOPSIS, year=2020)
    dna = (await extractor.extract(work)).unwrap()
    assert dna.work.id == "merger" and dna.work.year == 2020
    assert dna.extraction.method == "llm" and dna.extraction.model == "claude-test"
    assert dna.extraction.prompt_version == PROMPT_VERSION
    assert dna.extraction.confidence == 0.82
    request, schema = llm.requests[0]
    assert schema is DnaDraft
    assert request.prompt_version == PROMPT_VERSION and request.purpose == "dna"
    assert "The Quiet Merger (2020)" in request.messages[0].content
    assert SYNOPSIS in request.messages[0].content


def test_the_prompt_lists_every_allowed_label() -> None:
    prompt = system_prompt()
    vocab = vocabulary()
    for kind in vocab.terms:
        assert all(term in prompt for term in vocab.ids(kind)), kind
    for name in vocab.frameworks:
        assert name in prompt and all(b in prompt for b in vocab.beat_ids(name))


async def test_without_a_key_claude_says_it_needs_one() -> None:
    extractor = ClaudeExtractor(ScriptedLLM([], available=False), model="m")
    result = await extractor.extract(WorkText(id="w", title="W", synopsis=SYNOPSIS))
    assert result.error is not None and result.error.code is ErrorCode.UNAVAILABLE
    assert "ANTHROPIC_API_KEY" in result.error.message


async def test_an_empty_synopsis_never_reaches_claude() -> None:
    llm = ScriptedLLM([])
    result = await ClaudeExtractor(llm, model="m").extract(WorkText(id="w", title="W", synopsis=""))
    assert result.error is not None and result.error.code is ErrorCode.INVALID_INPUT
    assert llm.requests == []


async def test_works_claude_cannot_do_fall_back_to_the_offline_extractor() -> None:
    llm = ScriptedLLM(
        [
            StepResult.success(draft()),
            StepResult.failure(ErrorCode.INTERNAL, "the model returned invalid output twice"),
            StepResult.failure(ErrorCode.RATE_LIMITED, "busy", retry_after_s=5),
        ]
    )
    offline = OfflineDouble()
    extractor = FallbackExtractor(ClaudeExtractor(llm, model="m", concurrency=1), offline)
    works = [WorkText(id=f"w{i}", title=f"W{i}", synopsis=SYNOPSIS) for i in range(3)]
    results = await extractor.extract_many(works)
    assert all(r.ok for r in results)
    assert results[0].unwrap().extraction.method == "llm"
    assert offline.seen == ["w1", "w2"]
    assert extractor.method == "llm" and "offline-double" in extractor.version


async def test_a_synopsis_the_user_must_fix_is_not_retried_offline() -> None:
    offline = OfflineDouble()
    extractor = FallbackExtractor(ClaudeExtractor(ScriptedLLM([]), model="m"), offline)
    result = await extractor.extract(WorkText(id="w", title="W", synopsis="x"))
    assert result.error is not None and result.error.code is ErrorCode.INVALID_INPUT
    assert offline.seen == []
