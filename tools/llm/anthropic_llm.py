"""`AnthropicLLM`: the `core.ports.llm.LLM` adapter over the official async SDK.

- retries on 408/409/429/5xx/529, timeouts and dropped connections, with backoff and jitter that
  honour retry-after, inside a total time budget (the SDK's own retries are off, so the budget
  is ours to keep); a 429 that outlasts the budget becomes RATE_LIMITED "Claude is busy, try
  again in N s" with `retry_after_s` set;
- a persistent response cache keyed on a hash of everything that shapes the answer (model,
  system, messages, tools, tool choice, sampling parameters, prompt version): a repeated request
  makes no HTTP call;
- token and cost counters in metrics;
- `complete_model`: a forced tool call validated with pydantic, and one repair retry that tells
  the model exactly what was wrong (`tools.llm.structured`).
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, TypeVar

import anthropic
from pydantic import BaseModel

from core.cache import PersistentCache
from core.clock import Clock, SystemClock
from core.config import LLMSettings
from core.errors import new_error_id
from core.logging import get_logger
from core.metrics import Metrics
from core.ports.llm import LLMRequest, LLMResponse, ToolCall
from core.result import ErrorCode, ResultMeta, StepResult
from core.usage import record_llm_usage
from tools.llm.retry import RETRYABLE_STATUS, backoff_s, retry_after_s
from tools.llm.structured import UNPARSED, answer_tool, repair_turns, validate

__all__ = ["NO_KEY_MESSAGE", "AnthropicLLM"]

log = get_logger(__name__)
M = TypeVar("M", bound=BaseModel)

NO_KEY_MESSAGE = "this needs an Anthropic API key (set ANTHROPIC_API_KEY)"
# Above this many output tokens a call streams: the SDK refuses long non-streaming calls, and a
# stream keeps the connection alive while a long script is written.
STREAM_ABOVE_TOKENS = 16_000


class AnthropicLLM:
    def __init__(
        self,
        *,
        settings: LLMSettings,
        metrics: Metrics,
        cache: PersistentCache | None = None,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        client: anthropic.AsyncAnthropic | None = None,
    ) -> None:
        self._settings = settings
        self._metrics = metrics
        self._cache = cache
        self._clock = clock or SystemClock()
        self._rng = rng or random.Random()
        self._client = client
        if client is None and settings.configured:
            assert settings.api_key is not None
            self._client = anthropic.AsyncAnthropic(
                api_key=settings.api_key.get_secret_value(),
                base_url=settings.base_url or None,
                max_retries=0,  # retries are ours: they must fit the budget
                timeout=settings.timeout_s,
            )

    @property
    def available(self) -> bool:
        return self._client is not None

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()

    # -- the port --------------------------------------------------------------------------
    async def complete(self, request: LLMRequest) -> StepResult[LLMResponse]:
        return await self._complete(self._kwargs(request), request)

    async def complete_model(self, request: LLMRequest, schema: type[M]) -> StepResult[M]:
        tool = answer_tool(request, schema)
        request = replace(request, tools=(tool,), tool_choice=tool.name)
        kwargs = self._kwargs(request)
        first = await self._complete(kwargs, request)
        if first.error is not None:
            return first.cast_error()
        parsed, problem, call_id, raw = validate(first.unwrap(), tool.name, schema)
        if parsed is not None:
            return StepResult.success(parsed, meta=first.meta)
        self._metrics.inc("llm_repairs_total", purpose=request.purpose)
        log.info("llm_output_invalid", purpose=request.purpose, problem=problem[:500])
        repair = dict(kwargs)
        repair["messages"] = [*kwargs["messages"], *repair_turns(tool.name, call_id, raw, problem)]
        second = await self._complete(repair, request)
        if second.error is not None:
            return second.cast_error()
        parsed, problem, _, _ = validate(second.unwrap(), tool.name, schema)
        if parsed is not None:
            return StepResult.success(parsed, meta=second.meta)
        error_id = new_error_id()
        log.error(
            "llm_output_invalid_twice",
            purpose=request.purpose,
            error_id=error_id,
            problem=problem[:500],
        )
        return StepResult.failure(
            ErrorCode.INTERNAL,
            f"the model returned invalid output twice (error id {error_id})",
            error_id=error_id,
        )

    # -- one logical call: cache, then HTTP with retries ----------------------------------
    def _kwargs(self, request: LLMRequest) -> dict[str, Any]:
        # No temperature: API version 2026-10-21 (what SDK 2.x sends) rejects sampling
        # parameters with HTTP 400, and the SDK no longer accepts them.
        kwargs: dict[str, Any] = {
            "model": self._settings.model,
            "max_tokens": request.max_tokens or self._settings.max_tokens,
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
        }
        if request.system:
            kwargs["system"] = request.system
        if request.tools:
            kwargs["tools"] = [
                {"name": t.name, "description": t.description, "input_schema": dict(t.input_schema)}
                for t in request.tools
            ]
        if request.tool_choice == "any":
            kwargs["tool_choice"] = {"type": "any"}
        elif request.tool_choice == "auto":
            kwargs["tool_choice"] = {"type": "auto"}
        elif request.tool_choice:
            kwargs["tool_choice"] = {"type": "tool", "name": request.tool_choice}
        return kwargs

    async def _complete(
        self, kwargs: Mapping[str, Any], request: LLMRequest
    ) -> StepResult[LLMResponse]:
        if self._client is None:
            return StepResult.failure(ErrorCode.UNAVAILABLE, NO_KEY_MESSAGE, retryable=False)
        key = _cache_key(kwargs, request.prompt_version)
        if self._cache is not None and (blob := self._cache.get(key)) is not None:
            self._metrics.inc("llm_cache_total", outcome="hit")
            self._metrics.inc("llm_calls_total", purpose=request.purpose, outcome="cached")
            return StepResult.success(
                replace(_loads(blob), cached=True),
                meta=ResultMeta(cache_hit=True, source="llm_cache"),
            )
        if self._cache is not None:
            self._metrics.inc("llm_cache_total", outcome="miss")
        start = time.perf_counter()
        result = await self._send(kwargs, request.purpose)
        self._metrics.observe("llm_seconds", time.perf_counter() - start, purpose=request.purpose)
        outcome = "ok" if result.error is None else result.error.code.value
        self._metrics.inc("llm_calls_total", purpose=request.purpose, outcome=outcome)
        if result.error is None:
            response = result.unwrap()
            self._count_usage(response)
            if self._cache is not None:
                self._cache.set(key, _dumps(response))
        return result.with_meta(cache_hit=False, source="llm")

    async def _send(self, kwargs: Mapping[str, Any], purpose: str) -> StepResult[LLMResponse]:
        assert self._client is not None
        settings = self._settings
        deadline = self._clock.monotonic() + settings.budget_s
        attempt = 0
        while True:
            remaining = deadline - self._clock.monotonic()
            if remaining <= 0:
                return _timeout(settings.budget_s)
            reason: str
            wait: float | None = None
            status: int | None = None
            try:
                message = await self._call(kwargs, min(settings.timeout_s, remaining))
                return StepResult.success(_response(message))
            except anthropic.APIStatusError as exc:
                status = exc.status_code
                if status not in RETRYABLE_STATUS:
                    return self._fatal(exc, purpose)
                reason = f"http_{status}"
                wait = retry_after_s(dict(exc.response.headers))
            except anthropic.APITimeoutError:
                reason = "timeout"
            except anthropic.APIConnectionError as exc:
                reason = "connection"
                log.warning("llm_connection_failed", purpose=purpose, error=str(exc))
            if wait is None:
                wait = backoff_s(
                    attempt,
                    base_s=settings.backoff_base_s,
                    max_s=settings.backoff_max_s,
                    rng=self._rng,
                )
            attempt += 1
            if attempt > settings.max_retries or self._clock.monotonic() + wait > deadline:
                return _give_up(reason, status, wait, settings.budget_s)
            self._metrics.inc("llm_retries_total", purpose=purpose, reason=reason)
            log.info(
                "llm_retry", purpose=purpose, reason=reason, attempt=attempt, wait_s=round(wait, 3)
            )
            await self._clock.sleep(wait)

    async def _call(self, kwargs: Mapping[str, Any], seconds: float) -> Any:
        assert self._client is not None
        if int(kwargs["max_tokens"]) > STREAM_ABOVE_TOKENS:
            async with self._client.messages.stream(**kwargs, timeout=seconds) as stream:
                return await stream.get_final_message()
        return await self._client.messages.create(**kwargs, timeout=seconds)

    def _fatal(self, exc: anthropic.APIStatusError, purpose: str) -> StepResult[LLMResponse]:
        if exc.status_code in (401, 403):
            return StepResult.failure(
                ErrorCode.UNAVAILABLE,
                f"the Anthropic API refused the key (HTTP {exc.status_code}); "
                "check ANTHROPIC_API_KEY",
                retryable=False,
            )
        error_id = new_error_id()
        log.error(
            "llm_request_rejected",
            purpose=purpose,
            status=exc.status_code,
            error_id=error_id,
            error=str(exc)[:500],
        )
        return StepResult.failure(
            ErrorCode.INTERNAL,
            f"Claude rejected the request (HTTP {exc.status_code}, error id {error_id})",
            error_id=error_id,
        )

    def _count_usage(self, response: LLMResponse) -> None:
        self._metrics.inc("llm_tokens_total", response.input_tokens, direction="input")
        self._metrics.inc("llm_tokens_total", response.output_tokens, direction="output")
        cost = (
            response.input_tokens * self._settings.input_usd_per_mtok
            + response.output_tokens * self._settings.output_usd_per_mtok
        ) / 1_000_000
        self._metrics.inc("llm_cost_usd_total", cost)
        record_llm_usage(response.input_tokens, response.output_tokens, cost)  # the server's


# -- helpers ---------------------------------------------------------------------------------
def _give_up(
    reason: str, status: int | None, wait: float, budget_s: float
) -> StepResult[LLMResponse]:
    after = max(1, round(wait + 0.499))
    if status == 429:
        return StepResult.failure(
            ErrorCode.RATE_LIMITED,
            f"Claude is busy, try again in {after} s",
            retry_after_s=float(after),
        )
    if status in (503, 529):
        return StepResult.failure(
            ErrorCode.UNAVAILABLE,
            f"Claude is overloaded right now, try again in {after} s",
            retry_after_s=float(after),
        )
    if status is not None:
        return StepResult.failure(
            ErrorCode.UNAVAILABLE,
            f"Claude had a server error (HTTP {status}), try again in {after} s",
            retry_after_s=float(after),
        )
    if reason == "timeout":
        return _timeout(budget_s)
    return StepResult.failure(
        ErrorCode.UNAVAILABLE,
        "could not reach the Anthropic API (check the network or ANTHROPIC_BASE_URL)",
        retry_after_s=float(after),
    )


def _timeout(budget_s: float) -> StepResult[LLMResponse]:
    return StepResult.failure(
        ErrorCode.TIMEOUT, f"Claude did not answer within {budget_s:g} s, try again later"
    )


def _response(message: Any) -> LLMResponse:
    texts: list[str] = []
    calls: list[ToolCall] = []
    ids: list[str] = []
    for block in message.content:
        if block.type == "text":
            texts.append(block.text)
        elif block.type == "tool_use":
            raw = block.input
            calls.append(
                ToolCall(
                    name=block.name, input=raw if isinstance(raw, dict) else {UNPARSED: str(raw)}
                )
            )
            ids.append(block.id)
    usage = message.usage
    return LLMResponse(
        text="".join(texts),
        tool_calls=tuple(calls),
        model=message.model,
        stop_reason=message.stop_reason,
        input_tokens=int(usage.input_tokens or 0),
        output_tokens=int(usage.output_tokens or 0),
        extra={"tool_use_ids": ids},
    )


def _cache_key(kwargs: Mapping[str, Any], prompt_version: str) -> str:
    canonical = json.dumps(
        {"request": kwargs, "prompt_version": prompt_version},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _dumps(response: LLMResponse) -> bytes:
    return json.dumps(
        {
            "text": response.text,
            "tool_calls": [{"name": c.name, "input": dict(c.input)} for c in response.tool_calls],
            "model": response.model,
            "stop_reason": response.stop_reason,
            "input_tokens": response.input_tokens,
            "output_tokens": response.output_tokens,
            "extra": dict(response.extra),
        }
    ).encode()


def _loads(blob: bytes) -> LLMResponse:
    data = json.loads(blob)
    return LLMResponse(
        text=data["text"],
        tool_calls=tuple(ToolCall(name=c["name"], input=c["input"]) for c in data["tool_calls"]),
        model=data["model"],
        stop_reason=data["stop_reason"],
        input_tokens=data["input_tokens"],
        output_tokens=data["output_tokens"],
        extra=data.get("extra", {}),
    )
