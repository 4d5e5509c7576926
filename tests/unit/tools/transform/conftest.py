from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.cache import PersistentCache
from core.metrics import Metrics
from tests.unit.tools.transform import canned
from tests.unit.tools.transform.doubles import LibraryDouble, ScriptedLLM
from tools.transform.engine import EngineConfig, TransformEngine
from tools.transform.storyboard import SubmitImage


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PersistentCache]:
    cache = PersistentCache(tmp_path / "cache.sqlite3", "transform", max_bytes=50_000_000)
    yield cache
    cache.close()


@pytest.fixture
def library() -> LibraryDouble:
    return LibraryDouble(
        [canned.show_brief("Friends"), canned.show_brief("Frasier", dna_hash="dna-frasier")],
        neighbours=[canned.show_brief("Seinfeld", dna_hash="s"), canned.show_brief("Cheers")],
    )


@pytest.fixture
def make_engine(tmp_path: Path, store: PersistentCache, library: LibraryDouble):  # type: ignore[no-untyped-def]
    def make(
        llm: ScriptedLLM,
        *,
        concurrency: int = 4,
        retries: int = 2,
        submit_image: SubmitImage | None = None,
        cache: PersistentCache | None = store,
        metrics: Metrics | None = None,
    ) -> TransformEngine:
        return TransformEngine(
            llm=llm,
            library=library,
            config=EngineConfig(
                scripts_dir=tmp_path / "scripts",
                model="claude-test",
                concurrency=concurrency,
                max_scene_retries=retries,
                cancel_poll_s=0.01,
            ),
            metrics=metrics or Metrics(),
            store=cache,
            submit_image=submit_image,
        )

    return make
