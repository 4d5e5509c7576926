"""The lexical "words" signal: two tellings of one story that keep their names and places score
far above a story that only shares the genre, and the vectors are what the store can compare."""

from __future__ import annotations

import math

import pytest

from tools.narrative.words import (
    QUERY_WORDS,
    document_frequencies,
    query_words,
    stems,
    tokens,
    word_id,
    word_vector,
)

CAPE_FEAR_1962 = (
    "Max Cady, released after eight years in prison, comes to New Bedford to take revenge on "
    "Sam Bowden, the lawyer whose testimony put him away, stalking his wife and daughter."
)
CAPE_FEAR_1991 = (
    "Fresh out of prison, Max Cady hunts down Sam Bowden, the public defender who buried the "
    "evidence that could have freed him, and terrorises the Bowden family on Cape Fear."
)
OTHER_THRILLER = (
    "A detective in Seattle tracks a killer who leaves riddles at every crime scene, while his "
    "partner's family is threatened by the press."
)
CATALOG = [CAPE_FEAR_1962, OTHER_THRILLER, "A family comedy in a small town.", "A prison drama."]


def cosine(a_text: str, b_text: str) -> float:
    df = document_frequencies(CATALOG)
    a, b = word_vector(a_text, df), word_vector(b_text, df)
    weights = dict(zip(b.indices, b.values, strict=True))
    return sum(v * weights.get(i, 0.0) for i, v in zip(a.indices, a.values, strict=True))


def test_a_remake_that_keeps_its_names_scores_far_above_a_story_of_the_same_genre() -> None:
    remake = cosine(CAPE_FEAR_1991, CAPE_FEAR_1962)
    same_genre = cosine(CAPE_FEAR_1991, OTHER_THRILLER)
    assert remake > 0.1
    assert remake > 3 * same_genre


def test_a_vector_is_unit_length_sorted_and_a_text_without_words_is_empty() -> None:
    vector = word_vector(CAPE_FEAR_1991, document_frequencies(CATALOG))
    assert list(vector.indices) == sorted(set(vector.indices))
    assert math.fsum(v * v for v in vector.values) == pytest.approx(1.0, abs=1e-5)
    assert word_vector("... 42 !!", document_frequencies(CATALOG)).indices == ()


def test_words_ignore_case_stop_words_and_short_words_but_keep_accented_names() -> None:
    assert tokens("The Count of Monte Cristo and Amélie, in Paris") == [
        "count",
        "monte",
        "cristo",
        "amélie",
        "paris",
    ]


def test_the_shipped_table_weighs_a_common_word_below_a_rare_name() -> None:
    found = word_vector("a family and Heisenberg")
    vector = dict(zip(found.indices, found.values, strict=True))
    assert vector[word_id("family")] < vector[word_id("heisenberg")] / 2


def test_a_retelling_in_other_word_forms_shares_their_stems() -> None:
    # "betrayed ... destroys" and "betrayal ... destroying": no word in common, the same story.
    told = "Betrayed by his friends, he escapes and destroys them one by one."
    retold = "After a betrayal, she slowly goes about destroying everyone responsible."
    assert cosine(told, retold) > 0.05
    assert cosine(told, OTHER_THRILLER) < cosine(told, retold) / 3
    assert stems(["betrayed", "betrayal"]) == ["~betray", "~betray"]


def test_a_query_keeps_its_heaviest_words_and_never_some_of_equally_rare_ones() -> None:
    rare = [f"word{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(QUERY_WORDS + 20)]
    text = " ".join(rare) + " family family"
    full = word_vector(text, document_frequencies(CATALOG))
    cut = query_words(text, document_frequencies(CATALOG))
    assert set(cut.indices) < set(full.indices)
    assert word_id("family") not in cut.indices  # the common word goes first
    # Every rare word weighs the same: all are kept, none chosen by its hash.
    assert all(word_id(w) in cut.indices for w in rare)
