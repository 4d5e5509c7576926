"""The ShowLibrary port that script writing reads: DNA as data, a summary, a hash, neighbours."""

from __future__ import annotations

from core.result import ErrorCode
from tests.unit.tools.narrative.conftest import Shelf
from tests.unit.tools.narrative.samples import make_dna
from tools.narrative.shows import StoreShowLibrary, dna_hash


async def test_find_gives_the_dna_a_prompt_sized_summary_and_a_content_hash(
    edge_shelf: Shelf,
) -> None:
    shows = StoreShowLibrary(edge_shelf.finder)
    brief = (await shows.find("guild-a", "two kitchens")).unwrap()
    assert brief.title == "Two Kitchens" and brief.work_id == "p02a"
    assert brief.dna["work"]["title"] == "Two Kitchens"
    assert brief.summary.startswith("Logline: ") and "Themes: " in brief.summary
    assert len(brief.summary) < 2000
    assert len(brief.dna_hash) == 32


async def test_neighbours_leave_the_show_out_and_respect_the_server(edge_shelf: Shelf) -> None:
    shows = StoreShowLibrary(edge_shelf.finder)
    near = (await shows.neighbours("guild-b", "p01a", 12)).unwrap()
    titles = {b.title for b in near}
    assert "The Quiet Merger" not in titles
    assert "Orbit of Ghosts" not in titles and "Crown of Dust" in titles


async def test_unknown_titles_suggest_close_ones(edge_shelf: Shelf) -> None:
    missing = await StoreShowLibrary(edge_shelf.finder).find("guild-a", "Glas Sneakers")
    assert missing.error is not None and missing.error.code is ErrorCode.NOT_FOUND
    assert missing.error.details["suggestions"] == ["Glass Sneakers"]


def test_the_hash_ignores_when_a_dna_was_extracted_but_not_what_it_says() -> None:
    first = make_dna()
    later = make_dna(
        extraction={**first.extraction.model_dump(), "created_at": "2031-01-01T00:00:00Z"}
    )
    changed = make_dna(logline="A different story altogether about a lighthouse.")
    assert dna_hash(first) == dna_hash(later) != dna_hash(changed)
