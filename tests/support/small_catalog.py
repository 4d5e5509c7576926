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
    lines = [
        line
        for path in sorted(STARTER_DIR.glob("catalog_*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line).get("id") in wanted
    ]
    assert len(lines) == len(wanted), "a show id is not in the starter catalog"
    folder.mkdir(parents=True, exist_ok=True)
    small = folder / "catalog_small.jsonl"
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(bot.wiring.retrieval, "starter_files", lambda *_: [small])
    return [str(json.loads(line)["title"]) for line in lines]
