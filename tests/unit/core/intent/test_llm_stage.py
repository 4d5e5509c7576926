"""Stage 3: Claude (through the real SDK, against the loopback fake) when the offline stages are
unsure and a key is configured."""

from __future__ import annotations

import json

from core.clock import FakeClock
from core.config import IntentSettings, load_settings
from core.intent.analyzer import LLM_THRESHOLD, IntentAnalyzer
from core.intent.llm_stage import coerce_params, intent_tools
from core.intent.schema import Intent
from core.metrics import Metrics
from tests.fakes import shared_embedder
from tests.fakes.anthropic_api import FakeMessagesAPI, server_error, tool_use
from tools.llm.anthropic_llm import AnthropicLLM

# Messages no exact rule reads and that are like no training message in particular.
CANDIDATES = (
    "the thing from before",
    "hmm what about the other thing",
    "the blue one from yesterday maybe",
    "ok so the ending",
    "that part with the boat",
    "the boat one, video or picture, whichever",
    "Lost, or the other one",
)


def _unclear() -> str:
    """A message the offline classifier is unsure of (below the threshold for asking Claude)."""
    offline = IntentAnalyzer(settings=IntentSettings(), embedder=shared_embedder())
    offline.warm_up_sync()
    for text in CANDIDATES:
        vote = offline._learned.classify_sync(text)
        if vote.confidence < LLM_THRESHOLD:
            return text
    raise AssertionError("every candidate reads clearly: pick vaguer ones")


UNCLEAR = _unclear()


def _analyzer(api: FakeMessagesAPI) -> IntentAnalyzer:
    settings = load_settings(
        env={
            "ANTHROPIC_API_KEY": "sk-ant-test-0123456789",
            "ANTHROPIC_BASE_URL": api.base_url,
            "STUDIO_LLM__MAX_RETRIES": "1",
            "STUDIO_LLM__BACKOFF_BASE_S": "0.01",
        }
    )
    llm = AnthropicLLM(settings=settings.llm, metrics=Metrics(), clock=FakeClock())
    analyzer = IntentAnalyzer(settings=IntentSettings(), embedder=shared_embedder(), llm=llm)
    analyzer.warm_up_sync()
    return analyzer


async def test_claude_reads_what_the_offline_stages_are_unsure_of(
    fake_anthropic: FakeMessagesAPI,
) -> None:
    fake_anthropic.queue(
        tool_use("generate_image", {"prompt": "a purple sky", "count": 9, "confidence": 0.7})
    )
    reading = await _analyzer(fake_anthropic).analyze(UNCLEAR)
    assert reading.source == "llm"
    assert reading.intent is Intent.GENERATE_IMAGE
    # count 9 is outside 1-4: dropped rather than passed on
    assert reading.params == {"prompt": "a purple sky"}
    assert reading.confidence == 0.7
    (request,) = fake_anthropic.requests
    tools = request.body["tools"]
    assert {tool["name"] for tool in tools} == {intent.value for intent in Intent}
    assert request.body["tool_choice"] == {"type": "any"}
    assert all("required" not in tool["input_schema"] for tool in tools)


async def test_clear_messages_never_reach_claude(fake_anthropic: FakeMessagesAPI) -> None:
    analyzer = _analyzer(fake_anthropic)
    reading = await analyzer.analyze("draw a lighthouse in a storm")
    assert reading.source == "embedding"
    assert reading.intent is Intent.GENERATE_IMAGE
    assert fake_anthropic.requests == []


async def test_when_claude_fails_the_offline_reading_stands(
    fake_anthropic: FakeMessagesAPI,
) -> None:
    fake_anthropic.set_default(server_error())
    reading = await _analyzer(fake_anthropic).analyze(UNCLEAR)
    assert reading.source == "embedding"
    assert len(fake_anthropic.requests) == 2  # one try and one retry


async def test_a_tool_outside_the_intents_is_read_as_chat(fake_anthropic: FakeMessagesAPI) -> None:
    fake_anthropic.queue(tool_use("admin_clear_cache", {"confidence": 1.0}))
    reading = await _analyzer(fake_anthropic).analyze(UNCLEAR)
    assert reading.intent is Intent.CHAT


MIXED = [
    "draw a lighthouse in a storm",
    "shows like Fleabag",
    "is job 99 cancelled?",
    "thanks!",
    *CANDIDATES,
    "reimagine Friends on a Mars colony, 6 scenes",
    "what can you do?",
    "ok so the ending",
]


async def test_claude_is_asked_only_about_the_messages_the_offline_stages_are_unsure_of(
    fake_anthropic: FakeMessagesAPI,
) -> None:
    offline = IntentAnalyzer(settings=IntentSettings(), embedder=shared_embedder())
    readings = [await offline.analyze(text) for text in MIXED]
    unsure = [r for r in readings if r.source == "embedding" and r.confidence < LLM_THRESHOLD]
    assert 0 < len(unsure) < len(MIXED) // 2
    fake_anthropic.set_default(tool_use("chat", {"confidence": 0.9}))
    analyzer = _analyzer(fake_anthropic)
    online = [await analyzer.analyze(text) for text in MIXED]
    assert len(fake_anthropic.requests) == len(unsure)
    assert sum(r.source == "llm" for r in online) == len(unsure)
    for request in fake_anthropic.requests:
        # One message and no replayed thread: each call stays small.
        assert len(json.dumps(request.body["messages"])) < 2000


def test_no_tool_is_an_admin_action() -> None:
    names = {tool.name for tool in intent_tools()}
    assert not any("admin" in name or "cache" in name for name in names)


def test_coerce_params_keeps_valid_values_only() -> None:
    kept = coerce_params(
        Intent.TRANSFORM_SHOW,
        {"title": "Friends", "setting": "Mars", "scenes": 40, "tone": "dry", "bogus": 1},
    )
    assert kept == {"title": "Friends", "setting": "Mars", "tone": "dry"}
