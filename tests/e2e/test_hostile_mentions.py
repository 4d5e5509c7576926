"""Mention injection through the real stack: members put @everyone, @here, role and user pings
in titles, synopses and plain messages; the bot echoes that text back in job threads, progress
messages, results, clarifications, confirmations and "not found" answers, and never pings
anyone. Every message the bot sends or edits carries allowed_mentions that parse nothing, and
what Discord would ping from its content (by Discord's own rules) is nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bot.wiring import build_services
from tests.e2e.conftest import StudioFactory
from tests.e2e.emulator import DiscordEmulator, Message
from tests.e2e.emulator.model import Channel
from tests.e2e.harness import Studio, share_embedder
from tests.e2e.test_full_stack import HEIST_ONE

REAL_STACK: dict[str, Any] = {
    "catalog": {"load_starter": False},
    "http": {"enabled": "off"},
    "jobs": {"max_queued_per_user": 20},
}


class SentLog:
    """Every message body the bot sent or edited (as the emulator received it)."""

    def __init__(self, emu: DiscordEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
        self.bodies: list[tuple[Message, dict[str, Any]]] = []
        original = emu._fill

        def fill(message: Message, payload: dict[str, Any], files: Any) -> None:
            original(message, payload, files)
            if message.author.bot:
                self.bodies.append((message, payload))

        monkeypatch.setattr(emu, "_fill", fill)

    def with_text(self) -> list[tuple[Message, dict[str, Any]]]:
        return [(m, p) for m, p in self.bodies if p.get("content") or p.get("embeds")]


def pings(content: str, allowed: dict[str, Any] | None) -> list[str]:
    """Who Discord would notify for `content` under `allowed` (no allowed_mentions: everyone
    that is mentioned), per Discord's "Allowed Mentions" rules."""
    parse = ["everyone", "users", "roles"] if allowed is None else list(allowed.get("parse", []))
    users = {str(u) for u in (allowed or {}).get("users", [])}
    roles = {str(r) for r in (allowed or {}).get("roles", [])}
    found = []
    if "everyone" in parse:
        found += re.findall(r"@everyone|@here", content)
    found += [
        f"user {u}" for u in re.findall(r"<@!?(\d+)>", content) if "users" in parse or u in users
    ]
    found += [
        f"role {r}" for r in re.findall(r"<@&(\d+)>", content) if "roles" in parse or r in roles
    ]
    return found


def assert_nobody_pinged(sent: SentLog, emu: DiscordEmulator) -> list[Message]:
    """Check every body the bot sent; return the bot messages whose text carried a mention."""
    bodies = sent.with_text()
    assert bodies, "the bot sent nothing"
    echoed: dict[int, Message] = {}
    for message, payload in bodies:
        allowed = payload.get("allowed_mentions")
        assert isinstance(allowed, dict), f"no allowed_mentions on {payload}"
        assert allowed.get("parse") == [], allowed
        assert not allowed.get("users") and not allowed.get("roles"), allowed
        assert not allowed.get("replied_user"), allowed
        content = str(payload.get("content") or "")
        assert pings(content, allowed) == [], content
        if re.search(r"@everyone|@here|<@&?\d+>", message.text()):
            echoed[message.id] = message
    assert not any(m.mention_everyone for m in emu.messages.values() if m.author.bot)
    return list(echoed.values())


async def bot_reply(emu: DiscordEmulator, channel: Channel, after: int) -> Message:
    """The first bot message in `channel` after the first `after` ones, once it has text."""
    return await emu.wait_until(
        lambda: next((m for m in emu.visible(channel)[after:] if m.author.bot and m.text()), None),
        timeout=30,
        what="the bot's answer",
    )


async def say(studio: Studio, user: str, channel: Channel, text: str) -> Message:
    emu = studio.emu
    before = len(emu.visible(channel))
    await emu.post(user, channel, text)
    return await bot_reply(emu, channel, before + 1)


async def added_show(studio: Studio, user: str, title: str, text: str, **where: Any) -> Channel:
    """Run /show add; return the job's thread once the result is posted there."""
    emu = studio.emu
    (reply,) = await emu.wait_answered(
        await emu.invoke(user, "show add", title=title, text=text, **where), timeout=30
    )
    thread = await emu.wait_until(lambda: emu.thread_of(reply), timeout=30, what="the thread")
    await emu.wait_until(
        lambda: any("is done" in m.content for m in emu.visible(thread)),
        timeout=60,
        what=f"{title!r} to be analysed",
    )
    return thread


async def test_echoed_mentions_never_ping(
    make_studio: StudioFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    share_embedder(monkeypatch)
    # The classifier reads mentions as one fixed word, so random snowflake ids do not move it:
    # "<pings> in a cyberpunk city" reads as a re-imagining at about 0.91, under this threshold,
    # so it always asks "did you mean"; the DNA question below reads at 0.99 and runs.
    overrides = {**REAL_STACK, "intent": {"confidence_threshold": 0.95}}
    studio = await make_studio(factory=build_services, overrides=overrides)
    emu = studio.emu
    sent = SentLog(emu, monkeypatch)
    admins = next(r.id for r in emu.guild.roles.values() if r.name == "Admins")
    mention = f"@everyone @here <@&{admins}> <@{emu.user('bob').id}>"

    # a show whose title and synopsis are pings: thread name, progress, result (its logline)
    thread = await added_show(studio, "carol", mention, f"{mention} {HEIST_ONE}")
    assert mention in thread.name
    # a "did you mean" confirmation quoting the prompt
    confirm = await say(studio, "carol", thread, f"{mention} in a cyberpunk city")
    assert "Did you mean" in confirm.text() and "@here" in confirm.text()
    # "not found" answers quoting the title, in a thread and ephemerally
    unknown = await say(studio, "carol", thread, f"what's the dna of @here <@&{admins}> and co")
    assert "I don't know a show called" in unknown.content
    # a clarification quoting what was understood (last: the thread now waits for a setting)
    asked = await say(studio, "carol", thread, f"reimagine {mention}")
    assert "So far I have" in asked.content and "@everyone" in asked.content
    (missing,) = await emu.wait_answered(
        await emu.invoke("carol", "show dna", title=f"@here <@{emu.user('alice').id}>")
    )
    assert missing.ephemeral and "@here" in missing.content
    # a script without Claude is refused at once (nothing queued), whatever its title says
    (refused,) = await emu.wait_answered(
        await emu.invoke("carol", "transform", title="@everyone", setting=f"<@&{admins}> on Mars")
    )
    assert "ANTHROPIC_API_KEY" in refused.text()

    echoed = assert_nobody_pinged(sent, emu)
    # The mentions really were echoed (in content, where Discord would ping): the checks above
    # are about messages that could have pinged.
    in_content = [m for m in echoed if re.search(r"@everyone|@here|<@&\d+>", m.content)]
    assert len(in_content) >= 3, [m.content for m in echoed]
