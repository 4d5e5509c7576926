"""The transformation engine: rules -> bible and outline -> scenes in parallel -> exports.

Rules and outline are sequential (each needs the previous one); the scenes only need the outline,
so they are written at once, at most `concurrency` at a time, and ticked off as they finish.
Every stage's output is cached, a cancel keeps the finished scenes and exports them as a partial
script, and every failure comes back as a StepResult that says what to do about it.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel

from core.logging import get_logger
from core.metrics import Metrics
from core.ports.jobs import JobReporter
from core.ports.llm import LLM, LLMRequest, LLMResponse
from core.ports.shows import ShowBrief, ShowLibrary
from core.result import ErrorCode, StepError, StepResult
from tools.transform.cancel import CANCELLED, CancelWatch
from tools.transform.errors import show_error, stage_error
from tools.transform.export import ExportedFile, slug, write_exports
from tools.transform.models import BibleAndOutline, TransformRules, bible_and_outline_schema
from tools.transform.progress import StageBoard
from tools.transform.prompting import (
    PROMPT_VERSION,
    ShowContext,
    outline_request,
    rules_request,
)
from tools.transform.request import TransformRequest
from tools.transform.scene_stage import SceneStage
from tools.transform.scenes import SceneWriter
from tools.transform.script import Script
from tools.transform.stage_cache import CacheKey, StageCache, StageStore
from tools.transform.storyboard import Storyboard, SubmitImage

__all__ = ["NEEDS_KEY", "EngineConfig", "TransformEngine"]

M = TypeVar("M", bound=BaseModel)
NEEDS_KEY = "re-imagining a show needs an Anthropic API key: set ANTHROPIC_API_KEY"
_INFLUENCES = 3
_log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class EngineConfig:
    scripts_dir: Path
    model: str
    concurrency: int = 4
    max_scene_retries: int = 2
    # How often the reporter's cancel flag is looked at; a cancel lands within this delay.
    cancel_poll_s: float = 0.05


class _CountingLLM:
    """Counts this run's model calls (the result reports them; a cached repeat makes none)."""

    def __init__(self, llm: LLM) -> None:
        self._llm = llm
        self.calls = 0

    @property
    def available(self) -> bool:
        return self._llm.available

    async def complete(self, request: LLMRequest) -> StepResult[LLMResponse]:
        self.calls += 1
        return await self._llm.complete(request)

    async def complete_model(self, request: LLMRequest, schema: type[M]) -> StepResult[M]:
        self.calls += 1
        return await self._llm.complete_model(request, schema)


@dataclass
class _Run:
    """Everything one run accumulates, for the result and the summary log line."""

    request: TransformRequest
    llm: _CountingLLM
    cache: StageCache
    board: StageBoard
    storyboard: Storyboard
    timings: dict[str, float] = field(default_factory=dict)


