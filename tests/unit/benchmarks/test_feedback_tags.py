"""Votes as evidence about shared facts (benchmarks/feedback.py --tune): the numpy score must be
the store's tag formula, and a vote must move the next show's answer the way its setting says,
or the figures it reports would be about something else."""

from __future__ import annotations

import numpy as np

from benchmarks.lib import feedback_tags as ft
from benchmarks.lib import retrieval_eval as ev
from tools.narrative.facts import tag_norm, tag_similarity

IDS = ["query", "story-twin", "genre-twin", "other"]
TAGS = [
    {"genres:crime": 1.0, "premise:double life": 0.3, "format:serialized drama": 1.5},
    {"premise:double life": 0.3, "format:serialized drama": 1.5},
    {"genres:crime": 1.0, "format:procedural": 1.5},
    {"genres:comedy": 1.0},
]


def scorer(tag_weight: float = 1.0) -> ft.TagScorer:
    zero = np.zeros((len(IDS), len(IDS)), dtype=np.float32)
    return ft.TagScorer.build(IDS, {"synopsis": zero}, TAGS, {"tags": tag_weight}, tag_norm)


def test_closeness_is_the_stores_tag_similarity() -> None:
    s = scorer()
    for a in range(len(IDS)):
        for b in range(len(IDS)):
            assert abs(s.closeness(a, b) - tag_similarity(TAGS[a], TAGS[b])) < 1e-9


def test_the_plain_answer_puts_the_show_sharing_the_heavier_facts_first() -> None:
    assert scorer().ranking(0)[:2] == ["story-twin", "genre-twin"]


def test_a_dislike_of_a_genre_twin_lowers_the_genre_for_the_next_show() -> None:
    s = scorer()
    # Under "query" the server disliked the genre twin: the fact they share (crime) loses
    # weight, so for a show asked next the genre twin ranks lower than without the vote.
    method = ft.settings()["weight_shared_a4_cap0.9_s0_every"]
    coef = method(s, 0, 0, [("genre-twin", -1)], ["genre-twin"])
    genre = sorted({t for m in TAGS for t in m}).index("genres:crime")
    assert coef[genre] < s.coef[0][genre] * 0.2
    assert s.ranking(0, coef)[-2:] == ["genre-twin", "other"]


def test_votes_that_reach_only_close_shows_leave_an_unrelated_show_alone() -> None:
    s = scorer()
    method = ft.settings()["rocchio_like1_dislike1_tags"]
    unrelated = IDS.index("other")  # shares no fact with "query"
    coef = method(s, 0, unrelated, [("story-twin", 1), ("genre-twin", -1)], [])
    assert np.array_equal(coef, s.coef[unrelated])


def test_one_round_counts_only_pairs_of_the_shows_given() -> None:
    s = scorer()
    fans = [
        ev.FanQuery("query", frozenset({"story-twin"}), "dev"),
        ev.FanQuery("story-twin", frozenset({"query"}), "dev"),
    ]
    found = ft.one_round(s, fans)
    assert found["pairs"] == 2
    assert found["cross_validated"]["hit@1_without_feedback"] == 1.0
