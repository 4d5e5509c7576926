"""The /show add job: stages in order, the show stored for the server, nothing half-written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.jobs.model import Job, JobKind
from core.ports.progress import StageLine
from core.ports.vectors import FacetQuery, SearchHit, StoredWork, WorkPoint
from core.result import ErrorCode, StepResult
from tests.unit.tools.narrative.conftest import Shelf
from tests.unit.tools.narrative.samples import pair_stories
from tools.narrative.analysis import STAGES, ShowAnalysisRunner
from tools.narrative.indexing import WorkIndexer
from tools.narrative.library import Library


class Reporter:
    def __init__(self, cancel_at: str | None = None) -> None:
        self.stages: list[str] = []
        self.lines: list[tuple[StageLine, ...]] = []
        self._cancel_at = cancel_at

    async def progress(
        self,
        *,
        stage: str,
        step: int | None = None,
        total: int | None = None,
        preview_png: bytes | None = None,
        stages: tuple[StageLine, ...] = (),
        note: str | None = None,
    ) -> None:
        self.stages.append(stage)
        self.lines.append(stages)

    @property
    def cancelled(self) -> bool:
        return self._cancel_at is not None and self._cancel_at in self.stages


def job(title: str, text: str | None, tenant: str = "guild-z") -> Job:
    return Job(
        id=7,
        kind=JobKind.SHOW_ANALYSIS,
        params={"title": title, "text": text},
        tenant=tenant,
        user_id="u1",
    )


def runner(shelf: Shelf, library: Library | None = None) -> ShowAnalysisRunner:
    return ShowAnalysisRunner(
        shelf.heuristic, shelf.indexer, library or shelf.library, max_chars=60000
    )


async def test_a_show_is_analysed_in_stages_and_then_found_by_its_server(
    edge_shelf: Shelf,
) -> None:
    story = pair_stories()[10][0]
    reporter = Reporter()
    result = await runner(edge_shelf).run(job("My Heist Show", story.synopsis), reporter)
    value = result.unwrap()
    assert reporter.stages == [*STAGES, "done"]
    assert [line.state for line in reporter.lines[-1]] == ["done"] * len(STAGES)
    assert value["work_id"] == "my-heist-show" and value["tenant"] == "guild-z"
    assert value["themes"] and value["extraction"] == "heuristic"
    found = (await edge_shelf.library.find("guild-z", "my heist show")).unwrap()
    assert found.tenant == "guild-z"
    assert (await edge_shelf.library.find("guild-a", "My Heist Show")).error is not None


async def test_a_cancelled_job_stores_nothing(edge_shelf: Shelf) -> None:
    story = pair_stories()[10][0]
    for stage in ("reading", "extracting DNA", "embedding"):
        reporter = Reporter(cancel_at=stage)
        result = await runner(edge_shelf).run(job("Cancelled Show", story.synopsis), reporter)
        assert result.error is not None and result.error.code is ErrorCode.CANCELLED
    assert (await edge_shelf.store.count(["guild-z"])).unwrap() == 0


async def test_bad_text_is_invalid_input_and_stores_nothing(edge_shelf: Shelf) -> None:
    for text in ("", "x" * 70000, "\x00\x01\x02\x03 not text \x00\x04\x05\x06"):
        result = await runner(edge_shelf).run(job("Bad", text or None), Reporter())
        assert result.error is not None and result.error.code is ErrorCode.INVALID_INPUT
    assert (await edge_shelf.store.count(["guild-z"])).unwrap() == 0


async def test_no_text_for_a_known_show_says_it_exists(edge_shelf: Shelf) -> None:
    result = await runner(edge_shelf).run(job("Glass Sneakers", None), Reporter())
    assert result.unwrap()["existing"] is True and result.unwrap()["tenant"] == "global"


class DownStore:
    """A store that fails every write (the server went away mid-job)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.backend = inner.backend
        self.spec = inner.spec

    async def upsert(self, points: Sequence[WorkPoint]) -> StepResult[int]:
        return StepResult.failure(ErrorCode.UNAVAILABLE, "The vector database is not reachable.")

    async def search(self, query: FacetQuery) -> StepResult[list[SearchHit]]:
        return await self._inner.search(query)  # type: ignore[no-any-return]

    async def find_title(self, *a: Any, **k: Any) -> StepResult[list[StoredWork]]:
        return await self._inner.find_title(*a, **k)  # type: ignore[no-any-return]

    async def get(self, *a: Any, **k: Any) -> StepResult[StoredWork | None]:
        return await self._inner.get(*a, **k)  # type: ignore[no-any-return]


async def test_a_store_failure_is_reported_and_leaves_no_point(edge_shelf: Shelf) -> None:
    down = DownStore(edge_shelf.store)
    library = Library(down, global_tenant="global")  # type: ignore[arg-type]
    indexer = WorkIndexer(edge_shelf.indexer._embedder, down)  # type: ignore[arg-type]
    failing = ShowAnalysisRunner(edge_shelf.heuristic, indexer, library, max_chars=60000)
    story = pair_stories()[10][0]
    result = await failing.run(job("Lost Show", story.synopsis), Reporter())
    assert result.error is not None and result.error.code is ErrorCode.UNAVAILABLE
    assert (await edge_shelf.store.count(["guild-z"])).unwrap() == 0


def test_the_runner_takes_show_analysis_jobs(edge_shelf: Shelf) -> None:
    assert runner(edge_shelf).kinds == frozenset({JobKind.SHOW_ANALYSIS})
