"""The story facts beside the starter catalog (tools/retrieval/data/catalog_story.jsonl): one line
for every catalog show, every value from story_vocabulary.json, as many values as it allows.

They feed "shows like X" (shared story facts count in the ranking; the premise is written into the
facts text), so a show without them, or a typo that silently matches no other show, is a ranking
a user would notice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tools.narrative.catalog_files import read_catalog
from tools.narrative.facts import STORY_FIELDS, TAG_FIELD_WEIGHTS, tag_terms

pytestmark = pytest.mark.catalog

DATA = Path(__file__).resolve().parents[4] / "tools" / "retrieval" / "data"
VOCABULARY: dict[str, Any] = json.loads(
    (DATA / "story_vocabulary.json").read_text(encoding="utf-8")
)
STORIES: list[dict[str, Any]] = [
    json.loads(raw)
    for raw in (DATA / "catalog_story.jsonl").read_text(encoding="utf-8").splitlines()
    if raw.strip()
]
CATALOG = read_catalog(sorted(DATA.glob("catalog_*.jsonl")))


def _allowed(field: str) -> set[str]:
    return {str(entry["value"]) for entry in VOCABULARY["fields"][field]}


def test_every_catalog_show_has_story_facts_once() -> None:
    ids = [str(line["id"]) for line in STORIES]
    assert len(ids) == len(set(ids)), "a show has two lines in catalog_story.jsonl"
    assert set(ids) == {r.id for r in CATALOG}


@pytest.mark.parametrize("field", STORY_FIELDS)
def test_story_facts_use_the_vocabulary_and_its_counts(field: str) -> None:
    allowed = _allowed(field)
    low, high = VOCABULARY["counts"][field]
    for line in STORIES:
        value = line.get(field)
        values = value if isinstance(value, list) else [value]
        assert low <= len(values) <= high, f"{line['id']}.{field}: {len(values)} values"
        unknown = [v for v in values if v not in allowed]
        assert not unknown, f"{line['id']}.{field}: {unknown} not in story_vocabulary.json"


def test_story_facts_reach_the_ranking_of_every_show() -> None:
    for record in CATALOG:
        tags = tag_terms(record.genres, record.facts())
        for field in STORY_FIELDS:
            assert TAG_FIELD_WEIGHTS[field] > 0
            assert any(t.startswith(f"{field}:") for t in tags), f"{record.id} lacks {field}"
