"""The starter catalog's points shipped as data, so a first start loads 156 shows in a second
instead of reading and embedding them for minutes on two cores.

`tools/retrieval/data/starter_points.npz` holds every starter show's named vectors (float16,
works x vectors x dimension; each multivector's rows concatenated, with each work's offsets) and
payload (DNA from the offline extractor, facts, tags), with a digest of what they were built
from: the catalog files, the offline extractor's version, the embedding model, the vector layout,
the tag weights and the word table of the sparse "words" vectors (rebuilt from each synopsis at
load, `tools.narrative.words`). `make catalog-data` (`python -m bot.starter_data`) rebuilds
both, the table first. At start, a bundle whose digest does not match the catalog is stale:
the caller logs it loudly and builds the starter catalog the slow way instead.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.logging import get_logger
from core.ports.vectors import AnyVector, VectorStore, WorkPoint
from core.result import StepResult
from tools.narrative.catalog import CatalogImporter, CatalogRecord
from tools.narrative.catalog_files import merged_work_lines
from tools.narrative.facts import SCALES, TAG_FIELD_WEIGHTS, TEXT_STORY_FIELDS
from tools.narrative.indexing import (
    LAYOUT,
    MULTI,
    SPARSE,
    VECTORS,
    IndexItem,
    WorkIndexer,
)
from tools.narrative.words import DF_PATH, WORDS, word_vector
from tools.narrative.work import DnaExtractor

__all__ = [
    "BUNDLE_NAME",
    "StarterBundle",
    "build_points",
    "bundle_digest",
    "ensure_starter",
    "read_bundle",
    "shipped_points",
    "write_bundle",
]

log = get_logger(__name__)

BUNDLE_NAME = "starter_points.npz"
# Bump when what a point holds changes in a way the digest's parts do not show (facet texts).
BUNDLE_FORMAT = 4


@dataclass(frozen=True, slots=True)
class StarterBundle:
    digest: str
    points: list[WorkPoint]


def _tagging() -> list[Any]:
    """What a stored point's tags and facts text are made with, besides the catalog files."""
    return [
        dict(TAG_FIELD_WEIGHTS),
        {name: list(levels) for name, levels in SCALES.items()},  # how scale facts are tagged
        list(TEXT_STORY_FIELDS),  # what the "facts" vector's text holds
    ]


def bundle_digest(files: Sequence[Path], *, extractor_version: str, model: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    extra = [
        BUNDLE_FORMAT,
        extractor_version,
        model,
        LAYOUT,
        list(VECTORS),
        list(SPARSE),
        *_tagging(),
        # The sparse "words" vectors are rebuilt from each synopsis with this table at load.
        hashlib.blake2b(DF_PATH.read_bytes(), digest_size=16).hexdigest(),
    ]
    digest.update(json.dumps(extra, sort_keys=True).encode())
    return digest.hexdigest()


async def build_points(
    extractor: DnaExtractor,
    indexer: WorkIndexer,
    catalog: Sequence[CatalogRecord],
    *,
    tenant: str,
    source: str = "starter catalog",
) -> list[WorkPoint]:
    works = [r.work(source) for r in catalog]
    dnas = [d.unwrap() for d in await extractor.extract_many(works)]
    items = [
        IndexItem(tenant, dna, work.synopsis, genres=tuple(r.genres), facts=r.facts())
        for r, work, dna in zip(catalog, works, dnas, strict=True)
    ]
    return await indexer.points(items)


def write_bundle(path: Path, digest: str, points: Sequence[WorkPoint]) -> None:
    single = [v for v in VECTORS if v not in MULTI]
    vectors = np.asarray([[p.vectors[v] for v in single] for p in points], dtype=np.float16)
    multi: dict[str, Any] = {}  # (Any: numpy types `**` as if it could hold allow_pickle)
    for name in MULTI:  # each work's vectors concatenated, with each work's offsets
        rows = [list(p.vectors[name]) for p in points]
        multi[f"{name}_offsets"] = np.cumsum([0, *(len(r) for r in rows)]).astype(np.int64)
        multi[name] = np.asarray([v for r in rows for v in r], dtype=np.float16)
    payloads = json.dumps(
        [{"work_id": p.work_id, "payload": dict(p.payload)} for p in points],
        ensure_ascii=False,
        sort_keys=True,
    ).encode()
    meta = json.dumps({"digest": digest, "vectors": single, "multi": list(MULTI)}).encode()
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        vectors=vectors,
        payloads=np.frombuffer(payloads, dtype=np.uint8),
        meta=np.frombuffer(meta, dtype=np.uint8),
        **multi,
    )
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(path)


