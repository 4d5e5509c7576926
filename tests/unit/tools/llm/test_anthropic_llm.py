"""`AnthropicLLM` against the loopback fake of the Messages API, through the real SDK."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from core.cache import PersistentCache
from core.clock import FakeClock
from core.config import LLMSettings, load_settings
from core.metrics import Metrics
from core.ports.llm import LLMMessage, LLMRequest
from core.result import ErrorCode
from tests.fakes.anthropic_api import (
    FakeMessagesAPI,
    error,
    malformed_tool_use,
    overloaded,
    rate_limited,
    server_error,
    text,
    tool_use,
)
from tools.llm.anthropic_llm import NO_KEY_MESSAGE, AnthropicLLM


class ShowCard(BaseModel):
    """A show's title and its themes."""

    title: str
    themes: list[str]


def _settings(api: FakeMessagesAPI | None, **llm: Any) -> LLMSettings:
    env = {"STUDIO_LLM__BACKOFF_BASE_S": "0.05", "STUDIO_LLM__BACKOFF_MAX_S": "0.2"}
    if api is not None:
        env |= {"ANTHROPIC_API_KEY": "sk-ant-test-0123456789", "ANTHROPIC_BASE_URL": api.base_url}
    return load_settings(env=env, overrides={"llm": llm} if llm else None).llm


def _request(content: str = "hello", **kwargs: Any) -> LLMRequest:
    return LLMRequest(system="be brief", messages=(LLMMessage("user", content),), **kwargs)


async def test_overloaded_then_success_is_retried(fake_anthropic: FakeMessagesAPI) -> None:
    metrics = Metrics()
    fake_anthropic.queue(overloaded(), text("hi there", input_tokens=100, output_tokens=40))
    llm = AnthropicLLM(settings=_settings(fake_anthropic), metrics=metrics, clock=FakeClock())
    result = await llm.complete(_request())
    assert result.ok
    assert result.unwrap().text == "hi there"
    assert len(fake_anthropic.requests) == 2
    assert metrics.counter("llm_retries_total", purpose="generic", reason="http_529") == 1
    assert metrics.counter("llm_tokens_total", direction="input") == 100
    assert metrics.counter("llm_tokens_total", direction="output") == 40
    assert metrics.counter("llm_cost_usd_total") == pytest.approx((100 * 3 + 40 * 15) / 1e6)
    await llm.aclose()


async def test_persistent_429_says_busy_within_the_budget(fake_anthropic: FakeMessagesAPI) -> None:
    fake_anthropic.set_default(rate_limited(retry_after_s=1.0))
    clock = FakeClock()
    settings = _settings(fake_anthropic, budget_s=2.5, max_retries=10)
    llm = AnthropicLLM(settings=settings, metrics=Metrics(), clock=clock)
    started = time.monotonic()
    result = await llm.complete(_request())
    error_ = result.unwrap_error()
    assert error_.code is ErrorCode.RATE_LIMITED
    assert error_.message == "Claude is busy, try again in 1 s"
    assert error_.retry_after_s == 1.0
    # retry-after honoured exactly, and no wait past the budget
    assert clock.sleeps == [1.0, 1.0]
    assert clock.monotonic() <= settings.budget_s
    assert time.monotonic() - started < settings.budget_s
    assert len(fake_anthropic.requests) == 3
    await llm.aclose()


async def test_server_errors_past_the_retries_are_unavailable(
    fake_anthropic: FakeMessagesAPI,
) -> None:
    fake_anthropic.set_default(server_error())
    clock = FakeClock()
    llm = AnthropicLLM(
        settings=_settings(fake_anthropic, max_retries=2), metrics=Metrics(), clock=clock
    )
    result = await llm.complete(_request())
    assert result.unwrap_error().code is ErrorCode.UNAVAILABLE
    assert len(fake_anthropic.requests) == 3
    # exponential backoff: each wait within [base*2^n/2, base*2^n]
    assert len(clock.sleeps) == 2
    assert 0.025 <= clock.sleeps[0] <= 0.05 and 0.05 <= clock.sleeps[1] <= 0.1
    await llm.aclose()


async def test_a_slow_answer_times_out_within_the_budget(fake_anthropic: FakeMessagesAPI) -> None:
    fake_anthropic.latency_s = 0.6
    settings = _settings(fake_anthropic, timeout_s=0.2, budget_s=0.5, max_retries=3)
    llm = AnthropicLLM(settings=settings, metrics=Metrics())
    started = time.monotonic()
    result = await llm.complete(_request())
    assert result.unwrap_error().code is ErrorCode.TIMEOUT
    assert time.monotonic() - started < 1.0
    await llm.aclose()


