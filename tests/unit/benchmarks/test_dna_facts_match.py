"""The DNA-facts benchmark reads its hand-written trope table from the repository, so an
operator running `benchmarks/dna_facts.py` on a fresh clone gets figures, not a missing file."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.lib.dna_facts_match import (
    TROPE_PHRASES,
    Gold,
    GoldCharacter,
    score_show,
    trope_ids,
)
from tests.unit.tools.narrative.samples import make_dna


def test_trope_table_is_found_and_reads_phrases_as_vocabulary_ids() -> None:
    assert TROPE_PHRASES.is_file(), f"{TROPE_PHRASES} is missing"
    assert "workplace_ensemble" in trope_ids(["advertising agency"])


def test_a_phrase_the_table_lacks_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="no such trope phrase"):
        trope_ids(["no such trope phrase"])


def _cast(*names: str) -> list[dict[str, Any]]:
    return [
        {
            "name": n,
            "role": "ally",
            "archetype": "everyman",
            "arc": "flat",
            "want": "w",
            "need": "n",
        }
        for n in names
    ]


def test_a_relative_with_the_same_surname_is_not_counted_as_found() -> None:
    # Breaking Bad read as "Walter White" and his son: Skyler White was not found, and one
    # "Sherlock Holmes" is not also Mycroft Holmes.
    gold = Gold(
        id="x",
        split="dev",
        characters=(
            GoldCharacter("Walter White", "protagonist"),
            GoldCharacter("Skyler White", "family"),
            GoldCharacter("Jesse Pinkman", "ally"),
            GoldCharacter("Carmy Berzatto", "ally"),
        ),
        place=None,
        era=None,
        tone=(),
        tropes=(),
    )
    dna = make_dna(
        characters=_cast("Walter White", "Walt", "Jesse", "Carmen Berzatto", "Walter Jr")
    )
    row = score_show(gold, dna)
    assert row["characters"] == 3 / 4  # Walter, Jesse, Carmy (Carmen) found; Skyler not
    assert row["characters_precision"] == 3 / 5  # "Walt" is Walter again, counted once


def test_a_royal_title_is_dropped_like_sir_or_lord() -> None:
    # The Crown read "Philip Mountbatten": the hand-written "Prince Philip" is the same man,
    # as "Sir Winston Churchill" would be "Winston Churchill"; Princess Margaret is not found.
    gold = Gold(
        id="x",
        split="dev",
        characters=(
            GoldCharacter("Prince Philip", "family"),
            GoldCharacter("Princess Margaret", "family"),
        ),
        place=None,
        era=None,
        tone=(),
        tropes=(),
    )
    row = score_show(gold, make_dna(characters=_cast("Philip Mountbatten", "Prince Charles")))
    assert row["characters"] == 1 / 2
