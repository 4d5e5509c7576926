"""The starter catalog's data files, and the checks every side file of per-show facts shares
(catalog_<name>.jsonl with its <name>_vocabulary.json): one line for each catalog show, every
value from the vocabulary, as many values as it allows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[4] / "tools" / "retrieval" / "data"


def read_json(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return loaded


def read_lines(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Every non-blank line of the JSONL files, in order."""
    return [
        json.loads(raw)
        for path in paths
        for raw in path.read_text(encoding="utf-8").splitlines()
        if raw.strip()
    ]


class SideFile:
    """One side file of per-show facts and its controlled vocabulary."""

    def __init__(self, name: str) -> None:
        self.file = f"catalog_{name}.jsonl"
        self.vocabulary_file = f"{name}_vocabulary.json"
        self.vocabulary = read_json(self.vocabulary_file)
        self.lines = read_lines([DATA / self.file])

    def allowed(self, field: str) -> list[Any]:
        """The field's values, in the order the vocabulary defines them."""
        return [entry["value"] for entry in self.vocabulary["fields"][field]]

    def assert_one_line_per_show(self, catalog_ids: AbstractSet[str | None]) -> None:
        ids = [str(line["id"]) for line in self.lines]
        assert len(ids) == len(set(ids)), f"a show has two lines in {self.file}"
        assert set(ids) == catalog_ids

    def assert_in_vocabulary(self, field: str) -> None:
        allowed = self.allowed(field)
        low, high = self.vocabulary["counts"][field]
        for line in self.lines:
            value = line.get(field)
            values = value if isinstance(value, list) else [value]
            assert low <= len(values) <= high, f"{line['id']}.{field}: {len(values)} values"
            unknown = [v for v in values if v not in allowed]
            assert not unknown, f"{line['id']}.{field}: {unknown} not in {self.vocabulary_file}"
