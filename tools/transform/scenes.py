"""Writes one scene: cached, or drafted by the model, validated, and rewritten with the
validator's feedback up to `max_retries` times. The engine runs many of these at once."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from core.logging import get_logger
from core.metrics import Metrics
from core.ports.llm import LLM
from core.result import StepResult
from tools.transform.models import BibleAndOutline, OutlineScene, SceneDraft, TransformRules
from tools.transform.prompting import ShowContext, revise_messages, scene_request
from tools.transform.script import WrittenScene
from tools.transform.stage_cache import CacheKey, StageCache
from tools.transform.validate import validate_scene

__all__ = ["SceneWriter"]

_log = get_logger(__name__)


@dataclass
class SceneWriter:
    llm: LLM
    cache: StageCache
    key: CacheKey
    metrics: Metrics
    max_retries: int

    def cached(self, story: BibleAndOutline, plan: OutlineScene) -> WrittenScene | None:
        draft = self.cache.get(self._key(story, plan), SceneDraft)
        if draft is None:
            return None
        return WrittenScene(plan=plan, draft=draft, attempts=0, cached=True)

    async def write(
        self,
        ctx: ShowContext,
        rules: TransformRules,
        story: BibleAndOutline,
        plan: OutlineScene,
    ) -> StepResult[WrittenScene]:
        request = scene_request(ctx, rules, story, plan)
        started = time.perf_counter()
        problems: list[str] = []
        draft: SceneDraft | None = None
        attempts = 0
        for attempt in range(self.max_retries + 1):
            if draft is not None:
                request = revise_messages(request, draft, plan.number, problems)
                self.metrics.inc("transform_scene_rewrites_total")
            attempts = attempt + 1
            result = await self.llm.complete_model(request, SceneDraft)
            if not result.ok:
                return result.cast_error()
            draft = result.unwrap()
            problems = validate_scene(draft, plan, story.bible)
            if not problems:
                break
            _log.info(
                "transform_scene_rejected", scene=plan.number, attempt=attempts, problems=problems
            )
        assert draft is not None  # the loop runs at least once
        self.metrics.observe("transform_scene_seconds", time.perf_counter() - started)
        if problems:
            # Kept, flagged in the script and the result: a weak scene is better than a hole,
            # and the user is told which scene and why.
            self.metrics.inc("transform_scene_failed_validation_total")
        else:
            self.cache.set(self._key(story, plan), draft)
        return StepResult.success(
            WrittenScene(
                plan=plan, draft=draft, attempts=attempts, cached=False, problems=tuple(problems)
            )
        )

    def _key(self, story: BibleAndOutline, plan: OutlineScene) -> str:
        # The scene's own plan and the bible are part of its key: should the outline entry be
        # evicted and written anew, scenes cached for the old outline must not be reused.
        basis = story.bible.model_dump_json() + plan.model_dump_json()
        digest = hashlib.sha256(basis.encode()).hexdigest()[:16]
        return self.key.for_stage(f"scene{plan.number}-{digest}")
