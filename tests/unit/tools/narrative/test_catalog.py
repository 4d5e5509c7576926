"""Catalog imports: bad lines reported by number and skipped, batches resumable from a
checkpoint, a failed write leaving no partial work; the starter catalog loaded once."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from core.cache import PersistentCache
from core.result import ErrorCode, StepResult
from tests.unit.tools.narrative.conftest import Shelf
from tests.unit.tools.narrative.samples import pair_stories
from tools.narrative.catalog import (
    CatalogImporter,
    Checkpoint,
    ImportProgress,
    parse_line,
)
from tools.narrative.catalog_files import read_catalog
from tools.narrative.indexing import VECTORS, WorkIndexer
from tools.narrative.starter import ensure_starter

TENANT = "guild-import"


def catalog_lines(count: int) -> list[str]:
    stories = [s for pair in pair_stories() for s in pair][10 : 10 + count]
    return [
        json.dumps(
            {
                "id": s.id,
                "title": s.title,
                "year": 2000 + i,
                "network": "HBO",
                "country": "US",
                "genres": ["Drama"],
                "synopsis": s.synopsis,
            }
        )
        for i, s in enumerate(stories)
    ]


def write(path: Path, lines: Sequence[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def importer(shelf: Shelf, indexer: WorkIndexer | None = None, **kw: Any) -> CatalogImporter:
    return CatalogImporter(shelf.heuristic, indexer or shelf.indexer, batch_size=2, **kw)


async def test_bad_lines_are_reported_by_number_and_the_rest_imported(
    edge_shelf: Shelf, tmp_path: Path
) -> None:
    good = catalog_lines(3)
    lines = [
        good[0],
        "{not json",
        json.dumps({"title": "No Synopsis"}),
        "",
        good[1],
        json.dumps({"title": "Empty", "synopsis": "   "}),
        json.dumps({"title": "Huge", "synopsis": "word " * 30000}),
        json.dumps(["a", "list"]),
        good[2],
    ]
    path = write(tmp_path / "shows.jsonl", lines)
    seen: list[ImportProgress] = []
    report = (await importer(edge_shelf).import_file(path, TENANT, progress=seen.append)).unwrap()
    assert report.imported == 3 and report.total == 8
    bad = {b.line: b.reason for b in report.bad}
    assert sorted(bad) == [2, 3, 6, 7, 8]
    assert "not valid JSON" in bad[2]
    assert "synopsis" in bad[3] and "Field required" in bad[3]
    assert "too short" in bad[6]
    assert "150,000 characters" in bad[7] or "limit" in bad[7]
    assert "JSON object" in bad[8]
    assert (await edge_shelf.store.count([TENANT])).unwrap() == 3
    assert seen[-1] == ImportProgress(done=8, total=8, imported=3, bad=5)


class FlakyIndexer(WorkIndexer):
    """Fails the Nth write with UNAVAILABLE, as a server going away mid-import would."""

    def __init__(self, inner: WorkIndexer, fail_on: int) -> None:
        super().__init__(inner._embedder, inner._store, count_tokens=inner._count)
        self.calls = 0
        self._fail_on = fail_on

    async def index(self, items: Sequence[Any]) -> StepResult[int]:
        self.calls += 1
        if self.calls == self._fail_on:
            return StepResult.failure(ErrorCode.UNAVAILABLE, "The vector database went away.")
        return await super().index(items)


async def test_an_interrupted_import_resumes_and_leaves_no_partial_work(
    edge_shelf: Shelf, tmp_path: Path
) -> None:
    path = write(tmp_path / "shows.jsonl", catalog_lines(5))
    checkpoint = Checkpoint(tmp_path / "ck.json", file=path, tenant=TENANT)
    flaky = FlakyIndexer(edge_shelf.indexer, fail_on=2)
    first = await importer(edge_shelf, flaky).import_file(path, TENANT, checkpoint=checkpoint)
    assert first.error is not None and first.error.code is ErrorCode.UNAVAILABLE
    assert "line 3" in first.error.message and "run the same command again" in first.error.message
    assert sorted(checkpoint.done) == [1, 2]

    # Only whole works were written: each stored work has every facet vector.
    assert (await edge_shelf.store.count([TENANT])).unwrap() == 2
    for line in catalog_lines(5)[:2]:
        stored = await edge_shelf.store.get([TENANT], json.loads(line)["id"], with_vectors=True)
        work = stored.unwrap()
        assert work is not None and work.vectors is not None and set(work.vectors) == set(VECTORS)
    for line in catalog_lines(5)[2:]:
        assert (await edge_shelf.store.get([TENANT], json.loads(line)["id"])).unwrap() is None

    again = Checkpoint(tmp_path / "ck.json", file=path, tenant=TENANT)
    resumed = (await importer(edge_shelf).import_file(path, TENANT, checkpoint=again)).unwrap()
    assert resumed.already_done == 2 and resumed.imported == 3
    assert (await edge_shelf.store.count([TENANT])).unwrap() == 5

    # An edited line is imported again; untouched lines are not.
    edited = catalog_lines(5)
    row = json.loads(edited[4])
    row["title"] = "Renamed Show"
    edited[4] = json.dumps(row)
    write(path, edited)
    third = Checkpoint(tmp_path / "ck.json", file=path, tenant=TENANT)
    rerun = (await importer(edge_shelf).import_file(path, TENANT, checkpoint=third)).unwrap()
    assert rerun.already_done == 4 and rerun.imported == 1
    assert (await edge_shelf.library.find(TENANT, "Renamed Show")).ok


async def test_extracted_dnas_are_cached_across_imports(edge_shelf: Shelf, tmp_path: Path) -> None:
    cache = PersistentCache(tmp_path / "cache.sqlite3", "dna", max_bytes=10_000_000)
    path = write(tmp_path / "shows.jsonl", catalog_lines(2))
    await importer(edge_shelf, dna_cache=cache).import_file(path, TENANT)
    misses = cache.misses
    await importer(edge_shelf, dna_cache=cache).import_file(path, "other-guild")
    assert cache.misses == misses and cache.hits >= 2
    cache.close()


async def test_the_starter_catalog_loads_once(edge_shelf: Shelf, tmp_path: Path) -> None:
    folder = tmp_path / "starter"
    folder.mkdir()
    write(folder / "catalog_a.jsonl", catalog_lines(2))
    write(folder / "catalog_b.jsonl", catalog_lines(3)[2:])
    marker = tmp_path / "marker.json"
    files = sorted(folder.glob("catalog_*.jsonl"))
    loaded = await ensure_starter(
        importer(edge_shelf), edge_shelf.store, files, tenant="starter", marker=marker
    )
    assert loaded.unwrap() == 3
    again = await ensure_starter(
        importer(edge_shelf), edge_shelf.store, files, tenant="starter", marker=marker
    )
    assert again.unwrap() == 0
    # A changed catalog is loaded again (idempotently: same ids, same points).
    write(folder / "catalog_b.jsonl", catalog_lines(4)[2:])
    changed = await ensure_starter(
        importer(edge_shelf),
        edge_shelf.store,
        sorted(folder.glob("catalog_*.jsonl")),
        tenant="starter",
        marker=marker,
    )
    assert changed.unwrap() == 4
    assert (await edge_shelf.store.count(["starter"])).unwrap() == 4


def test_parse_line_names_what_is_wrong() -> None:
    assert (
        parse_line(
            '{"title": "T", "synopsis": "A story told in a sentence or two."}', max_chars=100
        ).title
        == "T"
    )  # type: ignore[union-attr]
    assert "year" in str(parse_line('{"title": "T", "year": 1500, "synopsis": "x"}', max_chars=100))


@pytest.mark.catalog
def test_the_shipped_starter_catalog_has_at_least_150_valid_shows() -> None:
    folder = Path(__file__).resolve().parents[4] / "tools" / "retrieval" / "data"
    # As the bot reads it: the works with their side facts (a bad line raises, naming it).
    records = read_catalog(sorted(folder.glob("catalog_*.jsonl")))
    assert len(records) >= 150
    ids = [r.id for r in records]
    assert len(set(ids)) == len(ids), "work ids must be unique across catalog files"
    assert all(r.year and r.genres for r in records)
