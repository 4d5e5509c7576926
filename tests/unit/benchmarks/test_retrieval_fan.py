"""Fans' descriptors as benchmarks/retrieval_quality.py --tune measures them: the variant without
fan tags is the ranking before them, a phrase on every show weighs nothing by rarity, and the
nested choice picks the fan weight that ranks the held-out shows better."""

from __future__ import annotations

import numpy as np

from benchmarks.lib import retrieval_eval as ev
from benchmarks.lib import retrieval_fan as fan
from tools.narrative.facts import TAG_FIELD_WEIGHTS, ShowFacts

# Two pairs fans call alike ("cold war" spies, "comfort watch" sitcoms) that the other facts
# cannot tell apart: every show shares its format and tone with every other.
SHOWS = [
    {"format": "drama", "fan": ["cold war", "slow-burn"]},
    {"format": "drama", "fan": ["cold war", "slow-burn"]},
    {"format": "drama", "fan": ["comfort watch", "slow-burn"]},
    {"format": "drama", "fan": ["comfort watch", "slow-burn"]},
    {"format": "drama", "fan": ["heist", "slow-burn"]},
    {"format": "drama", "fan": ["space", "slow-burn"]},
]
IDS = [f"show-{i}" for i in range(len(SHOWS))]
GENRES: list[list[str]] = [["drama"]] * len(SHOWS)


def facts() -> list[ShowFacts]:
    return [ShowFacts.from_mapping(s) for s in SHOWS]


def signals() -> dict[str, ev.Matrix]:
    flat = np.full((len(SHOWS), len(SHOWS)), 0.5, dtype=np.float32)
    return {"synopsis": flat, "facts": flat}


def test_without_fan_tags_is_the_tag_score_before_them() -> None:
    found = fan.variants(GENRES, facts(), signals())
    before = {k: v for k, v in TAG_FIELD_WEIGHTS.items() if k != fan.FAN}
    assert np.allclose(found[fan.BASE]["tags"], ev.tag_matrix(GENRES, facts(), before))
    assert found["fan=0.3"]["tags"][0, 1] > found["fan=0.3"]["tags"][0, 2]


def test_a_phrase_on_every_show_weighs_nothing_by_rarity() -> None:
    rare = fan.variants(GENRES, facts(), signals())["fan=0.3 by rarity"]["tags"]
    # Shows 4 and 5 each have a phrase of their own (on one show: its full weight) and
    # "slow-burn", which every show has: by rarity it is as if it were not there.
    unsaid = [
        ShowFacts.from_mapping({**s, "fan": [p for p in s["fan"] if p != "slow-burn"]})
        for s in SHOWS
    ]
    without = ev.tag_matrix(GENRES, unsaid, {**TAG_FIELD_WEIGHTS, fan.FAN: 0.3})
    assert rare[4, 5] == np.float32(without[4, 5])
    assert rare[0, 1] > rare[4, 5]  # a phrase two shows share still counts


def test_the_nested_choice_takes_fan_tags_where_they_rank_the_held_out_shows_better() -> None:
    found = fan.variants(GENRES, facts(), signals())
    rows = [0, 1, 2, 3]
    alike = [
        frozenset({"show-1"}),
        frozenset({"show-0"}),
        frozenset({"show-3"}),
        frozenset({"show-2"}),
    ]
    figures, chosen = fan.per_query(found, IDS, rows, alike, prefetch=10, seeds=(0, 1))
    assert figures["fan=0.3"]["hit@1"].mean() == 1.0
    assert figures[fan.BASE]["hit@1"].mean() < 1.0  # without fans every other show ties
    assert chosen[fan.BASE] == 0 and figures[fan.NESTED]["hit@1"].mean() == 1.0
