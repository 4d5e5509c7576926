"""What a server's votes ask of the store (recommendation examples, results left out), and
"more like this", which fuses two answers by sum of scores; the shown score stays a similarity."""

from __future__ import annotations

from core.ports.vectors import Examples
from tools.narrative.feedback import Vote
from tools.narrative.learning import (
    DISLIKE_WEIGHT,
    LIKE_WEIGHT,
    NEAR_WEIGHT,
    VOTE_VECTOR,
    more_like,
    sum_scores,
    vote_examples,
)
from tools.narrative.similar import SimilarShow


def show(work_id: str, score: float) -> SimilarShow:
    return SimilarShow(work_id, work_id.title(), None, "global", score, {})


LIKE_A = [show("x", 0.80), show("y", 0.70), show("r", 0.65), show("z", 0.60)]
LIKE_R = [show("z", 0.95), show("a", 0.85), show("w", 0.75), show("y", 0.50)]


def test_a_show_close_to_both_examples_rises_and_neither_example_is_listed() -> None:
    fused = sum_scores(LIKE_A, LIKE_R, weight=0.5, leave_out={"a", "r"})
    # z: 0.60 + 0.5 * 0.95 beats x: 0.80 + 0.5 * 0.50 (R's last score: x ranked below it there).
    assert [s.id for s, _ in fused] == ["z", "x", "w", "y"]


def test_the_shown_score_is_the_weighted_mean_similarity() -> None:
    fused = more_like(LIKE_A, LIKE_R, leave_out={"a", "r"}, weight=0.5)
    assert fused[0].id == "z" and fused[0].score == round((0.60 + 0.475) / 1.5, 4)
    # w is not among A's neighbours: it counts A's last score there.
    w = next(s for s in fused if s.id == "w")
    assert w.score == round((0.60 + 0.5 * 0.75) / 1.5, 4)


OZARK_NEAREST = ["breaking-bad", "sherlock", "narcos", "fargo"]


def test_votes_under_this_show_leave_the_disliked_out_and_become_examples() -> None:
    votes = [Vote("ozark", "narcos", 2), Vote("ozark", "sherlock", -1), Vote("ozark", "ozark", -1)]
    plan = vote_examples("ozark", OZARK_NEAREST, votes)
    assert plan.leave_out == ("sherlock",)
    assert plan.examples == (
        Examples(VOTE_VECTOR, LIKE_WEIGHT, positive=("narcos",)),
        Examples(VOTE_VECTOR, DISLIKE_WEIGHT, negative=("sherlock",)),
    )


def test_a_dislike_under_a_close_show_is_a_negative_example_here_a_like_is_not() -> None:
    votes = [Vote("breaking-bad", "sherlock", -1), Vote("breaking-bad", "narcos", 3)]
    plan = vote_examples("ozark", OZARK_NEAREST, votes)
    assert plan.examples == (Examples(VOTE_VECTOR, NEAR_WEIGHT, negative=("sherlock",)),)
    assert plan.leave_out == ()  # another show's verdict sinks it here, it does not hide it


def test_votes_under_a_show_far_from_this_one_or_taken_back_change_nothing() -> None:
    far = [Vote("friends", "sherlock", -3)]
    assert not vote_examples("ozark", OZARK_NEAREST, far)
    beyond_near = [Vote("fargo", "sherlock", -1)]  # fourth nearest: not close enough
    assert not vote_examples("ozark", OZARK_NEAREST, beyond_near)
    assert not vote_examples("ozark", OZARK_NEAREST, [Vote("ozark", "narcos", 0)])
