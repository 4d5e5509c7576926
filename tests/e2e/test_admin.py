"""/admin through the emulator: two gates (Discord's default permissions, and the bot's own)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import StudioFactory, operated

__all__ = ["operated"]
from tests.e2e.harness import Studio

ADMIN_COMMANDS = [
    "admin stats",
    "admin jobs",
    "admin limits",
    "admin cache stats",
    "admin cache clear",
]
# Words that only admin answers contain.
ADMIN_DATA = ("Uptime", "llm_responses", "embeddings", "Cleared", "Clear ", "Active jobs", "Limits")


async def test_discord_hides_admin_commands_from_members(studio: Studio) -> None:
    with pytest.raises(PermissionError):
        await studio.emu.invoke("bob", "admin stats")


async def test_a_member_without_manage_server_is_refused_by_every_admin_command(
    studio: Studio,
) -> None:
    emu = studio.emu
    # The server changed the command's permissions: Discord now lets everyone run it.
    emu.permission_overrides.add((emu.guild.id, "admin"))
    for command in ADMIN_COMMANDS:
        interaction = await emu.invoke("bob", command)
        (reply,) = await emu.wait_answered(interaction)
        assert reply.ephemeral and reply.visible_to == emu.user("bob").id, command
        assert "Manage Server" in reply.content, command
        assert not any(word in reply.text() for word in ADMIN_DATA), (command, reply.text())
        assert reply.custom_ids == []
    assert studio.services.caches.get("llm_responses").stats().entries == 1  # nothing cleared


async def test_the_bot_operator_gets_the_whole_bots_stats_embed(operated: Studio) -> None:
    studio = operated
    emu = studio.emu
    await emu.wait_answered(await emu.invoke("bob", "show dna", title="Friends"))
    interaction = await emu.invoke("olga", "admin stats")
    (reply,) = await emu.wait_answered(interaction)
    assert reply.ephemeral
    (embed,) = reply.embeds
    assert embed["title"] == "📊 Studio stats"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert set(fields) == {
        "Uptime",
        "Commands",
        "Jobs",
        "Queue",
        "Workers",
        "ETA error (median)",
        "Latency per command",
        "Latency per tool",
        "Intent decisions by stage",
        "LLM",
        "Discord API errors",
        "Vector store points",
    }
    assert [a.filename for a in reply.attachments] == ["admin_stats.png"]
    if studio.doubles is not None:
        # Nothing records vector store points here: shown as missing, never as 0.
        assert fields["Vector store points"] == "—"
        assert "vector_points" in embed["footer"]["text"]


async def test_an_admin_lists_jobs_and_the_operator_clears_a_cache_after_confirming(
    operated: Studio,
) -> None:
    studio = operated
    emu = studio.emu
    await emu.wait_answered(await emu.invoke("bob", "imagine", prompt="a fox"))
    (jobs,) = await emu.wait_answered(await emu.invoke("alice", "admin jobs"))
    assert "Image job #1" in jobs.text() and jobs.custom_ids == ["studio:cancel:1"]

    (listing,) = await emu.wait_answered(await emu.invoke("alice", "admin cache stats"))
    assert "llm_responses" in listing.text() and "1 entries" in listing.text()

    (unknown,) = await emu.wait_answered(await emu.invoke("olga", "admin cache clear", name="nope"))
    assert "no cache named `nope`" in unknown.content and "`embeddings`" in unknown.content

    (confirm,) = await emu.wait_answered(
        await emu.invoke("olga", "admin cache clear", name="llm_responses")
    )
    assert confirm.custom_ids == [
        "studio:cache-clear:llm_responses",
        "studio:cache-keep:llm_responses",
    ]
    assert studio.services.caches.get("llm_responses").stats().entries == 1  # not before confirming
    click = await emu.click("olga", confirm, "studio:cache-clear:llm_responses")
    await emu.wait_until(lambda: "Cleared" in emu.messages[confirm.id].content, what="the report")
    assert emu.messages[confirm.id].custom_ids == []
    assert click.ack_type == 6
    assert studio.services.caches.get("llm_responses").stats().entries == 0


async def test_admin_user_ids_are_admins_everywhere(make_studio: StudioFactory) -> None:
    trusted = 424_242_424_242_424_242
    studio = await make_studio(overrides={"discord": {"admin_user_ids": [trusted]}})
    emu = studio.emu
    emu.permission_overrides.add((emu.guild.id, "admin"))
    dave = emu.add_member("dave", user_id=trusted)  # no role, no Manage Server
    (reply,) = await emu.wait_answered(await emu.invoke(dave, "admin limits"))
    assert "Commands per user per minute" in reply.text()
