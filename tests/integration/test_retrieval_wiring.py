"""The composition root for retrieval: a starter catalog loaded once and kept, the tools and the
job runner wired, an unreachable Qdrant server reported as UNAVAILABLE."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from bot.wiring.retrieval import build_retrieval
from core.cache import CacheRegistry
from core.config import load_settings
from core.context import RequestContext
from core.intent.schema import FindSimilarParams, ShowDnaParams
from core.jobs.model import JobKind
from core.metrics import Metrics
from core.result import ErrorCode
from tests.fakes import shared_embedder
from tests.unit.tools.narrative.samples import pair_stories


def starter(folder: Path) -> Path:
    folder.mkdir()
    stories = [s for pair in pair_stories()[:2] for s in pair]
    lines = [
        json.dumps(
            {
                "id": s.id,
                "title": s.title,
                "year": 2010,
                "genres": ["drama"],
                "synopsis": s.synopsis,
            }
        )
        for s in stories
    ]
    (folder / "catalog_test.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


async def test_first_run_loads_the_starter_catalog_and_later_runs_keep_it(tmp_path: Path) -> None:
    settings = load_settings(env={}, overrides={"data_dir": str(tmp_path / "data")})
    folder = starter(tmp_path / "starter")
    caches = CacheRegistry()
    first = (
        await build_retrieval(
            settings,
            metrics=Metrics(),
            caches=caches,
            embedder=shared_embedder(),
            starter_dir=folder,
        )
    ).unwrap()
    try:
        assert first.starter_loaded == 4
        assert set(first.tools) == {"show_dna", "find_similar"}
        assert first.runner.kinds == frozenset({JobKind.SHOW_ANALYSIS})
        assert "dna" in caches.names() and first.store.backend == "qdrant-edge"
        ctx = RequestContext(tenant="123456", user_id="u")
        similar = await first.tools["find_similar"].run(
            FindSimilarParams(title="Two Kitchens"), ctx
        )
        results = similar.unwrap().data["results"]
        assert {r["title"] for r in results} == {
            "The Quiet Merger",
            "Orbit of Ghosts",
            "Signal Crossing",
        }
        dna = await first.tools["show_dna"].run(ShowDnaParams(title="Signal Crossing"), ctx)
        assert dna.unwrap().data["chart_png"].startswith(b"\x89PNG")
    finally:
        await first.close()

    second = (
        await build_retrieval(
            settings,
            metrics=Metrics(),
            caches=CacheRegistry(),
            embedder=shared_embedder(),
            starter_dir=folder,
        )
    ).unwrap()
    try:
        assert second.starter_loaded == 0
        assert (await second.store.count(["global"])).unwrap() == 4
    finally:
        await second.close()


async def test_an_unreachable_qdrant_server_is_unavailable_at_start(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = load_settings(
        env={},
        overrides={
            "data_dir": str(tmp_path),
            "qdrant": {"url": f"http://127.0.0.1:{port}", "timeout_s": 2},
        },
    )
    result = await build_retrieval(
        settings, metrics=Metrics(), caches=CacheRegistry(), embedder=shared_embedder()
    )
    assert result.error is not None and result.error.code is ErrorCode.UNAVAILABLE
    assert f"127.0.0.1:{port}" in result.error.message
