"""Optional storyboard: one draft key frame per scene, submitted as an image job to the worker.

Frames are real image jobs in the same thread (the worker posts them with their results); with no
job service there is no storyboard, and the result says so: frames are never faked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from core.context import RequestContext
from core.jobs.model import JobTicket
from core.logging import get_logger
from core.result import StepResult
from tools.transform.request import TransformRequest
from tools.transform.script import WrittenScene

__all__ = ["FRAME_STYLE", "Storyboard", "SubmitImage"]

# (prompt, context) -> the image job's ticket. Wiring binds it to JobService.submit(IMAGE, ...).
SubmitImage = Callable[[str, RequestContext], Awaitable[StepResult[JobTicket]]]
FRAME_STYLE = "storyboard sketch, cinematic framing, rough pencil and wash"
_MAX_PROMPT_CHARS = 900
_log = get_logger(__name__)


@dataclass
class Storyboard:
    submit: SubmitImage | None
    request: TransformRequest
    world: str
    frames: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return self.submit is not None

    async def add(self, scene: WrittenScene) -> None:
        """Submit the scene's key frame; a refused submit is recorded, not raised."""
        if self.submit is None:
            return
        prompt = f"{scene.plan.heading}. {scene.draft.key_frame} World: {self.world}. {FRAME_STYLE}"
        result = await self.submit(prompt[:_MAX_PROMPT_CHARS], self._context(scene.number))
        if not result.ok:
            error = result.unwrap_error()
            self.errors.append(f"scene {scene.number}: {error.message}")
            _log.info("transform_frame_refused", scene=scene.number, code=str(error.code))
            return
        ticket = result.unwrap()
        self.frames.append(
            {"scene": scene.number, "heading": scene.plan.heading, "job_id": ticket.job.id}
        )

    def summary(self) -> dict[str, Any]:
        if self.submit is None:
            return {
                "available": False,
                "reason": "storyboard frames need the image worker, which is not running here",
                "frames": [],
            }
        return {
            "available": True,
            "frames": sorted(self.frames, key=lambda f: int(f["scene"])),
            "errors": list(self.errors),
        }

    def _context(self, scene: int) -> RequestContext:
        req = self.request
        # A request id per frame: a retried transform job does not queue the same frame twice.
        base = req.request_id or (f"transform-{req.job_id}" if req.job_id is not None else None)
        return RequestContext(
            tenant=req.tenant,
            user_id=req.user_id,
            channel_id=req.channel_id,
            thread_id=req.thread_id,
            request_id=f"{base}:frame:{scene}" if base else None,
        )
