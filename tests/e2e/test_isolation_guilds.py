"""Two servers on one bot, through the real stack: what one server's members make (jobs, shows)
is invisible to the other server, whatever its members or admins try (/job status and /job
cancel by id, /admin jobs, /show dna, /show similar, /admin stats); inside a server a member
cancels only their own jobs, and an admin anyone's.

Guild A's job must be running while guild B looks for it: a /transform whose first call to
Claude is held (tests/e2e/stalled_claude.py) until the test ends."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.context import RequestContext
from core.ports.progress import JobState
from tests.e2e.conftest import StudioFactory
from tests.e2e.emulator import Interaction, Message
from tests.e2e.harness import Studio
from tests.e2e.stalled_claude import StalledClaude, studio_on_stalled_claude
from tests.e2e.test_full_stack import HEIST_ONE, HEIST_TWO
from tests.e2e.test_hostile_mentions import added_show


@pytest.fixture
async def claude() -> AsyncIterator[StalledClaude]:
    async with StalledClaude() as server:
        yield server


async def answered(studio: Studio, interaction: Interaction) -> Message:
    (reply,) = await studio.emu.wait_answered(interaction, timeout=30)
    return reply


async def test_a_server_never_sees_or_touches_another_servers_work(
    make_studio: StudioFactory, monkeypatch: pytest.MonkeyPatch, claude: StalledClaude
) -> None:
    studio = await studio_on_stalled_claude(make_studio, monkeypatch, claude)
    emu = studio.emu
    rival = emu.add_guild("Rival Server")
    rival_admins = next(r.id for r in rival.roles.values() if r.name == "Admins")
    emu.add_member("dave", guild=rival)
    emu.add_member("erin", guild=rival, roles=[rival_admins])
    there = emu.general_of(rival)
    await emu.wait_until(lambda: studio.client.get_guild(rival.id), what="the bot in guild B")

    # Guild A: carol's show, and bob's script job on it, held running.
    await added_show(studio, "carol", "Secret Heist", HEIST_ONE)
    queued = await answered(
        studio, await emu.invoke("bob", "transform", title="Secret Heist", setting="Mars")
    )
    await emu.wait_until(lambda: claude.held, timeout=30, what="bob's job to be running")
    job_id = int(queued.content.split("#")[1].split(":")[0])

    # Guild B cannot read, cancel or list it, by any member or admin.
    for user, command in (
        ("dave", "job status"),
        ("dave", "job cancel"),
        ("erin", "job status"),
        ("erin", "job cancel"),
    ):
        reply = await answered(
            studio, await emu.invoke(user, command, channel=there, job_id=job_id)
        )
        assert reply.ephemeral and f"There is no job #{job_id} in this server" in reply.content
    latest = await answered(studio, await emu.invoke("dave", "job status", channel=there))
    assert "You have no jobs in this server" in latest.content
    theirs = await answered(studio, await emu.invoke("erin", "admin jobs", channel=there))
    ours = await answered(studio, await emu.invoke("alice", "admin jobs"))
    assert f"#{job_id}" in ours.text()  # the job is active, and listed in its own server only
    assert f"#{job_id}" not in theirs.text() and "Secret Heist" not in theirs.text()

    # Guild B cannot find guild A's show by title or by a description of it.
    dna = await answered(
        studio, await emu.invoke("dave", "show dna", channel=there, title="Secret Heist")
    )
    assert "I don't know a show called 'Secret Heist'" in dna.content
    by_title = await answered(
        studio, await emu.invoke("dave", "show similar", channel=there, title="Secret Heist")
    )
    assert "I don't know a show called 'Secret Heist'" in by_title.content
    by_text = await answered(
        studio, await emu.invoke("dave", "show similar", channel=there, text=HEIST_TWO)
    )
    home = await answered(studio, await emu.invoke("carol", "show similar", text=HEIST_TWO))
    assert "Secret Heist" in home.text() and "Secret Heist" not in by_text.text()

    # Guild B's stats show nothing of guild A: no names, titles or ids.
    stats = await answered(studio, await emu.invoke("erin", "admin stats", channel=there))
    carol, bob = emu.user("carol").id, emu.user("bob").id
    for private in ("Secret Heist", str(emu.guild.id), str(carol), str(bob), "carol", "bob"):
        assert private not in stats.text()

    # Inside guild A: another member cannot cancel bob's job; an admin can.
    job_of = RequestContext(tenant=str(emu.guild.id), user_id=str(bob))
    refused = await answered(studio, await emu.invoke("carol", "job cancel", job_id=job_id))
    assert f"Only the person who started job #{job_id}" in refused.content
    assert (await studio.services.jobs.get(job_id, job_of)).unwrap().status is JobState.RUNNING
    cancelled = await answered(studio, await emu.invoke("alice", "job cancel", job_id=job_id))
    assert "Cancelled transformation job" in cancelled.content
    assert (await studio.services.jobs.get(job_id, job_of)).unwrap().status is JobState.CANCELLED