def read_bundle(path: Path, *, tenant: str) -> StarterBundle | None:
    """The shipped points (for `tenant`), or None when there is no bundle."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            meta: Mapping[str, Any] = json.loads(bytes(data["meta"]).decode())
            rows: list[dict[str, Any]] = json.loads(bytes(data["payloads"]).decode())
            vectors = data["vectors"].astype(np.float32)
            multi = {n: data[n].astype(np.float32) for n in meta.get("multi", [])}
            offsets = {n: data[f"{n}_offsets"] for n in multi}
    except (OSError, ValueError, KeyError) as exc:  # not a bundle this version wrote
        log.warning("starter_bundle_unreadable", path=str(path), error=str(exc)[:200])
        return StarterBundle(digest="", points=[])
    names = list(meta.get("vectors", []))
    single = [v for v in VECTORS if v not in MULTI]
    if (
        names != single
        or list(multi) != list(MULTI)
        or vectors.shape[:2] != (len(rows), len(names))
    ):
        return StarterBundle(digest="", points=[])  # another layout: stale
    points = []
    for i, row in enumerate(rows):
        named: dict[str, AnyVector] = {n: _unit(vectors[i, j]) for j, n in enumerate(names)}
        for name, rows_of in multi.items():
            named[name] = [_unit(v) for v in rows_of[offsets[name][i] : offsets[name][i + 1]]]
        # The words vector is a function of the synopsis and the shipped word table (in the
        # digest): rebuilt here (milliseconds) rather than stored twice.
        words = word_vector(str(row["payload"].get("synopsis") or ""))
        points.append(WorkPoint(tenant, row["work_id"], named, row["payload"], {WORDS: words}))
    return StarterBundle(digest=str(meta.get("digest", "")), points=points)


def _unit(vector: np.ndarray[Any, Any]) -> list[float]:
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm else vector).tolist()  # type: ignore[no-any-return]


def shipped_points(
    path: Path, files: Sequence[Path], *, extractor_version: str, model: str, tenant: str
) -> list[WorkPoint] | None:
    """The shipped starter points when they were built from exactly these catalog files (and
    this extractor, model and layout); None, logged loudly, when they are stale or missing."""
    bundle = read_bundle(path, tenant=tenant)
    if bundle is None:
        log.warning("starter_bundle_missing", path=str(path), fix="run `make catalog-data`")
        return None
    want = bundle_digest(files, extractor_version=extractor_version, model=model)
    if bundle.digest != want:
        log.warning(
            "starter_bundle_stale",
            path=str(path),
            why="the catalog, offline extractor or vector layout changed since it was built",
            fix="run `make catalog-data` and commit the file; building the catalog at start now",
        )
        return None
    return bundle.points


async def ensure_starter(
    importer: CatalogImporter,
    store: VectorStore,
    files: Iterable[Path],
    *,
    tenant: str,
    marker: Path,
    prebuilt: Sequence[WorkPoint] | None = None,
) -> StepResult[int]:
    """Load the starter catalog into the shared tenant unless this exact catalog (same files,
    extractor, collection and tag weights) is already there. Returns how many works were loaded
    now. `prebuilt`: the catalog's points shipped as data (tools.narrative.starter), written as
    they are instead of reading and embedding every show."""
    paths = sorted(files)
    # A new side file or tag weight changes what each stored show's tags are: loaded again.
    tagging = json.dumps(_tagging(), sort_keys=True)
    key = await asyncio.to_thread(
        _catalog_digest, paths, importer.version, store.spec.name, tagging
    )
    seen = await asyncio.to_thread(_read_marker, marker)
    if seen:
        count = await store.count([tenant])
        if count.error is not None:
            return count.cast_error()
        if seen.get("digest") == key and count.unwrap() > 0:
            return StepResult.success(0)
    if prebuilt:
        written = await store.upsert(prebuilt)
        if written.error is not None:
            return written.cast_error()
        await asyncio.to_thread(_write_marker, marker, {"digest": key, "works": len(prebuilt)})
        log.info("starter_catalog_loaded", tenant=tenant, works=len(prebuilt), shipped=True)
        return StepResult.success(len(prebuilt))
    # First run (or a changed catalog): this embeds every synopsis, minutes on 2 cores.
    log.info("starter_catalog_loading", tenant=tenant, files=[p.name for p in paths])
    loaded = 0
    bad: list[str] = []
    merged, _ = await asyncio.to_thread(merged_work_lines, paths)
    for path, lines in merged:
        result = await importer.import_lines(lines, tenant, source="starter catalog")
        if result.error is not None:
            return result.cast_error()
        report = result.unwrap()
        loaded += report.imported
        bad.extend(f"{path.name} line {b.line}: {b.reason}" for b in report.bad)
    if bad:
        # Our own catalog should never have bad lines: say so loudly, but load the rest.
        log.warning("starter_catalog_bad_lines", lines=bad[:20], count=len(bad))
    await asyncio.to_thread(_write_marker, marker, {"digest": key, "works": loaded})
    log.info("starter_catalog_loaded", tenant=tenant, works=loaded, files=len(paths))
    return StepResult.success(loaded)


def _catalog_digest(paths: Sequence[Path], *parts: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for part in parts:
        digest.update(part.encode())
    return digest.hexdigest()


def _read_marker(marker: Path) -> dict[str, Any]:
    if not marker.exists():
        return {}
    data = json.loads(marker.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _write_marker(marker: Path, data: dict[str, Any]) -> None:
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(data), encoding="utf-8")
