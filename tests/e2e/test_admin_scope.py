"""Servers neither see nor affect each other through /admin: a server's admins see their own
server's figures (commands, jobs, Claude spend), the bot's operator sees the whole bot, and only
the operator may clear the caches every server shares. Real composition root."""

from __future__ import annotations

import pytest

from bot.wiring import build_services
from core.cache import MemoryCache
from tests.e2e.conftest import OPERATOR_ID, StudioFactory, add_operator
from tests.e2e.emulator import Message
from tests.e2e.harness import Studio, share_embedder


def _fields(message: Message) -> dict[str, str]:
    (embed,) = message.embeds
    return {f["name"]: f["value"] for f in embed["fields"]}


async def _studio(make_studio: StudioFactory) -> Studio:
    overrides = {
        "catalog": {"load_starter": False, "extractor": "heuristic"},
        "http": {"enabled": "off"},
        "discord": {"admin_user_ids": [OPERATOR_ID]},
    }
    return await make_studio(factory=build_services, overrides=overrides)


async def test_each_server_sees_its_own_stats_and_the_operator_sees_the_whole_bot(
    make_studio: StudioFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    studio = await _studio(make_studio)
    emu = studio.emu
    operator = add_operator(studio)
    rival = emu.add_guild("Rival Server")
    rival_admins = next(r.id for r in rival.roles.values() if r.name == "Admins")
    emu.add_member("erin", guild=rival, roles=[rival_admins])
    await emu.wait_until(lambda: studio.client.get_guild(rival.id), what="the bot in guild B")

    for _ in range(3):
        await emu.wait_answered(await emu.invoke("bob", "help"))

    (ours,) = await emu.wait_answered(await emu.invoke("alice", "admin stats"))
    assert ours.ephemeral and ours.embeds[0]["title"] == "📊 Studio stats · this server"
    shown = _fields(ours)
    assert shown["Commands"].startswith("**3**")
    assert "cost $0.0000" in shown["Claude"]
    assert not {"Uptime", "LLM", "Vector store points", "Discord API errors"} & set(shown)
    assert "operator" in ours.embeds[0]["footer"]["text"]

    there = emu.general_of(rival)
    (theirs,) = await emu.wait_answered(await emu.invoke("erin", "admin stats", channel=there))
    assert _fields(theirs)["Commands"].startswith("**0**")  # guild A's commands are not B's

    (whole,) = await emu.wait_answered(await emu.invoke(operator, "admin stats"))
    assert whole.embeds[0]["title"] == "📊 Studio stats" and "LLM" in _fields(whole)


async def test_a_server_admin_cannot_clear_the_caches_every_server_shares(
    make_studio: StudioFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    studio = await _studio(make_studio)
    emu = studio.emu
    operator = add_operator(studio)
    caches = studio.services.caches
    answers: MemoryCache[str, str] = MemoryCache("intent_answers", max_entries=10)
    answers.set("a question", "an answer every server reuses")
    caches.register(answers)
    before = {s.name: s.entries for s in caches.stats()}

    (refused,) = await emu.wait_answered(await emu.invoke("alice", "admin cache clear"))
    assert refused.ephemeral and "only the bot's operator" in refused.content
    assert refused.custom_ids == []

    # A Clear button an operator was shown, clicked by a server admin, is refused too.
    (confirm,) = await emu.wait_answered(await emu.invoke(operator, "admin cache clear"))
    (click,) = await emu.wait_answered(await emu.click("alice", confirm, "studio:cache-clear:*"))
    assert click.ephemeral and "only the bot's operator" in click.content
    assert {s.name: s.entries for s in caches.stats()} == before
    assert answers.stats().entries == 1
