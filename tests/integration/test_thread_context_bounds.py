"""What earlier turns of a thread cost the next Claude call: references and short summaries, never
a replay of a long text (a `/analyze` synopsis can be 60,000 characters), whatever the thread
holds. Real orchestrator, real analyzer, real SDK against the loopback Messages API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.clock import FakeClock
from core.config import load_settings
from core.context import RequestContext
from core.intent import analyzer as analyzer_module
from core.intent.schema import Intent
from core.metrics import Metrics
from tests.fakes import fake_anthropic
from tests.fakes.anthropic_api import FakeMessagesAPI, tool_use
from tests.integration.real_stack import real_stack
from tools.llm.anthropic_llm import AnthropicLLM

__all__ = ["fake_anthropic"]

THREAD = RequestContext(tenant="g1", user_id="alice", channel_id="c1", thread_id="t1")
# A synopsis whose every 40-character window is unique: any replayed piece of it is found.
SYNOPSIS = " ".join(f"scene{i:05d} the keeper climbs the stair again" for i in range(1300))[:60_000]
UNSURE = "purple"  # no rule decides it: Claude is asked


def _llm(api: FakeMessagesAPI) -> AnthropicLLM:
    settings = load_settings(
        env={
            "ANTHROPIC_API_KEY": "sk-ant-test-0123456789",
            "ANTHROPIC_BASE_URL": api.base_url,
            "STUDIO_LLM__MAX_RETRIES": "0",
        }
    )
    return AnthropicLLM(settings=settings.llm, metrics=Metrics(), clock=FakeClock())


async def test_a_long_synopsis_in_the_thread_never_reaches_the_next_intent_call(
    tmp_path: Path, fake_anthropic: FakeMessagesAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worst case: every message the rules do not decide goes to Claude with the context
    # (which messages the offline stages are unsure of is the analyzer's own business).
    monkeypatch.setattr(analyzer_module, "LLM_THRESHOLD", 1.01)
    fake_anthropic.set_default(tool_use("chat", {"confidence": 0.9}))
    async with real_stack(tmp_path, llm=_llm(fake_anthropic)) as stack:
        for title in ("Lighthouse Keepers", "Harbour Lights", "Night Ferry", "Tide Tables"):
            analysed = await stack.orchestrator.run_command(
                Intent.ANALYZE_SHOW, {"title": title, "text": SYNOPSIS}, THREAD
            )
            assert analysed.ok, analysed
        await stack.orchestrator.handle_message(UNSURE, THREAD)
    (request,) = fake_anthropic.requests
    sent = json.dumps(request.body["messages"])
    assert UNSURE in sent
    pieces = [SYNOPSIS[i : i + 40] for i in range(0, len(SYNOPSIS) - 40, 997)]
    assert not [p for p in pieces if p in sent]
    # The thread's part of the call is bounded (about 2,000 tokens), not a replay of its texts.
    assert len(sent) < 8_000
    # The thread still knows what it was about.
    assert "Tide Tables" in sent
