"""The TRANSFORM job runner: checks the job's params, runs the engine, words the result.

The result carries the files for the thread (`files`: name, path, mime), a `summary` line and
`notes` (scenes that failed validation, a partial script, a storyboard that could not be made).
"""

from __future__ import annotations

from typing import Any

from core.jobs.model import Job, JobKind
from core.logging import bind_context
from core.ports.jobs import JobReporter
from core.result import StepResult
from tools.transform.engine import TransformEngine
from tools.transform.request import parse_request

__all__ = ["TransformRunner"]


class TransformRunner:
    def __init__(self, engine: TransformEngine, *, concurrency: int = 1) -> None:
        self._engine = engine
        # Jobs the job service may run at once: they wait on Claude, so one long script need
        # not hold up everyone else's.
        self.concurrency = concurrency

    @property
    def kinds(self) -> frozenset[JobKind]:
        return frozenset({JobKind.TRANSFORM})

    def prepare(self, kind: JobKind, params: dict[str, Any]) -> StepResult[dict[str, Any]]:
        """At submit: a bad title, setting or scene count is refused before anything is queued."""
        parsed = parse_request(params, tenant="")
        if not parsed.ok:
            return parsed.cast_error()
        req = parsed.unwrap()
        return StepResult.success(
            {
                **params,  # keys other parts add (attachment limits) are kept
                "title": req.title,
                "setting": req.setting,
                "scenes": req.scenes,
                "tone": req.tone,
                "storyboard": req.storyboard,
            }
        )

    async def run(self, job: Job, reporter: JobReporter) -> StepResult[dict[str, Any]]:
        parsed = parse_request(
            job.params,
            tenant=job.tenant,
            user_id=job.user_id,
            job_id=job.id,
            channel_id=job.channel_id,
            thread_id=job.thread_id,
            request_id=job.request_id,
        )
        if not parsed.ok:
            return parsed.cast_error()
        with bind_context(job_id=job.id, guild_id=job.tenant, user_id=job.user_id):
            result = await self._engine.run(parsed.unwrap(), reporter)
        if not result.ok:
            return result
        return result.map(_with_words)


def _with_words(result: dict[str, Any]) -> dict[str, Any]:
    """Adds the `summary` and `notes` the thread shows with the files."""
    notes: list[str] = []
    written, planned = result.get("scenes_written", 0), result.get("scenes_planned", 0)
    if not result.get("complete", False):
        notes.append(
            f"Partial script ({written} of {planned} scenes): {result.get('incomplete_reason')}."
        )
    for failed in result.get("scene_problems", []):
        notes.append(
            f"Scene {failed['scene']} still fails review after {failed['attempts']} attempt(s):"
            f" {'; '.join(failed['problems'])}"
        )
    storyboard = result.get("storyboard")
    if isinstance(storyboard, dict):
        if not storyboard.get("available"):
            notes.append(f"No storyboard: {storyboard.get('reason')}.")
        elif storyboard.get("frames"):
            ids = ", ".join(f"#{f['job_id']}" for f in storyboard["frames"])
            notes.append(f"Storyboard frames queued as image jobs {ids}.")
        for error in storyboard.get("errors", []):
            notes.append(f"Storyboard frame refused: {error}")
    if result.get("new_title"):
        summary = (
            f"**{result['new_title']}: {result.get('episode_title', '')}** ({result.get('title')}"
            f" re-imagined as {result.get('setting')})\n{result.get('logline', '')}\n"
            f"{written} of {planned} scenes written."
        )
    else:
        summary = f"Cancelled before any scene was written ({result.get('title', 'the show')})."
    return {**result, "summary": summary, "notes": notes}