async def test_a_rejected_key_is_not_retried(fake_anthropic: FakeMessagesAPI) -> None:
    fake_anthropic.set_default(error(401, "authentication_error", "invalid x-api-key"))
    llm = AnthropicLLM(settings=_settings(fake_anthropic), metrics=Metrics(), clock=FakeClock())
    result = await llm.complete(_request())
    assert result.unwrap_error().code is ErrorCode.UNAVAILABLE
    assert "ANTHROPIC_API_KEY" in result.unwrap_error().message
    assert len(fake_anthropic.requests) == 1
    await llm.aclose()


async def test_malformed_tool_input_is_repaired_once(fake_anthropic: FakeMessagesAPI) -> None:
    fake_anthropic.queue(
        malformed_tool_use("show_card", '{"title": "Fargo", "themes": [greed'),
        tool_use("show_card", {"title": "Fargo", "themes": ["greed", "luck"]}),
    )
    llm = AnthropicLLM(settings=_settings(fake_anthropic), metrics=Metrics(), clock=FakeClock())
    result = await llm.complete_model(_request("Fargo"), ShowCard)
    assert result.unwrap() == ShowCard(title="Fargo", themes=["greed", "luck"])
    first, second = fake_anthropic.requests
    assert first.body["tool_choice"] == {"type": "tool", "name": "show_card"}
    feedback = second.body["messages"][-1]["content"][0]
    assert feedback["type"] == "tool_result" and feedback["is_error"] is True
    assert "not valid JSON" in feedback["content"]
    await llm.aclose()


async def test_invalid_fields_are_named_in_the_repair_request(
    fake_anthropic: FakeMessagesAPI,
) -> None:
    fake_anthropic.queue(
        tool_use("show_card", {"title": "Fargo", "themes": "greed"}),
        tool_use("show_card", {"title": "Fargo", "themes": ["greed"]}),
    )
    llm = AnthropicLLM(settings=_settings(fake_anthropic), metrics=Metrics(), clock=FakeClock())
    assert (await llm.complete_model(_request("Fargo"), ShowCard)).ok
    feedback = fake_anthropic.requests[1].body["messages"][-1]["content"][0]["content"]
    assert "- themes:" in feedback
    await llm.aclose()


async def test_invalid_output_twice_is_reported(fake_anthropic: FakeMessagesAPI) -> None:
    fake_anthropic.set_default(malformed_tool_use("show_card"))
    llm = AnthropicLLM(settings=_settings(fake_anthropic), metrics=Metrics(), clock=FakeClock())
    result = await llm.complete_model(_request("Fargo"), ShowCard)
    error_ = result.unwrap_error()
    assert error_.code is ErrorCode.INTERNAL
    assert "the model returned invalid output twice" in error_.message
    assert error_.error_id and error_.error_id in error_.message
    assert len(fake_anthropic.requests) == 2
    await llm.aclose()


async def test_a_repeated_request_is_a_cache_hit(
    fake_anthropic: FakeMessagesAPI, tmp_path: Path
) -> None:
    cache = PersistentCache(tmp_path / "cache.sqlite3", "llm", max_bytes=1 << 20)
    metrics = Metrics()
    fake_anthropic.set_default(text("an answer"))
    llm = AnthropicLLM(settings=_settings(fake_anthropic), metrics=metrics, cache=cache)
    first = await llm.complete(_request("same question"))
    again = await llm.complete(_request("same question"))
    assert len(fake_anthropic.requests) == 1
    assert again.unwrap().text == "an answer" and again.unwrap().cached
    assert again.meta.cache_hit is True and first.meta.cache_hit is False
    assert (cache.stats().hits, cache.stats().misses) == (1, 1)
    assert metrics.counter("llm_cache_total", outcome="hit") == 1
    # anything that shapes the answer is part of the key
    await llm.complete(_request("same question", prompt_version="v2"))
    await llm.complete(_request("another question"))
    assert len(fake_anthropic.requests) == 3
    cache.close()
    await llm.aclose()


async def test_long_outputs_stream(fake_anthropic: FakeMessagesAPI) -> None:
    fake_anthropic.queue(text("a long scene " * 20, output_tokens=300))
    llm = AnthropicLLM(settings=_settings(fake_anthropic), metrics=Metrics(), clock=FakeClock())
    result = await llm.complete(_request(max_tokens=20_000))
    assert result.unwrap().text == "a long scene " * 20
    assert result.unwrap().output_tokens == 300
    assert fake_anthropic.requests[0].stream
    await llm.aclose()


async def test_without_a_key_it_says_one_is_needed() -> None:
    llm = AnthropicLLM(settings=_settings(None), metrics=Metrics())
    assert llm.available is False
    result = await llm.complete(_request())
    assert result.unwrap_error().code is ErrorCode.UNAVAILABLE
    assert result.unwrap_error().message == NO_KEY_MESSAGE
    assert NO_KEY_MESSAGE == "this needs an Anthropic API key (set ANTHROPIC_API_KEY)"
