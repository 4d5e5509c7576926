"""The TRANSFORM runner as the composition root builds it: settings, the registered "transform"
cache under the data dir, and storyboard frames through a job service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.wiring.transform import build_transform_runner
from core.cache import CacheRegistry
from core.config import load_settings
from core.context import RequestContext
from core.jobs.model import Job, JobKind, JobTicket
from core.metrics import Metrics
from core.result import StepResult
from tests.unit.tools.transform import canned
from tests.unit.tools.transform.doubles import LibraryDouble, RecordingReporter, ScriptedLLM


class _Jobs:
    """Records image submissions the way the job service would take them."""

    def __init__(self) -> None:
        self.submitted: list[tuple[JobKind, dict[str, Any], RequestContext]] = []

    async def submit(
        self, kind: JobKind, params: dict[str, Any], ctx: RequestContext, **_: Any
    ) -> StepResult[JobTicket]:
        self.submitted.append((kind, params, ctx))
        job = Job(
            id=50 + len(self.submitted),
            kind=kind,
            params=params,
            tenant=ctx.tenant,
            user_id=ctx.user_id,
        )
        return StepResult.success(JobTicket(job=job, position=2, eta_s=9.0))


def _job(**params: Any) -> Job:
    return Job(
        id=11,
        kind=JobKind.TRANSFORM,
        params={"title": "Friends", "setting": "Edo-period Japan", "scenes": 2, **params},
        tenant="g1",
        user_id="u1",
        thread_id="t1",
        request_id="i-77",
    )


async def test_wired_runner_caches_under_the_data_dir_and_admin_clear_empties_it(
    tmp_path: Path,
) -> None:
    settings = load_settings(
        env={}, overrides={"data_dir": str(tmp_path), "transform": {"concurrency": 2}}
    )
    caches, metrics = CacheRegistry(), Metrics()
    library = LibraryDouble([canned.show_brief("Friends")])
    llm = ScriptedLLM(latency=0.02)
    runner = build_transform_runner(
        settings, metrics=metrics, caches=caches, llm=llm, show_library=library, jobs=None
    )
    value = (await runner.run(_job(scenes=3), RecordingReporter())).unwrap()
    assert all(Path(f["path"]).parent == tmp_path / "scripts" for f in value["files"])
    assert (tmp_path / "cache.sqlite3").is_file()
    assert "transform" in caches.names() and caches.get("transform").stats().entries == 5  # type: ignore[union-attr]
    assert llm.max_in_flight == 2  # settings.transform.concurrency

    calls = len(llm.calls)
    await runner.run(_job(scenes=3), RecordingReporter())
    assert len(llm.calls) == calls  # every stage re-used

    [report] = caches.clear("transform")
    assert report.entries == 5
    await runner.run(_job(scenes=3), RecordingReporter())
    assert len(llm.calls) == 2 * calls  # written anew after the admin cleared the cache


async def test_wired_storyboard_submits_draft_image_jobs_in_the_same_thread(tmp_path: Path) -> None:
    settings = load_settings(env={}, overrides={"data_dir": str(tmp_path)})
    jobs = _Jobs()
    runner = build_transform_runner(
        settings,
        metrics=Metrics(),
        caches=CacheRegistry(),
        llm=ScriptedLLM(),
        show_library=LibraryDouble([canned.show_brief("Friends")]),
        jobs=jobs,  # type: ignore[arg-type]
    )
    value = (await runner.run(_job(storyboard=True), RecordingReporter())).unwrap()
    assert [kind for kind, _, _ in jobs.submitted] == [JobKind.IMAGE, JobKind.IMAGE]
    params = jobs.submitted[0][1]
    assert params["quality"] == "draft" and "storyboard sketch" in params["prompt"]
    contexts = sorted(ctx.request_id or "" for _, _, ctx in jobs.submitted)
    assert contexts == ["i-77:frame:1", "i-77:frame:2"]
    assert {ctx.thread_id for _, _, ctx in jobs.submitted} == {"t1"}
    # Listed by scene, whichever scene finished first.
    assert value["notes"] == ["Storyboard frames queued as image jobs #51, #52."] or value[
        "notes"
    ] == ["Storyboard frames queued as image jobs #52, #51."]
