"""The fake Messages API itself: what other tests and benchmarks rely on."""

from __future__ import annotations

import asyncio
import time

import anthropic

from tests.fakes.anthropic_api import FakeMessagesAPI, text, tool_use


async def test_streams_text_and_tool_use_as_the_sdk_expects(
    fake_anthropic: FakeMessagesAPI,
) -> None:
    fake_anthropic.queue(tool_use("pick", {"n": 3}, preamble="Let me pick."))
    client = anthropic.AsyncAnthropic(
        api_key="sk-ant-test-0123456789", base_url=fake_anthropic.base_url, max_retries=0
    )
    async with client.messages.stream(
        model="claude-test", max_tokens=50, messages=[{"role": "user", "content": "go"}]
    ) as stream:
        message = await stream.get_final_message()
    assert [block.type for block in message.content] == ["text", "tool_use"]
    assert message.content[0].text == "Let me pick."  # type: ignore[union-attr]
    assert message.content[1].input == {"n": 3}  # type: ignore[union-attr]
    assert message.stop_reason == "tool_use"
    assert fake_anthropic.requests[0].stream
    await client.close()


async def test_a_fixed_latency_applies_to_concurrent_requests(
    fake_anthropic: FakeMessagesAPI,
) -> None:
    fake_anthropic.latency_s = 0.2
    fake_anthropic.set_default(text("ok"))
    client = anthropic.AsyncAnthropic(
        api_key="sk-ant-test-0123456789", base_url=fake_anthropic.base_url, max_retries=0
    )
    started = time.monotonic()
    await asyncio.gather(
        *(
            client.messages.create(
                model="claude-test", max_tokens=10, messages=[{"role": "user", "content": str(i)}]
            )
            for i in range(4)
        )
    )
    elapsed = time.monotonic() - started
    assert 0.2 <= elapsed < 0.6  # served side by side, each after the latency
    assert fake_anthropic.max_in_flight == 4
    await client.close()
