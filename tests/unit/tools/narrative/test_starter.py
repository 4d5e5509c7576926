"""The starter catalog shipped as data: it matches the catalog files (else `make catalog-data`),
a fresh build gives the same points, and a changed catalog is never served from a stale file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.ports.vectors import WorkPoint
from tests.fakes import shared_embedder
from tests.unit.tools.narrative.conftest import heuristic, spec
from tools.narrative.catalog import CatalogImporter
from tools.narrative.catalog_files import read_catalog
from tools.narrative.indexing import MULTI, VECTORS, WorkIndexer
from tools.narrative.starter import (
    BUNDLE_NAME,
    build_points,
    bundle_digest,
    ensure_starter,
    read_bundle,
    shipped_points,
    write_bundle,
)
from tools.narrative.words import DF_PATH, document_frequencies
from tools.retrieval.edge import EdgeVectorStore

STARTER = Path(__file__).resolve().parents[4] / "tools" / "retrieval" / "data"


def starter_files() -> list[Path]:
    return sorted(STARTER.glob("catalog_*.jsonl"))


class _NoStore:
    """Building points needs no store."""


def copy_shows(name: str, shows: set[str], to: Path) -> Path:
    """`to`: the lines of the shipped starter file `name` about `shows`, in their order."""
    text = (STARTER / name).read_text(encoding="utf-8")
    to.write_text(
        "".join(
            raw + "\n"
            for raw in text.splitlines()
            if raw.strip() and json.loads(raw)["id"] in shows
        ),
        encoding="utf-8",
    )
    return to


async def fresh(catalog_ids: set[str], files: list[Path]) -> list[WorkPoint]:
    embedder = shared_embedder()
    indexer = WorkIndexer(embedder, _NoStore(), count_tokens=embedder.count_tokens)  # type: ignore[arg-type]
    chosen = [r for r in read_catalog(files) if r.id in catalog_ids]
    return await build_points(heuristic(), indexer, chosen, tenant="global")


def test_the_shipped_starter_data_was_built_from_todays_catalog() -> None:
    bundle = read_bundle(STARTER / BUNDLE_NAME, tenant="global")
    assert bundle is not None, "no shipped starter data: run `make catalog-data`"
    want = bundle_digest(
        starter_files(), extractor_version=heuristic().version, model=shared_embedder().model_name
    )
    assert bundle.digest == want, (
        "the starter catalog, the offline extractor or the vector layout changed since "
        "tools/retrieval/data/starter_points.npz was built: run `make catalog-data`"
    )
    assert len(bundle.points) == len(read_catalog(starter_files()))


async def test_a_fresh_build_gives_the_shipped_points() -> None:
    bundle = read_bundle(STARTER / BUNDLE_NAME, tenant="global")
    assert bundle is not None and bundle.points, "stale starter data: run `make catalog-data`"
    shipped = {p.work_id: p for p in bundle.points}
    for point in await fresh({"breaking-bad", "friends"}, starter_files()):
        kept = shipped[point.work_id]
        for name in VECTORS:
            built, shipped_rows = point.vectors[name], kept.vectors[name]
            pairs = (
                zip(built, shipped_rows, strict=True) if name in MULTI else [(built, shipped_rows)]
            )
            for a, b in pairs:
                cosine = float(np.dot(a, b))
                assert cosine > 0.995, (point.work_id, name, cosine)
        for key in ("tags", "facts", "catalog_genres", "genres", "themes", "title"):
            assert kept.payload[key] == point.payload[key], key
        assert kept.sparse == point.sparse, "the words vector differs from a fresh build"


def test_the_shipped_word_table_was_built_from_todays_catalog() -> None:
    shipped = json.loads(DF_PATH.read_text(encoding="utf-8"))
    assert shipped == document_frequencies(r.synopsis for r in read_catalog(starter_files())), (
        "tools/narrative/data/word_df.json is stale: run `make catalog-data`"
    )


async def test_a_changed_catalog_is_built_at_start_not_served_stale(tmp_path: Path) -> None:
    folder = tmp_path / "starter"
    folder.mkdir()
    shows = {"friends", "the-americans"}
    catalog = copy_shows("catalog_part1.jsonl", shows, folder / "catalog_test.jsonl")
    lines = catalog.read_text(encoding="utf-8").splitlines()
    version, model = heuristic().version, shared_embedder().model_name
    write_bundle(
        folder / BUNDLE_NAME,
        bundle_digest([catalog], extractor_version=version, model=model),
        await fresh(shows, [catalog]),
    )
    args = {"extractor_version": version, "model": model, "tenant": "global"}
    assert len(shipped_points(folder / BUNDLE_NAME, [catalog], **args) or []) == 2

    edited = json.loads(lines[0])
    edited["tone"] = ["bleak"]
    catalog.write_text("\n".join([json.dumps(edited), *lines[1:]]) + "\n", encoding="utf-8")
    assert shipped_points(folder / BUNDLE_NAME, [catalog], **args) is None

    store = EdgeVectorStore(tmp_path / "qdrant", spec())
    (await store.open()).unwrap()
    embedder = shared_embedder()
    importer = CatalogImporter(heuristic(), WorkIndexer(embedder, store))
    loaded = await ensure_starter(
        importer, store, [catalog], tenant="global", marker=tmp_path / "marker.json", prebuilt=None
    )
    assert loaded.unwrap() == 2
    work = (await store.get(["global"], edited["id"])).unwrap()
    assert work is not None and "tone:bleak" in work.payload["tags"]
    await store.close()


@pytest.mark.parametrize("missing", [True, False])
def test_a_missing_or_foreign_bundle_is_not_served(tmp_path: Path, missing: bool) -> None:
    path = tmp_path / BUNDLE_NAME
    if not missing:
        np.savez(
            path,
            vectors=np.zeros((1, 2, 3)),
            payloads=np.zeros(1, np.uint8),
            meta=np.frombuffer(b'{"vectors": ["x"]}', np.uint8),
        )
    found = shipped_points(path, starter_files(), extractor_version="v", model="m", tenant="g")
    assert found is None


async def test_an_install_on_the_previous_catalog_picks_up_fans_descriptors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shows = {"friends", "the-americans"}
    folder = tmp_path / "starter"
    folder.mkdir()
    catalog = copy_shows("catalog_part1.jsonl", shows, folder / "catalog_part1.jsonl")
    store = EdgeVectorStore(tmp_path / "qdrant", spec())
    (await store.open()).unwrap()
    embedder = shared_embedder()
    importer = CatalogImporter(heuristic(), WorkIndexer(embedder, store))
    marker = tmp_path / "marker.json"

    async def start(files: list[Path]) -> int:
        points = await fresh(shows, files)  # the bundle `make catalog-data` ships for them
        loaded = await ensure_starter(
            importer, store, files, tenant="global", marker=marker, prebuilt=points
        )
        return loaded.unwrap()

    assert await start([catalog]) == 2  # the install as it was, before fans' words
    before = (await store.get(["global"], "the-americans")).unwrap()
    assert before is not None and not any(t.startswith("fan:") for t in before.payload["tags"])

    fan = copy_shows("catalog_fan.jsonl", shows, folder / "catalog_fan.jsonl")
    assert await start([catalog, fan]) == 2  # the next start loads the new bundle
    after = (await store.get(["global"], "the-americans")).unwrap()
    assert after is not None and "fan:cold war" in after.payload["tags"]
    assert await start([catalog, fan]) == 0  # and only once

    # A tag weight changed alone (same files) changes every stored show's tag norm: loaded again.
    monkeypatch.setattr("tools.narrative.starter.TAG_FIELD_WEIGHTS", {"fan": 0.5})
    assert await start([catalog, fan]) == 2
    await store.close()
