"""The DNA schema: labels from our vocabularies, ranges, beats of the chosen framework."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from tests.unit.tools.narrative.samples import dna_data, make_dna
from tools.narrative.claude import DnaDraft
from tools.narrative.schema import SCHEMA_VERSION, NarrativeDNA
from tools.narrative.vocab import vocabulary


def test_a_valid_dna_round_trips_through_json() -> None:
    dna = make_dna()
    again = NarrativeDNA.model_validate_json(dna.model_dump_json())
    assert again == dna
    assert dna.schema_version == SCHEMA_VERSION == 1
    assert dna.extraction.created_at.tzinfo is not None
    assert dna.theme_ids() == ["revenge", "family_bonds"]
    assert dna.archetypes() == ["hero", "villain"]


def test_labels_are_normalised_from_how_people_write_them() -> None:
    data = dna_data(genres=["Science Fiction", "drama"], tropes=["Revenge-Plot"])
    data["structure"]["framework"] = "Three Act"
    dna = NarrativeDNA.model_validate(data)
    assert dna.genres == ["science_fiction", "drama"]
    assert dna.tropes == ["revenge_plot"]
    assert dna.structure.framework == "three_act"


def test_an_unknown_label_is_rejected_with_the_allowed_values() -> None:
    with pytest.raises(ValidationError) as err:
        make_dna(genres=["cowboy space opera"])
    message = str(err.value)
    assert "'cowboy_space_opera' is not one of the genres" in message
    assert "science_fiction" in message


def test_beats_must_belong_to_the_framework() -> None:
    data = dna_data()
    data["structure"]["beats"].append({"id": "catalyst", "position": 0.2, "summary": "x"})
    with pytest.raises(ValidationError, match="catalyst are not beats of three_act"):
        NarrativeDNA.model_validate(data)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("tone", "valence"), -1.5),
        (("tone", "intensity"), 1.2),
        (("extraction", "confidence"), 2.0),
        (("work", "year"), 1066),
    ],
)
def test_numbers_out_of_range_are_rejected(path: tuple[str, str], value: float) -> None:
    data = dna_data()
    data[path[0]][path[1]] = value
    with pytest.raises(ValidationError):
        NarrativeDNA.model_validate(data)


def test_beat_positions_are_in_zero_to_one_and_kept_in_story_order() -> None:
    data = dna_data()
    data["structure"]["beats"].reverse()
    dna = NarrativeDNA.model_validate(data)
    assert [b.id for b in dna.structure.beats] == ["inciting_incident", "climax"]
    data["structure"]["beats"][0]["position"] = 1.5
    with pytest.raises(ValidationError):
        NarrativeDNA.model_validate(data)


def test_repeated_themes_keep_the_strongest() -> None:
    dna = make_dna(
        themes=[
            {"id": "revenge", "score": 0.3},
            {"id": "revenge", "score": 0.8},
            {"id": "greed", "score": 0.5},
        ]
    )
    assert [(t.id, t.score) for t in dna.themes] == [("revenge", 0.8), ("greed", 0.5)]


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError, match="extra"):
        make_dna(rating=5)


def test_the_json_schema_lists_the_allowed_labels_for_claude() -> None:
    schema = json.dumps(DnaDraft.model_json_schema())
    vocab = vocabulary()
    for kind in ("genres", "themes", "tones", "archetypes", "tropes", "outcomes", "conflicts"):
        assert all(f'"{term}"' in schema for term in vocab.ids(kind)), kind
    assert "confidence" in DnaDraft.model_json_schema()["required"]


def test_the_vocabularies_are_complete_and_unique() -> None:
    vocab = vocabulary()
    for kind, terms in vocab.terms.items():
        ids = [t.id for t in terms]
        assert len(ids) == len(set(ids)), kind
        assert all(t.description for t in terms), kind
    for name, beats in vocab.frameworks.items():
        positions = [b.position for b in beats]
        assert positions == sorted(positions), name
        assert any(b.turning_point for b in beats), name
    assert vocab.genre_for("Sci-Fi") == "science_fiction"
    assert vocab.genre_for("history") == "historical"
    assert vocab.genre_for("unknown thing") is None
