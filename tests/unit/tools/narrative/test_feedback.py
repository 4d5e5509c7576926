"""A server's 👍/👎 on similar-show answers: stored per server, a member's last vote counting."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from core.ports.feedback import VoteTally
from core.result import ErrorCode
from tools.narrative.feedback import ANSWER_DAYS, STEPS, VOTE_DAYS, FeedbackStore, Vote


async def test_votes_are_kept_per_server_and_a_members_last_vote_counts(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path)
    store.vote("guild-a", "breaking-bad", "sherlock", "u1", -1)
    store.vote("guild-a", "breaking-bad", "sherlock", "u1", -1)  # the same vote twice
    store.vote("guild-a", "breaking-bad", "sherlock", "u2", -1)
    store.vote("guild-a", "breaking-bad", "ozark", "u1", 1)
    store.vote("guild-b", "breaking-bad", "sherlock", "u3", 1)
    assert sorted(store.votes("guild-a"), key=lambda v: v.result_id) == [
        Vote("breaking-bad", "ozark", 1),
        Vote("breaking-bad", "sherlock", -2),
    ]
    assert store.votes("guild-b") == [Vote("breaking-bad", "sherlock", 1)]
    store.vote("guild-a", "breaking-bad", "ozark", "u1", 0)  # taken back
    assert await store.tally("guild-a") == VoteTally(up=0, down=2)
    assert await store.tally("guild-b") == VoteTally(up=1, down=0)
    # The bot operator's /admin stats: every server's standing votes together.
    assert await store.tally_all() == VoteTally(up=1, down=2, servers=2)
    store.close()
    reopened = FeedbackStore(tmp_path)  # survives a restart
    assert len(reopened.votes("guild-a")) == 1
    reopened.close()


SHOWN = [("sherlock", "Sherlock"), ("ozark", "Ozark"), ("narcos", "Narcos")]


async def test_the_first_results_of_an_answer_voted_under_are_its_close_shows(
    tmp_path: Path,
) -> None:
    store = FeedbackStore(tmp_path)
    key = store.remember("g", "breaking-bad", "Breaking Bad", [*SHOWN, ("fargo", "Fargo")])
    assert store.near("g") == {}  # an answer nobody voted under says nothing
    (await store.vote_on("g", key, 4, "u1", -1)).unwrap()
    assert store.near("g") == {"breaking-bad": frozenset({"sherlock", "ozark", "narcos"})}
    assert store.near("other") == {}
    store.close()
    reopened = FeedbackStore(tmp_path)  # kept across a restart
    assert reopened.near("g")["breaking-bad"] == {"sherlock", "ozark", "narcos"}
    reopened.close()


async def test_a_members_second_vote_on_a_pair_replaces_the_first(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path)
    key = store.remember("guild-a", "breaking-bad", "Breaking Bad", SHOWN)
    first = (await store.vote_on("guild-a", key, 1, "u1", -1)).unwrap()
    assert (first.query_title, first.result_title, first.previous) == (
        "Breaking Bad",
        "Sherlock",
        None,
    )
    second = (await store.vote_on("guild-a", key, 1, "u1", 1)).unwrap()
    assert second.previous == -1
    assert store.votes("guild-a") == [Vote("breaking-bad", "sherlock", 1)]
    assert await store.tally("guild-a") == VoteTally(up=1, down=0)
    await store.vote_on("guild-a", key, 2, "u2", -1)
    assert (await store.tally("guild-a")).total == 2
    assert await store.tally("guild-b") == VoteTally()
    store.close()


async def test_a_vote_under_an_unknown_expired_or_foreign_answer_is_refused(
    tmp_path: Path,
) -> None:
    clock = [1_000_000.0]
    store = FeedbackStore(tmp_path, now=lambda: clock[0])
    key = store.remember("guild-a", "breaking-bad", "Breaking Bad", SHOWN)
    assert len(key) == 13 and key.isalnum()
    foreign = await store.vote_on("guild-b", key, 1, "u1", -1)
    assert foreign.error is not None and foreign.error.code is ErrorCode.NOT_FOUND
    beyond = await store.vote_on("guild-a", key, 4, "u1", -1)
    assert beyond.error is not None and "results 1 to 3" in beyond.error.message
    described = store.remember("guild-a", None, "a chemistry teacher turns", SHOWN)
    refused = await store.vote_on("guild-a", described, 1, "u1", -1)
    assert refused.error is not None and "with a title" in refused.error.message
    clock[0] += (ANSWER_DAYS + 1) * 86400
    old = await store.vote_on("guild-a", key, 1, "u1", -1)
    assert old.error is not None and "too old" in old.error.message
    assert store.votes("guild-a") == []
    store.close()


def test_answers_survive_a_restart_and_a_file_from_before_answers_is_upgraded(
    tmp_path: Path,
) -> None:
    old = sqlite3.connect(tmp_path / "show_feedback.sqlite3")
    old.executescript(STEPS[0].sql + "PRAGMA user_version=1;")
    old.execute("INSERT INTO show_votes VALUES ('g', 'q', 'r', 'u', -1, ?)", (time.time() - 60,))
    old.commit()
    old.close()
    store = FeedbackStore(tmp_path)
    assert store.votes("g") == [Vote("q", "r", -1)]
    key = store.remember("g", "q", "Q", SHOWN)
    store.close()
    reopened = FeedbackStore(tmp_path)
    shown = reopened.shown("g", key)
    assert shown is not None and [s.id for s in shown.results] == ["sherlock", "ozark", "narcos"]
    reopened.close()


def test_more_like_this_asks_for_the_show_with_the_pressed_result_as_a_second_example(
    tmp_path: Path,
) -> None:
    store = FeedbackStore(tmp_path)
    titled = store.shown("g", store.remember("g", "breaking-bad", "Breaking Bad", SHOWN))
    assert titled is not None
    assert titled.more_like(2) == {"title": "Breaking Bad", "like": "Ozark", "k": 3}
    assert titled.more_like(4) is None
    described = store.shown("g", store.remember("g", None, "a teacher turns", SHOWN))
    assert described is not None and described.more_like(1) == {"title": "Sherlock", "k": 3}
    store.close()


async def test_a_member_voting_too_fast_is_told_to_wait_and_others_still_vote(
    tmp_path: Path,
) -> None:
    clock = [1_000_000.0]
    store = FeedbackStore(tmp_path, now=lambda: clock[0], votes_per_minute=3)
    key = store.remember("g", "breaking-bad", "Breaking Bad", SHOWN)
    for rank in (1, 2, 3):
        (await store.vote_on("g", key, rank, "u1", -1)).unwrap()
    clock[0] += 20
    refused = await store.vote_on("g", key, 1, "u1", 1)
    assert refused.error is not None and refused.error.code is ErrorCode.RATE_LIMITED
    assert "3 votes a minute" in refused.error.message and "40 s" in refused.error.message
    assert store.votes("g")[0].net == -1  # the refused vote did not count
    assert (await store.vote_on("g", key, 1, "u2", 1)).error is None  # another member
    assert (await store.vote_on("other", store.remember("other", "x", "X", SHOWN), 1, "u1", 1)).ok
    clock[0] += 41  # a minute after the first vote
    assert (await store.vote_on("g", key, 1, "u1", 1)).error is None
    store.close()


async def test_votes_and_their_close_shows_are_forgotten_a_year_after_they_were_cast(
    tmp_path: Path,
) -> None:
    clock = [1_000_000_000.0]
    store = FeedbackStore(tmp_path, now=lambda: clock[0])
    old = store.remember("g", "breaking-bad", "Breaking Bad", SHOWN)
    (await store.vote_on("g", old, 1, "u1", -1)).unwrap()
    clock[0] += (VOTE_DAYS - 10) * 86400
    fresh = store.remember("g", "fargo", "Fargo", SHOWN)
    (await store.vote_on("g", fresh, 2, "u2", 1)).unwrap()
    assert len(store.votes("g")) == 2 and set(store.near("g")) == {"breaking-bad", "fargo"}
    clock[0] += 11 * 86400  # the first vote is a year and a day old, the second 11 days
    assert store.votes("g") == [Vote("fargo", "ozark", 1)]
    assert set(store.near("g")) == {"fargo"}
    assert await store.tally("g") == VoteTally(up=1, down=0)
    assert await store.tally_all() == VoteTally(up=1, down=0, servers=1)
    store.close()
    reopened = FeedbackStore(tmp_path, now=lambda: clock[0])  # the sweep at start deletes them
    rows = sqlite3.connect(tmp_path / "show_feedback.sqlite3")
    assert rows.execute("SELECT COUNT(*) FROM show_votes").fetchone() == (1,)
    assert rows.execute("SELECT COUNT(DISTINCT query_id) FROM voted_near").fetchone() == (1,)
    rows.close()
    reopened.close()


def test_close_shows_kept_from_before_expiry_count_from_the_upgrade(tmp_path: Path) -> None:
    old = sqlite3.connect(tmp_path / "show_feedback.sqlite3")
    old.executescript("".join(step.sql for step in STEPS[:3]) + "PRAGMA user_version=3;")
    old.execute("INSERT INTO voted_near VALUES ('g', 'breaking-bad', 'ozark')")
    old.commit()
    old.close()
    store = FeedbackStore(tmp_path)
    assert store.near("g") == {"breaking-bad": frozenset({"ozark"})}
    store.close()


async def test_refused_votes_are_counted_per_server_for_admin_stats(tmp_path: Path) -> None:
    clock = [1_000_000.0]
    store = FeedbackStore(tmp_path, now=lambda: clock[0], votes_per_minute=2)
    key = store.remember("g", "breaking-bad", "Breaking Bad", SHOWN)
    for rank in (1, 2, 3):  # the third is one too many this minute
        await store.vote_on("g", key, rank, "u1", -1)
    await store.vote_on("g", key, 9, "u2", -1)  # no result 9
    await store.vote_on("g", "no-such-key", 1, "u2", 1)  # an answer never given here
    await store.vote_on("other", key, 1, "u3", 1)  # another server's answer
    assert await store.tally("g") == VoteTally(up=0, down=2, too_fast=1, invalid=2)
    assert await store.tally("other") == VoteTally(invalid=1)
    assert await store.tally_all() == VoteTally(down=2, servers=1, too_fast=1, invalid=3)
    store.close()
