"""All scenes of an outline, written in parallel under a semaphore.

Scenes already cached are ticked off at once; the rest run as tasks, at most `concurrency` at a
time, each ticked (and its key frame submitted) the moment it finishes. A cancel or a scene whose
model call fails cancels the tasks still running; every scene finished by then is kept.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Literal, cast

from core.result import StepError, StepResult
from tools.transform.cancel import CancelWatch
from tools.transform.models import BibleAndOutline, OutlineScene, TransformRules
from tools.transform.progress import StageBoard
from tools.transform.prompting import ShowContext
from tools.transform.scenes import SceneWriter
from tools.transform.script import WrittenScene
from tools.transform.storyboard import Storyboard

__all__ = ["SceneOutcome", "SceneStage"]

_EXCERPT_CHARS = 400


@dataclass(frozen=True, slots=True)
class SceneOutcome:
    scenes: tuple[WrittenScene, ...]  # finished scenes, in outline order
    cancelled: bool = False
    error: StepError | None = None
    error_scene: int | None = None


@dataclass
class SceneStage:
    writer: SceneWriter
    board: StageBoard
    storyboard: Storyboard
    concurrency: int

    async def run(
        self,
        ctx: ShowContext,
        rules: TransformRules,
        story: BibleAndOutline,
        watch: CancelWatch,
    ) -> SceneOutcome:
        written: dict[int, WrittenScene] = {}
        todo: list[OutlineScene] = []
        for plan in story.outline.scenes:
            hit = self.writer.cached(story, plan)
            if hit is None:
                todo.append(plan)
            else:
                await self._finished(hit, written)
        if watch.cancelled and todo:
            return SceneOutcome(scenes=_ordered(written), cancelled=True)

        semaphore = asyncio.Semaphore(self.concurrency)

        async def one(plan: OutlineScene) -> StepResult[WrittenScene]:
            async with semaphore:
                await self.board.set(f"scene {plan.number}", "running")
                return await self.writer.write(ctx, rules, story, plan)

        tasks: dict[asyncio.Future[Any], OutlineScene] = {
            asyncio.create_task(one(plan), name=f"transform-scene-{plan.number}"): plan
            for plan in todo
        }
        waiter = asyncio.ensure_future(watch.event.wait())
        pending: set[asyncio.Future[Any]] = set(tasks)
        cancelled = False
        error: tuple[int, StepError] | None = None
        try:
            while pending and not cancelled and error is None:
                done, pending = await asyncio.wait(
                    pending | {waiter}, return_when=asyncio.FIRST_COMPLETED
                )
                pending.discard(waiter)
                for task in done:
                    if task is waiter:
                        continue
                    plan = tasks[task]
                    result = cast(StepResult[WrittenScene], task.result())
                    if result.ok:
                        await self._finished(result.unwrap(), written)
                    elif error is None:
                        error = (plan.number, result.unwrap_error())
                        await self.board.set(f"scene {plan.number}", "failed")
                cancelled = waiter in done
        finally:
            waiter.cancel()
            for task in pending:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        # A scene may have finished in the instant between the cancel and its task's cancellation.
        for task, plan in tasks.items():
            if plan.number in written or task.cancelled() or task.exception() is not None:
                continue
            late = cast(StepResult[WrittenScene], task.result())
            if late.ok:
                await self._finished(late.unwrap(), written)
        if error is not None:
            return SceneOutcome(
                scenes=_ordered(written), error=error[1], error_scene=error[0], cancelled=cancelled
            )
        return SceneOutcome(scenes=_ordered(written), cancelled=cancelled)

    async def _finished(self, scene: WrittenScene, written: dict[int, WrittenScene]) -> None:
        written[scene.number] = scene
        state: Literal["done", "failed"] = "done" if scene.passed else "failed"
        await self.board.set(f"scene {scene.number}", state, note=_note(scene))
        if self.storyboard.available and self.storyboard.request.storyboard:
            await self.storyboard.add(scene)


def _ordered(written: dict[int, WrittenScene]) -> tuple[WrittenScene, ...]:
    return tuple(written[n] for n in sorted(written))


def _note(scene: WrittenScene) -> str:
    """What the thread can show as each scene lands: its heading and first lines."""
    head = f"scene {scene.number} written: {scene.plan.heading}"
    if scene.cached:
        head += " (from the cache)"
    if not scene.passed:
        head += (
            f"; it still fails validation after {scene.attempts} attempt(s):"
            f" {'; '.join(scene.problems)}"
        )
    lines = []
    for e in scene.draft.elements:
        if e.kind == "dialogue":
            lines.append(f"{(e.character or '').upper()}: {e.text}")
        else:
            lines.append(e.text)
    excerpt = " / ".join(lines)
    if len(excerpt) > _EXCERPT_CHARS:
        excerpt = excerpt[: _EXCERPT_CHARS - 1].rstrip() + "…"
    return f"{head}\n{excerpt}"
