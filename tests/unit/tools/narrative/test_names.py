"""Finding who a synopsis is about, telling people from places, and hiding names behind roles."""

from __future__ import annotations

from tools.narrative.names import anonymise, find_names, find_places, role_names
from tools.narrative.text import split_sentences

TEXT = (
    "Walter White is a chemistry teacher in Albuquerque who learns he has cancer. "
    "Desperate, Walter teams up with former student Jesse Pinkman to cook drugs. "
    "As Walt's empire grows, his brother-in-law Hank, a DEA agent, closes in. "
    "Grief follows. In New Mexico, Jesse struggles with guilt."
)


def test_names_are_found_most_mentioned_first_with_their_short_forms() -> None:
    names = find_names(split_sentences(TEXT))
    assert [n.name for n in names] == ["Walter White", "Jesse Pinkman", "Hank"]
    assert names[0].aliases == {"Walter", "Walt"}
    assert names[0].count == 3


def test_places_and_sentence_openers_are_not_people() -> None:
    names = {n.name for n in find_names(split_sentences(TEXT))}
    assert not names & {"Albuquerque", "New Mexico", "Grief", "DEA", "Desperate"}
    assert find_places(split_sentences(TEXT))[:2] == ["Albuquerque", "New Mexico"]


def test_anonymise_replaces_every_form_of_a_name_with_its_role() -> None:
    names = find_names(split_sentences(TEXT))
    roles = role_names(names, ["protagonist", "deuteragonist", "antagonist"])
    hidden = anonymise(TEXT, roles)
    for name in ("Walter", "Walt", "White", "Jesse", "Pinkman", "Hank"):
        assert name not in hidden
    assert "As the protagonist's empire grows" in hidden
    assert "the antagonist, a DEA agent" in hidden
    assert anonymise("No names here.", {}) == "No names here."
