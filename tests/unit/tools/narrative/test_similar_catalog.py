"""Shows like X on real starter-catalog shows with their curated facts: the query show is never
listed, each result says why in facts both shows have, and that line differs between results."""

from __future__ import annotations

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
async def finder(tmp_path: Path) -> AsyncIterator[SimilarFinder]:
    store = EdgeVectorStore(tmp_path / "qdrant", spec())
    (await store.open()).unwrap()
    embedder = shared_embedder()
    indexer = WorkIndexer(embedder, store, count_tokens=embedder.count_tokens)
    importer = CatalogImporter(heuristic(), indexer)
    (await importer.import_lines(starter_lines(), "global")).unwrap()
    yield SimilarFinder(Library(store, global_tenant="global"), indexer, heuristic())
    await store.close()


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
