"""Claude failing beyond the retry budget, through the real stack: /transform with the real
Claude adapter and the official SDK pointed (ANTHROPIC_BASE_URL) at a loopback fake of the
Messages API. A 429 storm, 529 overloads and answers that never come each end the job in its
thread with what happened and when to try again; once Claude answers, the same request works."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest

from bot.render.limits import COLOR_FAILED
from bot.wiring import build_services
from tests.e2e.conftest import StudioFactory
from tests.e2e.emulator import Interaction, Message
from tests.e2e.emulator.model import Channel
from tests.e2e.harness import Studio, on_loopback_claude, share_embedder
from tests.e2e.test_full_stack import HEIST_ONE
from tests.fakes.anthropic_api import FakeMessagesAPI, Reply, overloaded, rate_limited, text
from tests.fakes.anthropic_api import tool_use as tool_reply
from tests.unit.tools.transform import canned

BUDGET_S = 1.5  # llm.budget_s: every fault below outlasts it


@pytest.fixture
async def claude() -> AsyncIterator[FakeMessagesAPI]:
    async with FakeMessagesAPI() as api:
        yield api


def _overrides(api: FakeMessagesAPI) -> dict[str, Any]:
    return on_loopback_claude(
        api.base_url,
        "sk-ant-test-0000",
        model="claude-fake-model",
        budget_s=BUDGET_S,
        timeout_s=0.4,
        backoff_base_s=0.05,
        backoff_max_s=0.2,
    )


def _answer(body: Mapping[str, Any]) -> Reply:
    """Claude back to normal: a valid answer for whichever tool the request forces."""
    name = str(body["tool_choice"]["name"])
    said = "\n".join(
        m["content"]
        if isinstance(m["content"], str)
        else "\n".join(str(b.get("text") or b.get("content") or "") for b in m["content"])
        for m in body.get("messages", [])
    )
    return tool_reply(name, canned.tool_input(name, said))


async def _thread(studio: Studio, interaction: Interaction) -> Channel:
    emu = studio.emu
    (reply,) = await emu.wait_answered(interaction, timeout=30)
    assert "Queued transformation job" in reply.content, reply.content
    return await emu.wait_until(lambda: emu.thread_of(reply), timeout=30, what="the job's thread")


async def _failed(studio: Studio, thread: Channel) -> Message:
    """The job's progress message once it has turned red."""
    emu = studio.emu

    def red() -> Message | None:
        return next(
            (m for m in emu.visible(thread) if m.embeds and m.colors[-1] == COLOR_FAILED), None
        )

    return await emu.wait_until(red, timeout=30, what="the job to fail in its thread")


async def test_claude_busy_overloaded_or_silent_beyond_the_budget_is_told_in_the_thread(
    make_studio: StudioFactory, claude: FakeMessagesAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    studio = await make_studio(factory=build_services, overrides=_overrides(claude))
    emu = studio.emu
    added = await emu.invoke("carol", "show add", title="Vault", text=HEIST_ONE)
    thread = await emu.wait_until(
        lambda: emu.thread_of(emu.replies(added)[0]) if emu.replies(added) else None,
        timeout=30,
        what="the analysis thread",
    )
    await emu.wait_until(
        lambda: any("is done" in m.content for m in emu.visible(thread)),
        timeout=30,
        what="the show to be analysed",
    )

    cases = [
        (rate_limited(retry_after_s=0.3), "Claude is busy, try again in 1 s"),
        (overloaded(retry_after_s=0.3), "Claude is overloaded right now, try again in 1 s"),
        (text("too late", delay_s=3.0), f"Claude did not answer within {BUDGET_S:g} s"),
    ]
    for fault, told in cases:
        claude.set_default(fault)
        before = len(claude.requests)
        interaction = await emu.invoke(
            "bob", "transform", title="Vault", setting="a Mars colony in 2300", scenes=1
        )
        failed = await _failed(studio, await _thread(studio, interaction))
        said = failed.text()
        assert told in said, said
        assert "try again" in said.lower()
        assert len(claude.requests) - before >= 2  # retried within the budget, then gave up

    # Claude answers again: the same request now runs to its script.
    claude.set_default(_answer)
    interaction = await emu.invoke(
        "bob", "transform", title="Vault", setting="a Mars colony in 2300", scenes=1
    )
    thread = await _thread(studio, interaction)
    done = await emu.wait_until(
        lambda: next((m for m in emu.visible(thread) if "is done" in m.content), None),
        timeout=60,
        what="the script",
    )
    assert any(a.filename.endswith(".fountain") for a in done.attachments), done.attachments
