"""A server's 👍/👎 on similar-show answers: stored per server, and moving its later answers."""

from __future__ import annotations

from pathlib import Path

from tools.narrative.feedback import FeedbackStore, Vote, rerank
from tools.narrative.similar import SimilarShow


def show(work_id: str, score: float) -> SimilarShow:
    return SimilarShow(work_id, work_id.title(), None, "global", score, {})


OZARK = [show("breaking-bad", 0.70), show("sherlock", 0.66), show("narcos", 0.65)]


def test_a_dislike_under_a_close_show_sinks_that_result_here_too() -> None:
    votes = [Vote("breaking-bad", "sherlock", -1)]
    moved = rerank("ozark", OZARK, votes, k=3)
    assert [s.id for s in moved] == ["breaking-bad", "narcos", "sherlock"]
    assert moved[2].score < 0.66


def test_a_like_counts_only_for_the_show_it_was_given_under() -> None:
    liked_elsewhere = [Vote("breaking-bad", "narcos", 1)]
    assert [s.id for s in rerank("ozark", OZARK, liked_elsewhere, k=3)] == [
        "breaking-bad",
        "sherlock",
        "narcos",
    ]
    liked_here = [Vote("ozark", "narcos", 1)]
    assert rerank("ozark", OZARK, liked_here, k=1)[0].id == "narcos"


def test_votes_under_a_show_far_from_this_one_change_nothing() -> None:
    votes = [Vote("friends", "sherlock", -3)]
    assert rerank("ozark", OZARK, votes, k=2) == OZARK[:2]


def test_votes_are_kept_per_server_and_a_members_last_vote_counts(tmp_path: Path) -> None:
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
    assert store.counts() == {"guild-a": (0, 2), "guild-b": (1, 0)}
    store.close()
    reopened = FeedbackStore(tmp_path)  # survives a restart
    assert len(reopened.votes("guild-a")) == 1
    reopened.close()
