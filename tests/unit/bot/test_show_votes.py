"""The 👍 / 👎 / 🔎 buttons under a similar-shows answer: custom ids that round-trip and keep
Discord's limits, the layout a member sees, and what they are told when they vote."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot import custom_ids
from bot.custom_ids import MAX_CUSTOM_ID, Action
from bot.render.admin import server_stats_reply, stats_reply
from bot.render.model import ButtonSpec, static_view
from bot.render.shows import similar_shows
from bot.render.votes import later_results, vote_noted
from core.ports.feedback import ShownAnswer, ShownShow, VoteReceipt, VoteTally
from core.stats import AdminStats
from core.usage import ServerUsage
from tools.narrative.feedback import answer_key

KEY = answer_key("123456789012345678", "breaking-bad", [["sherlock"], ["ozark"]])


def answer(count: int, *, query_id: str | None = "breaking-bad", **extra: Any) -> dict[str, Any]:
    results = [
        {"id": f"show-{n}", "title": f"Show {n}", "score": 0.5, "why": {}} for n in range(count)
    ]
    return {"query": "Breaking Bad", "query_id": query_id, "answer_key": KEY, "results": results}


def test_answer_custom_ids_round_trip_and_stay_far_under_the_limit() -> None:
    made = custom_ids.make_answer(Action.SHOW_DOWN, KEY, 10)
    assert len(KEY) == 13 and len(made) < MAX_CUSTOM_ID // 2
    ref = custom_ids.parse(made)
    assert ref is not None and ref.action is Action.SHOW_DOWN
    assert ref.answer_result == (KEY, 10)
    for forged in (f"{KEY}.", f"{KEY}.x", f"{KEY}.123", ".3", "k-y.2", f"{KEY}.²"):
        bad = custom_ids.parse(f"studio:show-up:{forged}")
        assert bad is None or bad.answer_result is None, forged


def rows_of(buttons: list[ButtonSpec]) -> dict[int, list[str]]:
    rows: dict[int, list[str]] = {}
    for spec in buttons:
        assert spec.row is not None
        rows.setdefault(spec.row, []).append(f"{spec.emoji}{spec.label}")
    return rows


def test_a_title_answer_has_three_numbered_rows_for_its_first_five_results() -> None:
    out = similar_shows(answer(8))
    assert rows_of(out.buttons) == {
        0: ["👍1", "👍2", "👍3", "👍4", "👍5"],
        1: ["👎1", "👎2", "👎3", "👎4", "👎5"],
        2: ["🔎1", "🔎2", "🔎3", "🔎4", "🔎5"],
        3: ["🔢Vote on 6–8"],
    }
    assert "👍 / 👎 n: is result n alike?" in (out.embeds[0].footer.text or "")
    view = static_view(out.buttons)  # discord.py accepts the layout (5 a row, rows 0-4)
    assert len(view.children) == 16
    rest = custom_ids.parse(out.buttons[-1].custom_id)
    assert rest is not None and rest.action is Action.SHOW_REST and rest.answer_result == (KEY, 6)


def test_results_6_to_10_get_their_buttons_privately() -> None:
    listed = tuple(ShownShow(f"s{n}", f"Show {n}") for n in range(1, 11))
    shown = ShownAnswer(KEY, "breaking-bad", "Breaking Bad", listed)
    reply = later_results(shown, 6)
    assert reply.ephemeral
    (message,) = reply.messages
    assert (message.content or "").startswith("Results 6–10 of shows like Breaking Bad:")
    assert "**6. Show 6**" in (message.content or "") and "**5. Show 5**" not in (
        message.content or ""
    )
    assert rows_of(message.buttons) == {
        0: ["👍6", "👍7", "👍8", "👍9", "👍10"],
        1: ["👎6", "👎7", "👎8", "👎9", "👎10"],
        2: ["🔎6", "🔎7", "🔎8", "🔎9", "🔎10"],
    }
    assert len(static_view(message.buttons).children) == 15
    ten = custom_ids.parse(message.buttons[4].custom_id)
    assert ten is not None and ten.answer_result == (KEY, 10)
    six_only = later_results(replace(shown, results=shown.results[:6]), 6)
    assert rows_of(six_only.messages[0].buttons)[0] == ["👍6"]


def test_a_short_answer_gets_buttons_for_its_results_only_and_a_description_only_more() -> None:
    three = similar_shows(answer(3))
    assert sorted({s.row for s in three.buttons if s.row is not None}) == [0, 1, 2]
    assert len(three.buttons) == 9
    described = similar_shows(answer(4, query_id=None))
    assert {s.emoji for s in described.buttons} == {"🔎"} and len(described.buttons) == 4
    unkept = answer(4)
    del unkept["answer_key"]
    assert similar_shows(unkept).buttons == []


def test_more_like_this_is_titled_with_both_shows_and_a_liked_result_says_so() -> None:
    data = answer(2)
    data["also_like"] = "Ozark"
    data["results"][0]["why"] = {"votes": 2}
    embed = similar_shows(data).embeds[0]
    assert embed.title == "Shows like Breaking Bad, more like Ozark"
    assert "**1. Show 0** · 0.50 · 👍 2 here" in (embed.description or "")


def test_the_voter_is_told_privately_what_their_vote_does() -> None:
    down = vote_noted(VoteReceipt("Breaking Bad", "Sherlock", -1, None))
    assert down.ephemeral
    text = down.messages[0].content or ""
    assert "Sherlock is not much like Breaking Bad" in text and "leave it out" in text
    again = vote_noted(VoteReceipt("Breaking Bad", "Sherlock", -1, -1)).messages[0].content
    assert "counts once" in (again or "")
    changed = vote_noted(VoteReceipt("Breaking Bad", "Sherlock", 1, -1)).messages[0].content
    assert "rank higher" in (changed or "") and "replaces your earlier vote" in (changed or "")


def test_server_stats_show_the_servers_standing_votes() -> None:
    reply = server_stats_reply(ServerUsage(), [], VoteTally(up=3, down=2))
    fields = {f.name: f.value for f in reply.messages[0].embeds[0].fields}
    assert "**5** standing · 👍 3 · 👎 2" in fields["Votes on similar shows"]
    without = server_stats_reply(ServerUsage(), [])
    assert "Votes on similar shows" not in {f.name for f in without.messages[0].embeds[0].fields}


def test_the_operators_stats_show_every_servers_votes_when_the_bot_keeps_them() -> None:
    reply = stats_reply(AdminStats(uptime_s=5), b"png", VoteTally(up=4, down=3, servers=2))
    fields = {f.name: f.value for f in reply.messages[0].embeds[0].fields}
    assert fields["Votes on similar shows"] == "**7** standing in 2 servers · 👍 4 · 👎 3"
    one = stats_reply(AdminStats(uptime_s=5), b"png", VoteTally(up=1, servers=1))
    assert "in 1 server ·" in str({f.value for f in one.messages[0].embeds[0].fields})
    unkept = stats_reply(AdminStats(uptime_s=5), b"png")
    assert "Votes on similar shows" not in {f.name for f in unkept.messages[0].embeds[0].fields}


def test_refused_votes_are_shown_beside_the_standing_ones() -> None:
    tally = VoteTally(up=4, down=3, servers=2, too_fast=5, invalid=1)
    whole = stats_reply(AdminStats(uptime_s=5), b"png", tally)
    fields = {f.name: f.value for f in whole.messages[0].embeds[0].fields}
    assert fields["Votes on similar shows"] == (
        "**7** standing in 2 servers · 👍 4 · 👎 3\nrefused since start: 5 too fast · 1 invalid"
    )
    mine = server_stats_reply(ServerUsage(), [], replace(tally, servers=0))
    value = {f.name: f.value for f in mine.messages[0].embeds[0].fields}["Votes on similar shows"]
    assert "refused since start: 5 too fast · 1 invalid" in str(value)
