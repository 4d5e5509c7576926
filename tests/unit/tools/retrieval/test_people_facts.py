"""Who made each starter show (tools/retrieval/data/catalog_people.jsonl): one line for every
catalog show, each person written one way across the catalog. Two spellings of one person would
read as two people wherever the file is compared, and a name written as something other than a
name is refused at load (tools.narrative.catalog_files)."""

from __future__ import annotations

import pytest

from tests.unit.tools.retrieval.side_facts import DATA, read_lines
from tools.narrative.catalog_files import read_catalog
from tools.narrative.facts import PEOPLE_FIELDS, person_key

pytestmark = pytest.mark.catalog

LINES = read_lines([DATA / "catalog_people.jsonl"])
CATALOG = read_catalog(sorted(DATA.glob("catalog_*.jsonl")))


def test_every_catalog_show_has_one_people_line() -> None:
    ids = [line["id"] for line in LINES]
    assert len(ids) == len(set(ids)), "a show has two lines in catalog_people.jsonl"
    assert set(ids) == {r.id for r in CATALOG}


def test_each_person_is_written_one_way() -> None:
    spellings: dict[str, set[str]] = {}
    for record in CATALOG:
        for field in PEOPLE_FIELDS:
            for name in record.facts().get(field):
                spellings.setdefault(person_key(name), set()).add(name)
    twice = {k: sorted(v) for k, v in spellings.items() if len(v) > 1}
    assert not twice, f"one person, several spellings: {twice}"


def test_the_merged_catalog_carries_the_creators_as_written() -> None:
    by_id = {line["id"]: line for line in LINES}
    for record in CATALOG:
        assert list(record.facts().get("creators")) == by_id[record.id]["creators"]
