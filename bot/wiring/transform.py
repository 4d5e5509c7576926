"""Builds the TRANSFORM job runner: Claude, the show library, the stage cache and, when a job
service runs, storyboard frames submitted as image jobs."""

from __future__ import annotations

from typing import Any

from bot.wiring.caches import persistent_cache
from core.cache import CacheRegistry, PersistentCache
from core.config import Settings
from core.context import RequestContext
from core.jobs.model import JobKind, JobTicket
from core.metrics import Metrics
from core.ports.jobs import JobService
from core.ports.llm import LLM
from core.ports.shows import ShowLibrary
from core.result import ErrorCode, StepResult
from tools.transform.engine import EngineConfig, TransformEngine
from tools.transform.runner import TransformRunner
from tools.transform.storyboard import SubmitImage

__all__ = ["CACHE_NAME", "NO_KEY_REFUSAL", "build_transform_runner", "transform_cache"]

CACHE_NAME = "transform"  # `/admin cache clear transform` empties it
NO_KEY_REFUSAL = (
    "Re-imagining a show needs Claude, and this Studio has no Anthropic API key. "
    "Ask its operator to set ANTHROPIC_API_KEY and restart it."
)


class KeyedTransformRunner(TransformRunner):
    """Refuses at submit, before anything is queued, when Claude cannot be reached (no API key):
    the job could only fail later (as /imagine without a model is refused at once)."""

    def __init__(self, engine: TransformEngine, *, llm: LLM, concurrency: int) -> None:
        super().__init__(engine, concurrency=concurrency)
        self._llm = llm

    def prepare(self, kind: JobKind, params: dict[str, Any]) -> StepResult[dict[str, Any]]:
        if not self._llm.available:
            return StepResult.failure(ErrorCode.UNAVAILABLE, NO_KEY_REFUSAL, retryable=False)
        return super().prepare(kind, params)


def transform_cache(settings: Settings, caches: CacheRegistry) -> PersistentCache:
    """The registered "transform" cache, created under the data dir on first use."""
    return persistent_cache(settings, caches, CACHE_NAME)


def storyboard_submitter(jobs: JobService) -> SubmitImage:
    async def submit(prompt: str, ctx: RequestContext) -> StepResult[JobTicket]:
        params = {"prompt": prompt, "quality": "draft", "aspect": "landscape", "count": 1}
        return await jobs.submit(JobKind.IMAGE, params, ctx)

    return submit


def build_transform_runner(
    settings: Settings,
    *,
    metrics: Metrics,
    caches: CacheRegistry,
    llm: LLM,
    show_library: ShowLibrary,
    jobs: JobService | None,
) -> TransformRunner:
    engine = TransformEngine(
        llm=llm,
        library=show_library,
        config=EngineConfig(
            scripts_dir=settings.data_dir / "scripts",
            model=settings.llm.model,
            concurrency=settings.transform.concurrency,
            max_scene_retries=settings.transform.max_scene_retries,
        ),
        metrics=metrics,
        store=transform_cache(settings, caches),
        submit_image=storyboard_submitter(jobs) if jobs is not None else None,
    )
    metrics.describe("transform_runs_total", "Script-writing runs, by outcome")
    metrics.describe("transform_run_seconds", "Wall time of a script-writing run")
    metrics.describe("transform_stage_seconds", "Wall time of the rules and outline calls")
    metrics.describe("transform_scene_seconds", "Wall time to write one scene, rewrites included")
    metrics.describe("transform_scene_rewrites_total", "Scenes rewritten after review")
    metrics.describe(
        "transform_scene_failed_validation_total", "Scenes kept although still failing review"
    )
    return KeyedTransformRunner(engine, llm=llm, concurrency=settings.transform.jobs_at_once)
