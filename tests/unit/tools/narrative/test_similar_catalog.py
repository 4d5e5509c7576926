"""Shows like X on real starter-catalog shows with their curated facts: the query show is never
listed, each result says why in facts both shows have, and that line differs between results."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.context import RequestContext
from core.intent.schema import FindSimilarParams
from tests.fakes import shared_embedder
from tests.unit.tools.narrative.conftest import heuristic, spec
from tools.narrative.catalog import CatalogImporter
from tools.narrative.catalog_files import read_catalog
from tools.narrative.indexing import WorkIndexer
from tools.narrative.library import Library
from tools.narrative.similar import FindSimilarTool, SimilarFinder
from tools.retrieval.edge import EdgeVectorStore

STARTER = Path(__file__).resolve().parents[4] / "tools" / "retrieval" / "data"
SHOWS = ("breaking-bad", "ozark", "narcos", "better-call-saul", "friends", "sherlock", "luther")


def starter_lines() -> list[tuple[int, str]]:
    """The chosen shows' catalog lines with their side facts, as the starter catalog loads them."""
    records = read_catalog(sorted(STARTER.glob("catalog_*.jsonl")))
    chosen = [r.model_dump_json(exclude_none=True) for r in records if r.id in SHOWS]
    assert len(chosen) == len(SHOWS)
    return list(enumerate(chosen, start=1))


@pytest.fixture
async def shelf(tmp_path: Path) -> AsyncIterator[tuple[SimilarFinder, CatalogImporter]]:
    store = EdgeVectorStore(tmp_path / "qdrant", spec())
    (await store.open()).unwrap()
    embedder = shared_embedder()
    indexer = WorkIndexer(embedder, store, count_tokens=embedder.count_tokens)
    importer = CatalogImporter(heuristic(), indexer)
    (await importer.import_lines(starter_lines(), "global")).unwrap()
    yield SimilarFinder(Library(store, global_tenant="global"), indexer, heuristic()), importer
    await store.close()


@pytest.fixture
def finder(shelf: tuple[SimilarFinder, CatalogImporter]) -> SimilarFinder:
    return shelf[0]


async def test_crime_shows_come_first_each_with_its_own_reason(finder: SimilarFinder) -> None:
    result = await FindSimilarTool(finder).run(
        FindSimilarParams(title="Breaking Bad", k=4), RequestContext(tenant="guild", user_id="u")
    )
    shows = result.unwrap().data["results"]
    ids = [s["id"] for s in shows]
    assert "breaking-bad" not in ids and len(set(ids)) == 4
    assert "friends" not in ids
    summaries = [s["why"]["summary"] for s in shows]
    assert all(summaries), summaries
    assert len(set(summaries)) == len(summaries), summaries
    assert all(set(s["why"]["facets"]) == {"synopsis", "facts", "tags"} for s in shows)


async def test_a_described_story_finds_the_show_it_means(finder: SimilarFinder) -> None:
    found = await finder.like_text("guild", "a chemistry teacher becomes a drug lord", k=3)
    assert found.unwrap()[0].id == "breaking-bad"


async def test_the_reason_names_the_premise_both_shows_share(finder: SimilarFinder) -> None:
    result = await FindSimilarTool(finder).run(
        FindSimilarParams(title="Breaking Bad", k=4), RequestContext(tenant="guild", user_id="u")
    )
    reasons = {s["id"]: s["why"]["summary"] for s in result.unwrap().data["results"]}
    assert "premise: antihero's descent into crime" in reasons["ozark"], reasons
    assert "premise: antihero's descent into crime" not in reasons.get("sherlock", ""), reasons


# A server's own show: a synopsis and genres, none of the catalog's curated, story or viewing
# facts (no intensity, humour, stakes...).
OWN_SHOW = {
    "title": "The Cook",
    "genres": ["crime", "drama"],
    "synopsis": (
        "A mild high school chemistry teacher in Albuquerque learns he has terminal cancer and "
        "starts cooking methamphetamine with a former student to leave money for his family. "
        "As the drug trade pulls him in, the teacher becomes a ruthless kingpin, lying to his "
        "wife and his brother-in-law, a DEA agent, while rival cartels close in."
    ),
}


async def test_a_servers_own_show_without_viewing_facts_ranks_sanely_both_ways(
    shelf: tuple[SimilarFinder, CatalogImporter],
) -> None:
    finder, importer = shelf
    (await importer.import_lines([(1, json.dumps(OWN_SHOW))], "guild")).unwrap()
    own = (await finder.library.find("guild", "The Cook", with_vectors=True)).unwrap()
    assert not any(t.startswith(("intensity:", "humour:")) for t in own.payload.get("tags", []))
    # Asked about: its own story's show first, every drug-trade show before the sitcom.
    mine = [s.id for s in (await finder.like_work("guild", own, k=len(SHOWS))).unwrap()]
    assert mine[0] == "breaking-bad", mine
    assert max(mine.index(i) for i in ("narcos", "ozark")) < mine.index("friends"), mine
    # As a result of a catalog show (which has viewing facts): lacking them does not sink it
    # below a show alike only in facts it has none of (a sitcom).
    bad = (await finder.library.find("guild", "Breaking Bad", with_vectors=True)).unwrap()
    theirs = [s.id for s in (await finder.like_work("guild", bad, k=len(SHOWS))).unwrap()]
    assert theirs.index(own.work_id) < theirs.index("friends"), theirs
