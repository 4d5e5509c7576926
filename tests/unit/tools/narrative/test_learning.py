""" "More like this" fuses two answers by sum of scores; the shown score stays a similarity."""

from __future__ import annotations

from tools.narrative.learning import more_like, sum_scores
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
