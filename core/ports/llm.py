"""The language model port (Claude through the Anthropic SDK in tools/llm). Tools never see the SDK.

Every call returns a StepResult: UNAVAILABLE when no key is configured ("this feature needs an
Anthropic API key"), RATE_LIMITED with retry_after_s when the API stays busy past the budget,
TIMEOUT past the budget, INVALID_INPUT never (prompts are ours), INTERNAL for malformed output that
the one repair retry could not fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

from pydantic import BaseModel

from core.result import StepResult

__all__ = ["LLM", "LLMMessage", "LLMRequest", "LLMResponse", "LLMTool", "ToolCall"]

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class LLMMessage:
    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True, slots=True)
class LLMTool:
    name: str
    description: str
    input_schema: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class LLMRequest:
    system: str
    messages: tuple[LLMMessage, ...]
    tools: tuple[LLMTool, ...] = ()
    # None: the model chooses; "any": must call some tool; a tool name: must call that tool.
    tool_choice: str | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    # Part of the cache key: bump it when a prompt file changes meaningfully.
    prompt_version: str = "v1"
    # Metric label: which feature made the call (intent, dna, transform_rules, scene...).
    purpose: str = "generic"


@dataclass(frozen=True, slots=True)
class ToolCall:
    name: str
    input: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class LLMResponse:
    text: str
    tool_calls: tuple[ToolCall, ...] = ()
    model: str = ""
    stop_reason: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cached: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


class LLM(Protocol):
    @property
    def available(self) -> bool:
        """False when no API key is configured: callers say the feature needs one."""
        ...

    async def complete(self, request: LLMRequest) -> StepResult[LLMResponse]: ...

    async def complete_model(self, request: LLMRequest, schema: type[M]) -> StepResult[M]:
        """Structured output: the model fills `schema` (through a forced tool call); the result is
        validated with pydantic and, when invalid, retried once with the validation errors."""
        ...
