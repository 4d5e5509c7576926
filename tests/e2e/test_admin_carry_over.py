"""/admin stats through the emulator while a server's shows are carried over to a new vector
layout: its admins see how many of their shows are back and which could not be carried, never
another server's; once there is nothing to carry, the field is gone. The carry-over's own report
(tools.narrative.migration.Migration) is what the composition root hands the cog."""

from __future__ import annotations

from collections import Counter

from bot.render.carry_over import CARRY_OVER_FIELD
from tests.e2e.emulator import Message
from tests.e2e.harness import Studio
from tools.narrative.migration import Migration, Unreadable

OTHER_SERVER = "424242424242424242"


def _fields(message: Message) -> dict[str, str]:
    (embed,) = message.embeds
    return {f["name"]: f["value"] for f in embed["fields"]}


async def test_a_server_admin_sees_only_their_own_shows_coming_back(studio: Studio) -> None:
    emu = studio.emu
    ours = str(emu.guild.id)
    report = Migration(
        source="studio_works_v2",
        target="studio_works_v3",
        carried=Counter({ours: 3, OTHER_SERVER: 57}),
        unreadable=[
            Unreadable(ours, "Lost *Tape*", "no synopsis was kept with it"),
            Unreadable(OTHER_SERVER, "Their Secret Show", "no synopsis was kept with it"),
        ],
    )
    studio.services.carry_over = report

    (running,) = await emu.wait_answered(await emu.invoke("alice", "admin stats"))
    shown = _fields(running)[CARRY_OVER_FIELD]
    assert running.ephemeral and "**3 shows** back so far" in shown
    assert "Lost \\*Tape\\*" in shown  # the title as the member wrote it, not as markdown
    assert "Their Secret Show" not in shown and "57" not in shown

    report.carried[ours] += 1
    report.settled = True
    (done,) = await emu.wait_answered(await emu.invoke("alice", "admin stats"))
    shown = _fields(done)[CARRY_OVER_FIELD]
    assert shown.startswith("✅ Carried over to the new vector layout: **4 shows**.")
    assert "add it again with `/show add`" in shown and "Their Secret Show" not in shown

    studio.services.carry_over = Migration()  # a start with no earlier collection
    (none,) = await emu.wait_answered(await emu.invoke("alice", "admin stats"))
    assert CARRY_OVER_FIELD not in _fields(none)
