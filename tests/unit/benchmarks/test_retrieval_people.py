"""Who made a show, as benchmarks/retrieval_quality.py --tune measures it: the benchmark's people
score is the one the store would compute, a person on one show only dilutes nothing, one person
who created a show and wrote the book of another counts as shared, and the paired bootstrap's
interval says "no gain" when nothing changed."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.lib import retrieval_eval as ev
from benchmarks.lib import retrieval_people as people
from tools.narrative.facts import TAG_FIELD_WEIGHTS, ShowFacts, tag_similarity, tag_terms

SHOWS = [
    {"format": "sitcom", "tone": ["warm"], "creators": ["Michael Schur"]},
    {"format": "sitcom", "tone": ["warm", "absurd"], "creators": ["Michael Schur", "Greg Daniels"]},
    {"format": "sitcom", "tone": ["warm"], "creators": ["Someone Else"]},
    {"format": "crime drama", "creators": ["Ann Writer"], "source_author": "Stephen King"},
    {"format": "crime drama", "creators": ["Stephen King"]},
]
GENRES: list[list[str]] = [["comedy"], ["comedy"], ["comedy"], ["drama"], ["drama"]]


def facts() -> list[ShowFacts]:
    return [ShowFacts.from_mapping(s) for s in SHOWS]


def test_the_benchmarks_people_score_is_the_one_the_store_computes() -> None:
    found = people.bonus_matrix(GENRES, facts(), "creators", 2.0)
    shipped = ev.tag_matrix(GENRES, facts(), {**TAG_FIELD_WEIGHTS, "creators": 2.0})
    assert np.allclose(found, shipped, atol=1e-6)


def test_a_person_on_one_show_only_dilutes_none_of_its_shared_facts() -> None:
    weights = {**TAG_FIELD_WEIGHTS, "creators": 4.0}
    without = {**TAG_FIELD_WEIGHTS}
    lone, other = facts()[2], facts()[0]
    with_people = tag_similarity(tag_terms(GENRES[2], lone, weights), tag_terms(GENRES[0], other))
    assert with_people == pytest.approx(
        tag_similarity(tag_terms(GENRES[2], lone, without), tag_terms(GENRES[0], other, without))
    )
    # A person both shows share adds on top of the same shared facts.
    schur = tag_similarity(
        tag_terms(GENRES[0], other, weights), tag_terms(GENRES[1], facts()[1], weights)
    )
    plain = tag_similarity(tag_terms(GENRES[0], other), tag_terms(GENRES[1], facts()[1]))
    assert schur > plain


def test_a_writer_who_created_one_show_and_wrote_the_book_of_another_is_shared() -> None:
    merged = [people.made_by_facts(f) for f in facts()]
    assert merged[3].get(people.MADE_BY) == ("ann writer", "stephen king")
    assert "creators" not in merged[3].labels and "source_author" not in merged[3].labels
    by_creator = people.bonus_matrix(GENRES, facts(), "creators", 2.0)
    made_by = people.bonus_matrix(GENRES, facts(), people.MADE_BY, 2.0)
    assert made_by[3, 4] > by_creator[3, 4]  # only "made by" sees Stephen King on both


def test_the_bootstrap_interval_says_no_gain_when_nothing_changed() -> None:
    assert people.bootstrap(np.zeros(30)) == (0.0, 0.0)
    gains = np.asarray([0.2] * 5 + [0.0] * 25)
    low, high = people.bootstrap(gains)
    assert 0.0 <= low < gains.mean() < high


def test_weighting_tags_by_rarity_makes_a_rare_shared_fact_count_more() -> None:
    plain = people.rarity_matrix(GENRES, facts(), 0.0)
    assert np.allclose(plain, ev.tag_matrix(GENRES, facts()), atol=1e-6)  # power 0: as shipped
    # Show 0 shares "warm" (on four shows) with show 1 and "eerie" (on two) with show 2; each
    # of those has one other fact, "dark" (on three shows).
    tones = [["warm", "eerie", "dark"], ["warm", "dark"], ["eerie", "dark"], ["warm"], ["warm"]]
    shows = [ShowFacts.from_mapping({"tone": t}) for t in tones]
    no_genres: list[list[str]] = [[] for _ in tones]
    plain = people.rarity_matrix(no_genres, shows, 0.0)
    rare = people.rarity_matrix(no_genres, shows, 1.0)
    assert plain[0, 1] == pytest.approx(plain[0, 2])
    assert rare[0, 2] > rare[0, 1]
