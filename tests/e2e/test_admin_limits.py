"""/admin limits through the emulator: view, set, persist, refuse a bad value by name."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from core.guild_limits import LIMIT_KEYS, GuildLimitsStore
from tests.e2e.conftest import StudioFactory
from tests.e2e.emulator import Message
from tests.e2e.harness import Studio


@pytest.fixture
async def limited(make_studio: StudioFactory, tmp_path: Path) -> AsyncIterator[Studio]:
    """A studio whose services have a per-server limits store (the real root wires its own)."""
    studio = await make_studio()
    own: GuildLimitsStore | None = None
    if studio.services.limits is None:
        own = GuildLimitsStore(tmp_path / "guild_limits.sqlite3")
        await own.open()
        studio.services.limits = own
    try:
        yield studio
    finally:
        if own is not None:
            await own.close()


def server_caps(message: Message) -> str:
    fields = {f["name"]: f["value"] for f in message.embeds[0]["fields"]}
    return fields["This server"]


async def test_setting_choices_are_the_limit_keys(limited: Studio) -> None:
    admin = limited.emu.command("admin")
    limits = next(o for o in admin["options"] if o["name"] == "limits")
    setting = next(o for o in limits["options"] if o["name"] == "setting")
    assert [c["value"] for c in setting["choices"]] == list(LIMIT_KEYS)


async def test_set_then_view_round_trips_and_persists(limited: Studio) -> None:
    emu = limited.emu
    (before,) = await emu.wait_answered(await emu.invoke("alice", "admin limits"))
    assert before.ephemeral and "`max_steps`: **not set**" in server_caps(before)

    (changed,) = await emu.wait_answered(
        await emu.invoke("alice", "admin limits", setting="max_steps", value="20")
    )
    assert changed.ephemeral and changed.embeds[0]["description"] == "✅ Set **max_steps**."
    assert "`max_steps`: **20**" in server_caps(changed)
    await emu.wait_answered(
        await emu.invoke("alice", "admin limits", setting="blocked_words", value="gore, blood")
    )

    (after,) = await emu.wait_answered(await emu.invoke("alice", "admin limits"))
    caps = server_caps(after)
    assert "`max_steps`: **20**" in caps and "`blocked_words`: **gore, blood**" in caps
    # Stored, not only cached: a fresh store on the same file reads the same caps.
    store = limited.services.limits
    assert store is not None
    fresh = GuildLimitsStore(store._path)
    await fresh.open()
    try:
        stored = await fresh.get(str(emu.guild.id))
    finally:
        await fresh.close()
    assert stored.max_steps == 20 and stored.blocked_words == ("gore", "blood")


async def test_a_bad_value_gets_an_ephemeral_message_naming_the_setting(limited: Studio) -> None:
    emu = limited.emu
    with capture_logs() as logs:
        (bad,) = await emu.wait_answered(
            await emu.invoke("alice", "admin limits", setting="max_steps", value="lots")
        )
    assert bad.ephemeral and bad.visible_to == emu.user("alice").id
    assert "max_steps takes a whole number" in bad.content
    (out_of_range,) = await emu.wait_answered(
        await emu.invoke("alice", "admin limits", setting="max_side", value="10")
    )
    assert out_of_range.ephemeral and "max_side" in out_of_range.content
    assert "64-4096" in out_of_range.content
    (half,) = await emu.wait_answered(
        await emu.invoke("alice", "admin limits", setting="nsfw_channels_only")
    )
    assert half.ephemeral and "give both `setting` and `value`" in half.content
    assert "true or false" in half.content
    store = limited.services.limits
    assert store is not None
    current = await store.get(str(emu.guild.id))
    assert current.max_steps is None and current.max_side is None  # nothing changed

    (done,) = [e for e in logs if e["event"] == "admin_command_done"]
    assert done["command"] == "admin limits" and done["outcome"] == "invalid_input"
    assert done["guild_id"] == str(emu.guild.id) and done["user_id"] == str(emu.user("alice").id)
    assert done["ms"] > 0


async def test_without_a_store_the_admin_is_told_limits_are_not_configured(
    studio: Studio,
) -> None:
    if studio.services.limits is not None:
        pytest.skip("this composition root configures per-server limits")
    emu = studio.emu
    (reply,) = await emu.wait_answered(
        await emu.invoke("alice", "admin limits", setting="max_steps", value="20")
    )
    assert reply.ephemeral
    assert reply.embeds[0]["description"] == "Per-server limits are not configured on this bot."
