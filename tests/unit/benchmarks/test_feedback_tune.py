"""Choosing how votes carry to the next show (benchmarks/feedback.py --tune): a setting counts
only through a cross-validation over the next shows, so one that helps the pairs it was chosen
on and harms others is not reported as a gain."""

from __future__ import annotations

from benchmarks.lib import feedback_tune as tune

# 8 next shows, 3 pairs each; no votes gets the first pair of each right.
SHOWS = [f"show-{n // 3}" for n in range(24)]
PLAIN = [1 if n % 3 == 0 else 0 for n in range(24)]


def test_a_setting_that_never_beats_no_votes_is_never_chosen() -> None:
    harmful = [0] * 24  # loses every pair no votes got right
    found = tune.cross_validated(PLAIN, {"harmful": harmful}, SHOWS)
    assert found["hit@1_with_feedback_chosen_per_fold"] == found["hit@1_without_feedback"]
    assert found["chosen"] == {"none": 40}  # 4 folds x 10 seeds


def test_a_setting_that_helps_every_next_show_is_chosen_and_scored_held_out() -> None:
    helpful = [1 if n % 3 < 2 else 0 for n in range(24)]  # also the second pair of each show
    found = tune.cross_validated(PLAIN, {"helpful": helpful, "harmful": [0] * 24}, SHOWS)
    assert found["hit@1_without_feedback"] == round(8 / 24, 3)
    assert found["hit@1_with_feedback_chosen_per_fold"] == round(16 / 24, 3)
    assert found["chosen"] == {"helpful": 40}


def test_every_setting_is_named_once_and_the_shipped_one_is_among_them() -> None:
    names = [s.name for s in tune.SETTINGS]
    assert len(names) == len(set(names))
    assert tune.Setting(0.0, 0.0, 0.0, "near").name in names  # votes under other shows: off
