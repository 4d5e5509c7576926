"""A few shows of the real starter catalog as the whole starter catalog, so a test that needs
shared catalog shows (every server sees them) starts in seconds, not the minutes a full build
takes when the shipped bundle is stale."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

import bot.wiring.retrieval
from bot.wiring.retrieval import STARTER_DIR
from tools.narrative.catalog_files import read_catalog

CRIME = (
    "breaking-bad",
    "better-call-saul",
    "ozark",
    "narcos",
    "the-wire",
    "the-sopranos",
    "the-shield",
    "friends",
)


def use_small_catalog(
    monkeypatch: pytest.MonkeyPatch, folder: Path, ids: Iterable[str] = CRIME
) -> list[str]:
    """Make the starter catalog these shows of the real one; returns their titles."""
    wanted = set(ids)
    lines = [  # with their side facts, as the starter catalog loads them
        record.model_dump_json(exclude_none=True)
        for record in read_catalog(sorted(STARTER_DIR.glob("catalog_*.jsonl")))
        if record.id in wanted
    ]
    assert len(lines) == len(wanted), "a show id is not in the starter catalog"
    folder.mkdir(parents=True, exist_ok=True)
    small = folder / "catalog_small.jsonl"
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(bot.wiring.retrieval, "starter_files", lambda *_: [small])
    return [str(json.loads(line)["title"]) for line in lines]
