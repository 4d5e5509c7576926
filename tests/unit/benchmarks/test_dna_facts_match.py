"""The DNA-facts benchmark reads its hand-written trope table from the repository, so an
operator running `benchmarks/dna_facts.py` on a fresh clone gets figures, not a missing file."""

from __future__ import annotations

import pytest

from benchmarks.lib.dna_facts_match import TROPE_PHRASES, trope_ids


def test_trope_table_is_found_and_reads_phrases_as_vocabulary_ids() -> None:
    assert TROPE_PHRASES.is_file(), f"{TROPE_PHRASES} is missing"
    assert "workplace_ensemble" in trope_ids(["advertising agency"])


def test_a_phrase_the_table_lacks_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="no such trope phrase"):
        trope_ids(["no such trope phrase"])
