"""👍 / 👎 / 🔎 under /show similar, through the real stack behind the loopback Discord: a member's
👎 on the first result is acknowledged to them alone, the server's next answer no longer ranks
that show first while another server's still does, the vote is counted in this server's
/admin stats (and in the operator's, for the whole bot), a second vote on the same pair replaces
the first, and "more like this" answers privately with the pressed result as a second example;
results 6-10 get their buttons in a private message of their own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.wiring import build_services
from tests.e2e.conftest import OPERATOR, StudioFactory, add_operator
from tests.e2e.emulator import Message
from tests.e2e.emulator.model import Channel
from tests.e2e.harness import Studio, share_embedder
from tests.support.small_catalog import use_small_catalog


async def similar(studio: Studio, user: str, channel: Channel | None = None) -> Message:
    emu = studio.emu
    where = {"channel": channel} if channel is not None else {}
    interaction = await emu.invoke(user, "show similar", title="Breaking Bad", k=3, **where)
    (reply,) = await emu.wait_answered(interaction, timeout=30)
    assert not reply.ephemeral and reply.embeds[0]["title"] == "Shows like Breaking Bad"
    return reply


def ranked(reply: Message) -> list[str]:
    return re.findall(r"\*\*\d+\. (.+?)\*\*", reply.embeds[0]["description"])


def button(reply: Message, action: str, rank: int) -> str:
    return next(
        c for c in reply.custom_ids if c.startswith(f"studio:{action}:") and c.endswith(f".{rank}")
    )


def votes_field(reply: Message) -> str:
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    return str(fields["Votes on similar shows"])


async def test_votes_rerank_this_servers_answers_and_more_like_this_answers_privately(
    make_studio: StudioFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    share_embedder(monkeypatch)
    use_small_catalog(monkeypatch, tmp_path / "catalog")
    overrides = {"http": {"enabled": "off"}, **OPERATOR}
    studio = await make_studio(factory=build_services, overrides=overrides)
    operator = add_operator(studio)
    emu = studio.emu
    rival = emu.add_guild("Rival Server")
    rival_admins = next(r.id for r in rival.roles.values() if r.name == "Admins")
    emu.add_member("dave", guild=rival)
    emu.add_member("erin", guild=rival, roles=[rival_admins])
    there = emu.general_of(rival)
    await emu.wait_until(lambda: studio.client.get_guild(rival.id), what="the bot in guild B")

    answer = await similar(studio, "bob")
    first = ranked(answer)[0]
    assert len(answer.custom_ids) == 9  # 👍, 👎 and 🔎 for each of the three results
    assert "This server's answers learn from it" in answer.embeds[0]["footer"]["text"]
    public = len(emu.visible(emu.general))

    click = await emu.click("bob", answer, button(answer, "show-down", 1))
    (noted,) = await emu.wait_answered(click, timeout=30)
    assert noted.ephemeral and f"{first} is not much like Breaking Bad" in noted.content
    assert len(emu.visible(emu.general)) == public  # nobody else sees a message for a vote

    again = await similar(studio, "carol")
    assert first not in ranked(again) and len(set(ranked(again))) == 3
    assert ranked(again)[:2] == ranked(answer)[1:]
    assert ranked(await similar(studio, "dave", there))[0] == first  # guild B: untouched

    (ours,) = await emu.wait_answered(await emu.invoke("alice", "admin stats"))
    assert votes_field(ours).startswith("**1** standing · 👍 0 · 👎 1")
    (theirs,) = await emu.wait_answered(await emu.invoke("erin", "admin stats", channel=there))
    assert votes_field(theirs).startswith("**0** standing")
    # The bot's operator sees every server's votes together.
    (whole,) = await emu.wait_answered(await emu.invoke(operator, "admin stats"))
    assert votes_field(whole) == "**1** standing in 1 server · 👍 0 · 👎 1"

    # bob changes his mind on the same pair: his 👍 replaces his 👎, the show is back on top.
    click = await emu.click("bob", answer, button(answer, "show-up", 1))
    (changed,) = await emu.wait_answered(click, timeout=30)
    assert "replaces your earlier vote" in changed.content
    assert ranked(await similar(studio, "carol"))[0] == first
    (ours,) = await emu.wait_answered(await emu.invoke("alice", "admin stats"))
    assert votes_field(ours).startswith("**1** standing · 👍 1 · 👎 0")

    # More like the second result: a private answer with both shows as examples.
    seed = ranked(answer)[1]
    click = await emu.click("carol", answer, button(answer, "show-more", 2))
    (more,) = await emu.wait_answered(click, timeout=30)
    assert more.ephemeral
    assert more.embeds[0]["title"] == f"Shows like Breaking Bad, more like {seed}"
    listed = ranked(more)
    assert len(set(listed)) == 3 and not {seed, "Breaking Bad"} & set(listed)
    # Its own buttons vote under Breaking Bad, the show first asked about.
    vote = await emu.click("carol", more, button(more, "show-down", 1))
    (noted,) = await emu.wait_answered(vote, timeout=30)
    assert f"{listed[0]} is not much like Breaking Bad" in noted.content


async def test_results_6_to_10_are_voted_on_through_a_private_set_of_buttons(
    make_studio: StudioFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    share_embedder(monkeypatch)
    use_small_catalog(monkeypatch, tmp_path / "catalog")
    studio = await make_studio(factory=build_services, overrides={"http": {"enabled": "off"}})
    emu = studio.emu
    # The small catalog holds eight shows: seven answer Breaking Bad.
    interaction = await emu.invoke("bob", "show similar", title="Breaking Bad", k=7)
    (answer,) = await emu.wait_answered(interaction, timeout=30)
    listed = ranked(answer)
    assert len(listed) == 7 and len(answer.custom_ids) == 16  # 3 rows of 5, and "Vote on 6–7"
    public = len(emu.visible(emu.general))

    click = await emu.click("bob", answer, button(answer, "show-rest", 6))
    (rest,) = await emu.wait_answered(click, timeout=30)
    assert rest.ephemeral and rest.content.startswith("Results 6–7 of shows like Breaking Bad:")
    assert len(rest.custom_ids) == 6  # 👍, 👎 and 🔎 for results 6 and 7
    vote = await emu.click("bob", rest, button(rest, "show-down", 7))
    (noted,) = await emu.wait_answered(vote, timeout=30)
    assert f"{listed[6]} is not much like Breaking Bad" in noted.content
    assert len(emu.visible(emu.general)) == public  # all of it private to bob
    again = await emu.invoke("carol", "show similar", title="Breaking Bad", k=7)
    (after,) = await emu.wait_answered(again, timeout=30)
    assert listed[6] not in ranked(after) and len(set(ranked(after))) == 6
