"""How fans describe each starter show (tools/retrieval/data/catalog_fan.jsonl): one line for every
catalog show, its phrases merged as the fact "fan" in the writer's order, and no phrase naming a
catalog show (a phrase such as "like the sopranos" would be writing the answer key)."""

from __future__ import annotations

import re

import pytest

from tests.unit.tools.retrieval.side_facts import DATA, read_lines
from tools.narrative.catalog_files import read_catalog

pytestmark = pytest.mark.catalog

LINES = read_lines([DATA / "catalog_fan.jsonl"])
CATALOG = read_catalog(sorted(DATA.glob("catalog_*.jsonl")))


def test_every_catalog_show_has_one_fan_line() -> None:
    ids = [line["id"] for line in LINES]
    assert len(ids) == len(set(ids)), "a show has two lines in catalog_fan.jsonl"
    assert set(ids) == {r.id for r in CATALOG}


def test_the_merged_catalog_carries_the_descriptors_as_written() -> None:
    by_id = {line["id"]: line for line in LINES}
    for record in CATALOG:
        assert list(record.facts().get("fan")) == by_id[record.id]["descriptors"], record.id


def test_no_phrase_names_a_catalog_show() -> None:
    titles = {r.title.casefold() for r in CATALOG}
    # A title of several words, or one long word, read as whole words in a phrase.
    named = [t for t in titles if " " in t or len(t) >= 6]
    for line in LINES:
        for phrase in line["descriptors"]:
            found = [t for t in named if re.search(rf"\b{re.escape(t)}\b", phrase)]
            assert phrase not in titles and not found, (line["id"], phrase, found)