class TransformEngine:
    def __init__(
        self,
        *,
        llm: LLM,
        library: ShowLibrary,
        config: EngineConfig,
        metrics: Metrics,
        store: StageStore | None,
        submit_image: SubmitImage | None = None,
    ) -> None:
        self._llm = llm
        self._library = library
        self._config = config
        self._metrics = metrics
        self._store = store
        self._submit_image = submit_image

    async def run(
        self, request: TransformRequest, reporter: JobReporter
    ) -> StepResult[dict[str, Any]]:
        """The job's result refs (files, status, storyboard frames) or a clear error."""
        started = time.perf_counter()
        if not self._llm.available:
            return StepResult.failure(ErrorCode.UNAVAILABLE, NEEDS_KEY, retryable=False)
        found = await self._library.find(request.tenant, request.title)
        if not found.ok:
            return show_error(found.unwrap_error(), request.title)
        show = found.unwrap()
        ctx = ShowContext(
            show=show,
            influences=tuple(await self._influences(request.tenant, show)),
            setting=request.setting,
            tone=request.tone,
            scenes=request.scenes,
        )
        run = _Run(
            request=request,
            llm=_CountingLLM(self._llm),
            cache=StageCache(self._store),
            board=StageBoard(reporter, scenes=request.scenes, storyboard=request.storyboard),
            storyboard=Storyboard(self._submit_image, request, world=request.setting),
        )
        key = CacheKey(
            dna_hash=show.dna_hash,
            setting=request.setting,
            scenes=request.scenes,
            tone=request.tone,
            model=self._config.model,
            prompt_version=PROMPT_VERSION,
        )
        async with CancelWatch(reporter, poll_s=self._config.cancel_poll_s) as watch:
            result = await self._stages(run, ctx, key, watch)
        status = "ok" if result.ok else str(result.unwrap_error().code)
        if result.ok and not result.unwrap().get("complete", False):
            status = "cancelled" if result.unwrap().get("cancelled") else "incomplete"
        wall = time.perf_counter() - started
        self._metrics.inc("transform_runs_total", status=status)
        self._metrics.observe("transform_run_seconds", wall)
        _log.info(
            "transform_finished",
            status=status,
            title=show.title,
            scenes=request.scenes,
            llm_calls=run.llm.calls,
            cache_hits=run.cache.hits,
            cache_misses=run.cache.misses,
            wall_ms=round(wall * 1000, 1),
        )
        return result.with_meta(
            timings_ms=MappingProxyType(dict(run.timings)),
            cache_hit=run.llm.calls == 0,
            source="transform",
        )

    async def _influences(self, tenant: str, show: ShowBrief) -> list[ShowBrief]:
        found = await self._library.neighbours(tenant, show.work_id, k=_INFLUENCES)
        if not found.ok:
            # Influences only sharpen the prompt; a script is still worth writing without them.
            _log.warning("transform_influences_unavailable", error=found.unwrap_error().message)
            return []
        return found.unwrap()[:_INFLUENCES]

    async def _stages(
        self, run: _Run, ctx: ShowContext, key: CacheKey, watch: CancelWatch
    ) -> StepResult[dict[str, Any]]:
        rules = await self._stage(
            run,
            watch=watch,
            name="rules",
            key=key,
            request=rules_request(ctx),
            schema=TransformRules,
        )
        if not isinstance(rules, TransformRules):
            return await self._stopped(run, rules)
        schema = bible_and_outline_schema(ctx.scenes)
        story = await self._stage(
            run,
            watch=watch,
            name="outline",
            key=key,
            request=outline_request(ctx, rules),
            schema=schema,
        )
        if not isinstance(story, BibleAndOutline):
            return await self._stopped(run, story)
        story = story.numbered()

        writer = SceneWriter(
            llm=run.llm,
            cache=run.cache,
            key=key,
            metrics=self._metrics,
            max_retries=self._config.max_scene_retries,
        )
        stage = SceneStage(
            writer=writer,
            board=run.board,
            storyboard=run.storyboard,
            concurrency=self._config.concurrency,
        )
        t0 = time.perf_counter()
        outcome = await stage.run(ctx, rules, story, watch)
        run.timings["scenes"] = (time.perf_counter() - t0) * 1000.0
        reason = None
        if outcome.cancelled:
            reason = f"cancelled after {len(outcome.scenes)} of {ctx.scenes} scenes"
        elif outcome.error is not None:
            reason = f"stopped at scene {outcome.error_scene}: {outcome.error.message}"
        script = Script(
            source_title=ctx.show.title,
            setting=ctx.setting,
            tone=ctx.tone,
            rules=rules,
            story=story,
            scenes=outcome.scenes,
            incomplete_reason=reason,
        )
        files = await self._export(run, script, key)
        if outcome.error is not None:
            await run.board.skip_pending(note=reason)
            error = stage_error(f"scene {outcome.error_scene}", outcome.error)
            return StepResult.failure(
                error.code,
                f"{error.message.rstrip('.')}. The {len(script.scenes)} finished scene(s) are in"
                " a partial script.",
                retryable=error.retryable,
                retry_after_s=error.retry_after_s,
                details={"result": self._result(run, script, files)},
            )
        if outcome.cancelled:
            await run.board.skip_pending(note=f"{reason}; the partial script is attached")
        elif run.request.storyboard:
            await self._storyboard_line(run.board, run.storyboard)
        return StepResult.success(self._result(run, script, files))

    @staticmethod
    async def _storyboard_line(board: StageBoard, storyboard: Storyboard) -> None:
        if not storyboard.available:
            await board.set("storyboard", "skipped", note=storyboard.summary()["reason"])
        elif storyboard.errors:
            await board.set("storyboard", "failed", note="; ".join(storyboard.errors))
        else:
            frames = len(storyboard.frames)
            await board.set("storyboard", "done", note=f"{frames} key frame(s) queued")

    async def _stage(
        self,
        run: _Run,
        *,
        watch: CancelWatch,
        name: str,
        key: CacheKey,
        request: LLMRequest,
        schema: type[M],
    ) -> M | StepError | None:
        """The stage's output, its error, or None when the user cancelled."""
        cache_key = key.for_stage(name)
        cached = run.cache.get(cache_key, schema)
        if cached is not None:
            await run.board.set(name, "done", note=f"{name}: reused from the cache")
            return cached
        await run.board.set(name, "running")
        t0 = time.perf_counter()
        result = await watch.run(run.llm.complete_model(request, schema))
        run.timings[name] = (time.perf_counter() - t0) * 1000.0
        self._metrics.observe("transform_stage_seconds", time.perf_counter() - t0, stage=name)
        if result is CANCELLED:
            return None
        assert isinstance(result, StepResult)
        if not result.ok:
            await run.board.set(name, "failed")
            return stage_error(name, result.unwrap_error())
        value: M = result.unwrap()
        run.cache.set(cache_key, value)
        await run.board.set(name, "done")
        return value

    async def _stopped(self, run: _Run, outcome: StepError | None) -> StepResult[dict[str, Any]]:
        """Rules or outline did not come back: nothing to export yet."""
        if outcome is None:
            await run.board.skip_pending(note="cancelled before any scene was written")
            return StepResult.success(
                {
                    "title": run.request.title,
                    "setting": run.request.setting,
                    "complete": False,
                    "cancelled": True,
                    "incomplete_reason": "cancelled before any scene was written",
                    "scenes_planned": run.request.scenes,
                    "scenes_written": 0,
                    "files": [],
                    "llm_calls": run.llm.calls,
                }
            )
        await run.board.skip_pending(note=outcome.message)
        return StepResult(error=outcome)

    async def _export(self, run: _Run, script: Script, key: CacheKey) -> list[ExportedFile]:
        await run.board.set("exports", "running")
        t0 = time.perf_counter()
        req = run.request
        suffix = str(req.job_id) if req.job_id is not None else key.for_stage("file")[-8:]
        stem = f"{slug(script.source_title, 30)}-{slug(req.setting, 30)}-{suffix}"
        files = await asyncio.to_thread(write_exports, script, self._config.scripts_dir, stem)
        run.timings["exports"] = (time.perf_counter() - t0) * 1000.0
        names = ", ".join(f.name for f in files)
        await run.board.set("exports", "done", note=f"files: {names}")
        return files

    def _result(self, run: _Run, script: Script, files: list[ExportedFile]) -> dict[str, Any]:
        outline = script.story.outline
        result: dict[str, Any] = {
            "title": script.source_title,
            "new_title": script.story.bible.title,
            "episode_title": outline.episode_title,
            "logline": outline.logline,
            "setting": script.setting,
            "tone": script.tone,
            "complete": script.complete,
            "cancelled": script.incomplete_reason is not None
            and script.incomplete_reason.startswith("cancelled"),
            "incomplete_reason": script.incomplete_reason,
            "scenes_planned": script.planned,
            "scenes_written": len(script.scenes),
            "scenes": [
                {"number": s.number, "heading": s.plan.heading, "passed": s.passed}
                for s in script.scenes
            ],
            "scene_problems": [
                {"scene": s.number, "attempts": s.attempts, "problems": list(s.problems)}
                for s in script.failed_validation
            ],
            "files": [f.ref() for f in files],
            "llm_calls": run.llm.calls,
            "cache": {"hits": run.cache.hits, "misses": run.cache.misses},
            "prompt_version": PROMPT_VERSION,
        }
        if run.request.storyboard:
            result["storyboard"] = run.storyboard.summary()
        return result
