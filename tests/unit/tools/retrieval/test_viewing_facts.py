"""The viewing facts beside the starter catalog (tools/retrieval/data/catalog_viewing.jsonl): one
line for every catalog show, every value from viewing_vocabulary.json within its counts and
ranges; and a fact on a scale compared by closeness, not equality.

A typo in a label matches no other show, and a level out of range reads as a different show:
both change "shows like X" answers without a word, so they fail here."""

from __future__ import annotations

import json

import pytest

from tests.unit.tools.retrieval.side_facts import DATA, SideFile
from tools.narrative.catalog import parse_line
from tools.narrative.catalog_files import read_catalog
from tools.narrative.facts import SCALES, VIEWING_FIELDS, ShowFacts, tag_similarity, tag_terms

pytestmark = pytest.mark.catalog

VIEWING = SideFile("viewing")
CATALOG = read_catalog(sorted(DATA.glob("catalog_*.jsonl")))


def test_every_catalog_show_has_viewing_facts_once() -> None:
    VIEWING.assert_one_line_per_show({r.id for r in CATALOG})


@pytest.mark.parametrize("field", VIEWING_FIELDS)
def test_viewing_facts_use_the_vocabulary_and_its_counts(field: str) -> None:
    VIEWING.assert_in_vocabulary(field)


@pytest.mark.parametrize("field", sorted(SCALES))
def test_each_scale_runs_in_the_vocabulary_order(field: str) -> None:
    # The writer defined the levels in order (none -> most, personal -> cosmic): a scale read in
    # another order would count far levels as close.
    assert list(SCALES[field]) == [str(v) for v in VIEWING.allowed(field)]


def test_the_merged_catalog_carries_every_viewing_fact() -> None:
    for record in CATALOG:
        facts = record.facts()
        missing = [f for f in VIEWING_FIELDS if not facts.get(f)]
        assert not missing, f"{record.id} lacks {missing}"


WEIGHTS = {"intensity": 1.0}


def _intensity(level: int) -> dict[str, float]:
    return tag_terms((), ShowFacts.from_mapping({"intensity": level}), WEIGHTS)


def test_a_level_one_step_away_counts_as_closer_than_one_three_steps_away() -> None:
    same = tag_similarity(_intensity(2), _intensity(2))
    # 1 - d / 3 of the field's weight is shared: one step apart shares two of three steps.
    assert tag_similarity(_intensity(2), _intensity(3)) == pytest.approx(same * 2 / 3)
    assert tag_similarity(_intensity(0), _intensity(3)) == 0.0
    assert sum(_intensity(1).values()) == pytest.approx(WEIGHTS["intensity"])


def test_a_label_off_the_scale_is_compared_as_a_label() -> None:
    # A server's catalog may say "realism": "gritty": no level, so only the same word matches.
    weights = {"realism": 1.0}
    own = tag_terms((), ShowFacts.from_mapping({"realism": "gritty"}), weights)
    assert own == {"realism:gritty": 1.0}
    grounded = tag_terms((), ShowFacts.from_mapping({"realism": "grounded"}), weights)
    assert tag_similarity(own, grounded) == 0.0


def test_a_level_out_of_range_is_refused_with_the_field_named() -> None:
    line = json.dumps({"title": "Loud", "synopsis": "A loud show about loud people. " * 3})
    assert not isinstance(parse_line(line, max_chars=5000), str)
    wrong = json.dumps({**json.loads(line), "intensity": 7})
    reason = parse_line(wrong, max_chars=5000)
    assert isinstance(reason, str) and reason.startswith("intensity")
