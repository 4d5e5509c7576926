"""A TRANSFORM job through the real job service (SQLite store, lanes, progress sink): submitted,
checked at submit, run, ticked off scene by scene, finished with its files; and cancelled."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.wiring.transform import build_transform_runner
from core.cache import CacheRegistry
from core.clock import SystemClock
from core.config import Settings, load_settings
from core.context import RequestContext
from core.jobs.model import JobKind
from core.jobs.service import JobQueue
from core.jobs.store import JobStore
from core.metrics import Metrics
from core.ports.progress import JobState
from core.result import ErrorCode
from tests.support.jobs import RecordingSink
from tests.unit.tools.transform import canned
from tests.unit.tools.transform.doubles import LibraryDouble, ScriptedLLM

CTX = RequestContext(tenant="g1", user_id="u1", thread_id="t1", request_id="i-1")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(env={}, overrides={"data_dir": str(tmp_path)})


async def _service(
    settings: Settings, llm: ScriptedLLM, sink: RecordingSink
) -> tuple[JobQueue, JobStore]:
    store = await JobStore.open(settings.data_dir / "jobs.sqlite3")
    metrics = Metrics()
    service = JobQueue(
        store, settings=settings.jobs, sink=sink, metrics=metrics, clock=SystemClock()
    )
    runner = build_transform_runner(
        settings,
        metrics=metrics,
        caches=CacheRegistry(),
        llm=llm,
        show_library=LibraryDouble([canned.show_brief("Friends")]),
        jobs=service,
    )
    service.add_runner(runner)
    await service.start()
    return service, store


@pytest.fixture
async def sink() -> AsyncIterator[RecordingSink]:
    yield RecordingSink()


async def test_a_transform_job_ticks_each_scene_and_ends_with_its_files(
    settings: Settings, sink: RecordingSink
) -> None:
    llm = ScriptedLLM(latency=0.01)
    service, store = await _service(settings, llm, sink)
    try:
        params: dict[str, Any] = {
            "title": "Friends",
            "setting": "  Edo-period   Japan ",
            "scenes": 3,
        }
        ticket = (await service.submit(JobKind.TRANSFORM, params, CTX)).unwrap()
        assert ticket.job.params["setting"] == "Edo-period Japan"  # normalised at submit
        await sink.wait_final(ticket.job.id, timeout=10)
    finally:
        await service.close()
        await store.close()
    final = sink.final(ticket.job.id)
    assert final is not None and final.state is JobState.SUCCEEDED
    assert [Path(f["path"]).suffix for f in final.result["files"]] == [".fountain", ".md", ".json"]
    assert final.result["summary"].startswith("**Red Friends: The One With the Airlock**")
    checklists = [u.stages for u in sink.of(ticket.job.id) if u.stages]
    ticked = [
        sum(1 for line in c if line.name.startswith("scene") and line.state == "done")
        for c in checklists
    ]
    assert ticked == sorted(ticked) and ticked[-1] == 3  # scenes are ticked off one by one


async def test_bad_params_are_refused_at_submit_and_nothing_is_queued(
    settings: Settings, sink: RecordingSink
) -> None:
    service, store = await _service(settings, ScriptedLLM(), sink)
    try:
        refused = await service.submit(
            JobKind.TRANSFORM, {"title": "Friends", "setting": "Mars", "scenes": 40}, CTX
        )
        assert await service.active("g1") == []
    finally:
        await service.close()
        await store.close()
    error = refused.unwrap_error()
    assert error.code is ErrorCode.INVALID_INPUT
    assert error.message.startswith("scenes must be between 1 and 12")


async def test_cancel_stops_running_scene_calls_and_leaves_the_partial_script(
    settings: Settings, sink: RecordingSink
) -> None:
    hold = {3: asyncio.Event(), 4: asyncio.Event()}  # these two never answer on their own
    llm = ScriptedLLM(hold=hold)
    service, store = await _service(settings, llm, sink)
    try:
        params = {"title": "Friends", "setting": "Edo-period Japan", "scenes": 4}
        job_id = (await service.submit(JobKind.TRANSFORM, params, CTX)).unwrap().job.id
        while llm.in_flight < 2 or llm.count("transform_scene") < 4:
            await asyncio.sleep(0.01)
        cancelled = (await service.cancel(job_id, CTX)).unwrap()
        assert cancelled.status is JobState.CANCELLED
        scripts = settings.data_dir / "scripts"
        for _ in range(300):  # the runner notices within its poll interval, then exports
            final = sink.final(job_id)
            if llm.cancelled_calls == 2 and final is not None and final.result:
                break
            await asyncio.sleep(0.01)
        stored = (await service.get(job_id, CTX)).unwrap()
    finally:
        await service.close()
        await store.close()
    assert llm.cancelled_calls == 2 and llm.in_flight == 0
    partial = next(scripts.glob("*.fountain")).read_text()
    assert "Draft: INCOMPLETE, 2 of 4 scenes (cancelled after 2 of 4 scenes)" in partial
    # the partial script reaches the thread, marked cancelled, and stays on the job
    final = sink.final(job_id)
    assert final is not None and final.state is JobState.CANCELLED
    assert {Path(f["path"]).suffix for f in final.result["files"]} >= {".fountain", ".md"}
    assert stored.status is JobState.CANCELLED and stored.result["files"]
