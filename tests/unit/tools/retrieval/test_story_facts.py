"""The story facts beside the starter catalog (tools/retrieval/data/catalog_story.jsonl): one line
for every catalog show, every value from story_vocabulary.json, as many values as it allows.

They feed "shows like X" (shared story facts count in the ranking; the premise is written into the
facts text), so a show without them, or a typo that silently matches no other show, is a ranking
a user would notice."""

from __future__ import annotations

import pytest

from tests.unit.tools.retrieval.side_facts import DATA, SideFile
from tools.narrative.catalog_files import read_catalog
from tools.narrative.facts import STORY_FIELDS, TAG_FIELD_WEIGHTS, tag_terms

pytestmark = pytest.mark.catalog

STORY = SideFile("story")
CATALOG = read_catalog(sorted(DATA.glob("catalog_*.jsonl")))


def test_every_catalog_show_has_story_facts_once() -> None:
    STORY.assert_one_line_per_show({r.id for r in CATALOG})


@pytest.mark.parametrize("field", STORY_FIELDS)
def test_story_facts_use_the_vocabulary_and_its_counts(field: str) -> None:
    STORY.assert_in_vocabulary(field)


def test_story_facts_reach_the_ranking_of_every_show() -> None:
    for record in CATALOG:
        tags = tag_terms(record.genres, record.facts())
        for field in STORY_FIELDS:
            assert TAG_FIELD_WEIGHTS[field] > 0
            assert any(t.startswith(f"{field}:") for t in tags), f"{record.id} lacks {field}"
