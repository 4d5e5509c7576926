"""`studio similar` gives the same reason a server sees: the facts both shows share, with the
offline DNA's labels only where the pair shares no curated fact."""

from __future__ import annotations

from bot.cli.similar import why_line

DNA = {"shared_archetypes": ["detective"], "shared_themes": ["moral_ambiguity"]}


def test_shared_facts_are_the_reason_without_the_rough_dna_labels() -> None:
    why = {"summary": "premise: antihero's descent into crime", "facets": {"tags": 0.8}, **DNA}
    line = why_line(why)
    assert line == "premise: antihero's descent into crime; tags 0.80"
    assert "detective" not in line


def test_a_pair_without_curated_facts_is_explained_by_the_labels_both_dnas_hold() -> None:
    line = why_line({"summary": "", "facets": {"sentences": 0.61}, **DNA})
    assert line == "sentences 0.61; themes: moral ambiguity; archetypes: detective"
