"""What a server's votes ask of the store (recommendation examples, results left out), and
"more like this", which fuses two answers by sum of scores; the shown score stays a similarity."""

from __future__ import annotations

from tools.narrative.feedback import Vote
from tools.narrative.learning import (
    DISLIKE_WEIGHT,
    LIKE_WEIGHT,
    NEAR_WEIGHT,
    VOTE_VECTOR,
    VotePlan,
    close_shows,
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


# A weight for votes carried from a close show: the mechanism, tested at a weight of its own
# since the shipped NEAR_WEIGHT is 0 (on dev it helped no next answer).
CARRIED = 0.05


def test_as_shipped_a_vote_under_another_show_changes_nothing_here() -> None:
    votes = [Vote("breaking-bad", "sherlock", -1), Vote("breaking-bad", "narcos", 1)]
    assert NEAR_WEIGHT == 0.0
    assert not vote_examples("ozark", votes, NEAR_SHOWS)


# The first results of the answers this server voted under (FeedbackStore.near).
NEAR_SHOWS = {"breaking-bad": {"ozark", "sherlock", "narcos"}, "fargo": {"sherlock", "ozark"}}


def pull(plan: VotePlan) -> dict[str, float]:
    """What each example work adds to the sum of scores: + weight per positive, - per negative."""
    out: dict[str, float] = {}
    for examples in plan.examples:
        assert examples.using == VOTE_VECTOR
        for work_id in examples.positive:
            out[work_id] = round(out.get(work_id, 0.0) + examples.weight, 9)
        for work_id in examples.negative:
            out[work_id] = round(out.get(work_id, 0.0) - examples.weight, 9)
    return out


def test_votes_under_this_show_leave_the_disliked_out_and_become_examples() -> None:
    votes = [Vote("ozark", "narcos", 2), Vote("ozark", "sherlock", -1), Vote("ozark", "ozark", -1)]
    plan = vote_examples("ozark", votes, NEAR_SHOWS)
    assert plan.leave_out == ("sherlock",)
    assert pull(plan) == {"narcos": LIKE_WEIGHT}
    assert DISLIKE_WEIGHT == 0.0  # a disliked result is left out, it is no example (dev)


def test_a_dislike_under_a_show_whose_answer_listed_this_one_first_carries_over() -> None:
    votes = [Vote("breaking-bad", "sherlock", -1), Vote("breaking-bad", "fargo", 3)]
    plan = vote_examples("ozark", votes, NEAR_SHOWS, near_weight=CARRIED)
    assert pull(plan) == {"sherlock": -CARRIED}  # a like does not carry over
    assert plan.leave_out == ()  # another show's verdict sinks it here, it does not hide it
    mine = [*votes, Vote("ozark", "narcos", 1)]
    both = vote_examples("ozark", mine, NEAR_SHOWS, near_weight=CARRIED, like_weight=CARRIED)
    assert pull(both) == {"sherlock": -CARRIED, "narcos": CARRIED}
    assert len(both.examples) == 1  # one recommendation for the store to run, not one per kind


def test_weights_that_are_not_multiples_of_one_another_stay_apart_and_count_the_same() -> None:
    votes = [Vote("ozark", "narcos", 1), Vote("ozark", "fargo", -1)]
    plan = vote_examples("ozark", votes, {}, like_weight=0.07, dislike_weight=0.05)
    assert len(plan.examples) == 2
    assert pull(plan) == {"narcos": 0.07, "fargo": -0.05}


def test_votes_under_a_show_far_from_this_one_or_taken_back_change_nothing() -> None:
    far = [Vote("friends", "sherlock", -3)]  # no answer to Friends listed Ozark first
    assert not vote_examples("ozark", far, NEAR_SHOWS, near_weight=CARRIED)
    assert not vote_examples(
        "narcos", [Vote("fargo", "sherlock", -1)], NEAR_SHOWS, near_weight=CARRIED
    )
    assert not vote_examples("ozark", [Vote("ozark", "narcos", 0)], NEAR_SHOWS)


# Stored tags (payload "tags") of the shows in the votes below.
TAGS = {
    "steins-gate": ["format:anime", "premise:time travel", "tone:tense"],
    "death-note": ["format:anime", "premise:serial killer hunt", "tone:dark", "lead:lone antihero"],
    "monster": ["format:anime", "premise:serial killer hunt", "tone:dark"],
    "jujutsu-kaisen": ["format:anime", "premise:supernatural creatures", "tone:tense"],
}
CLOSE = {"steins-gate": {"death-note", "monster"}}


def test_a_dislike_carries_only_where_the_result_is_no_closer_to_this_show() -> None:
    votes = [Vote("steins-gate", "monster", -1), Vote("steins-gate", "jujutsu-kaisen", -1)]
    # Monster shares more with Death Note than with Steins;Gate: "not like Steins;Gate" says
    # nothing against it here, so it is not pushed down; Jujutsu Kaisen's dislike holds.
    plan = vote_examples("death-note", votes, CLOSE, tags=TAGS, near_weight=CARRIED)
    assert pull(plan) == {"jujutsu-kaisen": -CARRIED}
    # Without the shows' tags (a store read failed) every dislike carries, as before.
    assert pull(vote_examples("death-note", votes, CLOSE, near_weight=CARRIED)) == {
        "jujutsu-kaisen": -CARRIED,
        "monster": -CARRIED,
    }


def test_a_vote_on_this_show_under_another_counts_the_other_way_round_when_mirrored() -> None:
    # Under Ozark the server said Breaking Bad is like it, and Sherlock is not.
    votes = [Vote("ozark", "breaking-bad", 1), Vote("sherlock", "breaking-bad", -1)]
    assert not vote_examples("breaking-bad", votes, {})  # as shipped: no mirror
    plan = vote_examples("breaking-bad", votes, {}, mirror_weight=0.2)
    assert pull(plan) == {"ozark": 0.2, "sherlock": -0.2}
    assert plan.leave_out == ()  # only a vote under this very show hides a result


def test_a_like_makes_two_shows_close_only_when_linked_by_likes() -> None:
    # Nothing listed Narcos first under Breaking Bad, but the server liked it there.
    votes = [Vote("breaking-bad", "narcos", 1), Vote("breaking-bad", "sherlock", -1)]
    assert close_shows("narcos", votes, {}) == set()
    assert close_shows("narcos", votes, {}, link="both") == {"breaking-bad"}
    plan = vote_examples("narcos", votes, {}, link="both", near_weight=CARRIED)
    assert pull(plan) == {"sherlock": -CARRIED}
