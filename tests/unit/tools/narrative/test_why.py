"""The "why" line under each "shows like X" result, on real starter shows: what fans call both
shows is a reason of its own, the line stays short, and no word is said twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tools.narrative.catalog_files import read_catalog
from tools.narrative.why import shared_facts, why_summary

STARTER = Path(__file__).resolve().parents[4] / "tools" / "retrieval" / "data"


@pytest.fixture(scope="module")
def payloads() -> dict[str, dict[str, Any]]:
    """Each starter show's facts as its stored payload holds them."""
    records = read_catalog(sorted(STARTER.glob("catalog_*.jsonl")))
    return {
        r.id: {"facts": r.facts().as_payload(), "catalog_genres": list(r.genres)}
        for r in records
        if r.id
    }


def why(payloads: dict[str, dict[str, Any]], query: str, hit: str) -> str:
    return why_summary(shared_facts(payloads[query], payloads[hit]))


def test_what_fans_call_both_shows_is_named(payloads: dict[str, dict[str, Any]]) -> None:
    line = why(payloads, "the-americans", "deutschland-83")
    # Both are cold-war spy stories in fans' words; the catalog's era says 1980s.
    assert "fans call both: cold war, period piece, divided loyalties" in line, line
    assert len(line) <= 180, line


def test_a_fan_word_already_said_is_not_repeated(payloads: dict[str, dict[str, Any]]) -> None:
    line = why(payloads, "breaking-bad", "the-sopranos")
    # "antihero" is a subgenre both have ("both: ..."), so fans' words add only what is new.
    assert line.count("antihero") == 1, line
    assert "fans call both: golden-age cable" in line, line


def test_the_line_differs_between_results_of_one_show(
    payloads: dict[str, dict[str, Any]],
) -> None:
    lines = [why(payloads, "breaking-bad", s) for s in ("ozark", "better-call-saul", "the-shield")]
    assert len(set(lines)) == 3, lines
    assert all(len(line) <= 180 for line in lines), lines
    # The place both are set in is rarer than any fan word: it is kept when space runs out.
    assert "setting: albuquerque, new mexico" in lines[1], lines


def test_shows_without_fans_words_keep_the_line_they_had() -> None:
    line = why_summary({"format": ["sitcom"], "tone": ["warm"]})
    assert line == "both: sitcom; tone: warm"
