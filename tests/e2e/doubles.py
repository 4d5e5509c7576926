"""Realistic stand-ins for the orchestrator and the job service, behind the same ports.

`OrchestratorDouble` validates options with core's own parameter models and limits (a 5000-char
prompt or count 9 is an INVALID_INPUT naming the option), enforces commands per minute, and
answers each intent with the reply type the real one returns. `JobServiceDouble` keeps jobs in
memory but behaves like the real queue toward a frontend: caps, request-id dedup, owner/admin
cancel, and progress published over time through the sink (queued, loading, denoising steps with
previews, decoding, then a final state with a real PNG result file).
"""

from __future__ import annotations

import asyncio
import io
import itertools
import time
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image
from pydantic import ValidationError

from core.cache import MemoryCache
from core.config import Settings
from core.context import RequestContext
from core.intent.schema import PARAMS_BY_INTENT, Intent, IntentResult
from core.jobs.model import Job, JobKind, JobTicket
from core.metrics import Metrics
from core.ports.progress import JobState, ProgressSink, ProgressUpdate
from core.replies import (
    Confirmation,
    HelpReply,
    JobAccepted,
    JobCancelled,
    JobInfo,
    SmallTalk,
    ToolOutput,
)
from core.result import ErrorCode, StepError, StepResult

_JOB_KIND = {
    Intent.GENERATE_IMAGE: JobKind.IMAGE,
    Intent.GENERATE_VIDEO: JobKind.VIDEO,
    Intent.ANALYZE_SHOW: JobKind.SHOW_ANALYSIS,
    Intent.TRANSFORM_SHOW: JobKind.TRANSFORM,
}

DNA = {
    "friends": {
        "title": "Friends",
        "logline": "Six friends in Manhattan lean on each other through work, love and rent.",
        "themes": ["found family", "adulthood", "friendship"],
        "tones": ["warm", "comic"],
        "archetypes": ["the caretaker", "the joker", "the romantic"],
        "method": "heuristic",
    }
}


def png(size: int, color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), color).save(out, format="PNG")
    return out.getvalue()


def _invalid(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False):
        name = ".".join(str(p) for p in err["loc"]) or "options"
        given = err.get("input")
        shown = f" (you gave {given!r})" if isinstance(given, int | float) else ""
        parts.append(f"`{name}`: {err['msg'].lower()}{shown}")
    return "Please fix " + "; ".join(parts) + "."


class OrchestratorDouble:
    def __init__(
        self, settings: Settings, jobs: JobServiceDouble, *, metrics: Metrics | None = None
    ) -> None:
        self.settings = settings
        self.jobs = jobs
        # When set, commands are recorded under the real orchestrator's series names.
        self.metrics = metrics
        # When set, /show dna answers from this cache first (a cache a request really uses).
        self.dna_cache: MemoryCache[str, dict[str, Any]] | None = None
        self.calls: list[tuple[str, dict[str, Any], RequestContext]] = []
        self.delay_s = 0.0  # how long each command takes (a slow analyzer or a busy store)
        self.crash = False  # raise instead of answering (a bug in core)
        self._recent: dict[str, deque[float]] = defaultdict(deque)

    async def run_command(
        self, intent: Intent, options: Mapping[str, Any], ctx: RequestContext
    ) -> StepResult[Any]:
        started = time.perf_counter()
        result = await self._run_command(intent, options, ctx)
        if self.metrics is not None:
            outcome = "ok" if result.error is None else result.error.code.value
            self.metrics.inc("commands_total", command=intent.value, via="slash", outcome=outcome)
            self.metrics.observe(
                "command_seconds", time.perf_counter() - started, command=intent.value
            )
        return result

    async def _run_command(
        self, intent: Intent, options: Mapping[str, Any], ctx: RequestContext
    ) -> StepResult[Any]:
        self.calls.append((intent.value, dict(options), ctx))
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.crash:
            raise RuntimeError("secret internals: the store's cursor is closed")
        limited = self._rate_limit(ctx)
        if limited is not None:
            return limited
        try:
            params = PARAMS_BY_INTENT[intent].model_validate(dict(options))
        except ValidationError as exc:
            return StepResult.failure(ErrorCode.INVALID_INPUT, _invalid(exc))
        values = params.model_dump(exclude_none=True)
        prompt = values.get("prompt", "")
        if len(prompt) > self.settings.limits.max_prompt_chars:
            return StepResult.failure(
                ErrorCode.INVALID_INPUT,
                f"The prompt is {len(prompt)} characters; the limit is "
                f"{self.settings.limits.max_prompt_chars}. Shorten it and try again.",
            )
        return await self._run(intent, values, ctx)

    async def handle_message(self, text: str, ctx: RequestContext) -> StepResult[Any]:
        self.calls.append(("message", {"text": text}, ctx))
        lowered = text.lower()
        if lowered.startswith(("draw ", "make ", "paint ")):
            return await self._run(Intent.GENERATE_IMAGE, {"prompt": text.split(" ", 1)[1]}, ctx)
        if lowered.startswith("maybe "):
            reading = IntentResult(
                intent=Intent.GENERATE_IMAGE,
                confidence=0.41,
                source="embedding",
                params={"prompt": text[6:]},
            )
            return StepResult.success(Confirmation(reading))
        if lowered.startswith("tell me everything"):
            paragraph = "This is a long answer sentence that keeps going. " * 12
            # A plain string is rendered as it is (SmallTalk is the member's words, never echoed).
            return StepResult.success("\n\n".join([paragraph.strip()] * 9))
        if lowered.startswith("crash"):
            return StepResult.failure(
                ErrorCode.INTERNAL, "the analyzer raised KeyError", error_id="feedc0de"
            )
        return StepResult.success(f"You said: {text}")

    def _rate_limit(self, ctx: RequestContext) -> StepResult[Any] | None:
        now = time.monotonic()
        recent = self._recent[ctx.user_id]
        while recent and now - recent[0] > 60:
            recent.popleft()
        if len(recent) >= self.settings.limits.commands_per_minute:
            wait = 60 - (now - recent[0])
            return StepResult.failure(
                ErrorCode.RATE_LIMITED,
                f"You can run {self.settings.limits.commands_per_minute} commands a minute.",
                retry_after_s=wait,
            )
        recent.append(now)
        return None

    async def _run(
        self, intent: Intent, values: dict[str, Any], ctx: RequestContext
    ) -> StepResult[Any]:
        if intent in _JOB_KIND:
            submitted = await self.jobs.submit(_JOB_KIND[intent], values, ctx)
            return submitted.map(JobAccepted) if submitted.ok else submitted.cast_error()
        if intent is Intent.SHOW_DNA:
            key = values["title"].lower()
            cached = self.dna_cache.get(key) if self.dna_cache is not None else None
            if cached is not None:
                return StepResult.success(ToolOutput("show_dna", cached))
            dna = DNA.get(key)
            if dna is not None and self.dna_cache is not None:
                self.dna_cache.set(key, dna)
            if dna is None:
                return StepResult.failure(
                    ErrorCode.NOT_FOUND,
                    f"I don't know “{values['title']}” yet. Add it with /show add.",
                )
            return StepResult.success(ToolOutput("show_dna", dna))
        if intent is Intent.FIND_SIMILAR:
            matches = [
                {"title": "How I Met Your Mother", "score": 0.83, "why": "friends in a city bar"},
                {"title": "New Girl", "score": 0.79, "why": "a loft of misfit roommates"},
            ]
            return StepResult.success(
                ToolOutput("similar_shows", {"query": values.get("title"), "matches": matches})
            )
        if intent in (Intent.JOB_STATUS, Intent.JOB_CANCEL):
            job_id = values.get("job_id")
            found = await (self.jobs.get(job_id, ctx) if job_id else self.jobs.latest(ctx))
            if found.error is not None:
                return found.cast_error()
            if intent is Intent.JOB_CANCEL:
                cancelled = await self.jobs.cancel(found.unwrap().id, ctx)
                return cancelled.map(JobCancelled) if cancelled.ok else cancelled.cast_error()
            ticket = await self.jobs.ticket(found.unwrap().id)
            position = ticket.position if ticket else None
            return StepResult.success(
                JobInfo(found.unwrap(), position, ticket.eta_s if ticket else None)
            )
        if intent is Intent.HELP:
            return StepResult.success(HelpReply(values.get("topic")))
        return StepResult.success(SmallTalk("🙂"))


@dataclass
class JobScript:
    """How the double's jobs run."""

    steps: int = 12
    step_s: float = 0.2
    preview_every: int = 4
    fail: bool = False
    result_size: int = 256


@dataclass
class _Running:
    job: Job
    cancelled: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None


class JobServiceDouble:
    def __init__(
        self,
        settings: Settings,
        *,
        results_dir: Path,
        script: JobScript | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.settings = settings
        # When set, outcomes and the queue are recorded under the real job service's names.
        self.metrics = metrics
        self.results_dir = results_dir
        self.script = script or JobScript()
        self.sink: ProgressSink | None = None
        self.jobs: dict[int, Job] = {}
        self.submitted: list[Job] = []
        self.attached: list[tuple[int, str | None, str | None, str | None]] = []
        self._ids = itertools.count(1)
        self._by_request: dict[str, int] = {}
        self._running: dict[int, _Running] = {}

    # -- the port -------------------------------------------------------------------------------
    async def submit(
        self,
        kind: JobKind,
        params: dict[str, Any],
        ctx: RequestContext,
        *,
        parent_id: int | None = None,
        priority: Any = None,
        member_cap: int | None = None,
    ) -> StepResult[JobTicket]:
        if ctx.request_id and ctx.request_id in self._by_request:
            ticket = await self.ticket(self._by_request[ctx.request_id])
            assert ticket is not None
            return StepResult.success(ticket)
        mine = [j for j in self._active(ctx.tenant) if j.user_id == ctx.user_id]
        if member_cap is not None and len(mine) >= member_cap:
            return StepResult.failure(
                ErrorCode.RATE_LIMITED,
                f"This server allows {member_cap} queued or running job(s) per member and you "
                "have that many. Wait for one to finish or cancel one with /job cancel.",
            )
        if len(mine) >= self.settings.jobs.max_queued_per_user:
            return StepResult.failure(
                ErrorCode.RATE_LIMITED,
                f"You already have {len(mine)} jobs queued or running (the limit is "
                f"{self.settings.jobs.max_queued_per_user}). Wait for one to finish or cancel one.",
            )
        job = Job(
            id=next(self._ids),
            kind=kind,
            params=dict(params),
            tenant=ctx.tenant,
            user_id=ctx.user_id,
            request_id=ctx.request_id,
            parent_id=parent_id,
            created_at=time.time(),
        )
        self.jobs[job.id] = job
        self._observe(job.status, job)
        self.submitted.append(job)
        if ctx.request_id:
            self._by_request[ctx.request_id] = job.id
        running = _Running(job)
        self._running[job.id] = running
        running.task = asyncio.create_task(self._work(running))
        ticket = await self.ticket(job.id)
        assert ticket is not None
        return StepResult.success(ticket)

    async def get(self, job_id: int, ctx: RequestContext) -> StepResult[Job]:
        job = self.jobs.get(job_id)
        if job is None or job.tenant != ctx.tenant:
            return StepResult.failure(ErrorCode.NOT_FOUND, f"There is no job #{job_id} here.")
        return StepResult.success(job)

    async def latest(self, ctx: RequestContext) -> StepResult[Job]:
        mine = [
            j for j in self.jobs.values() if j.tenant == ctx.tenant and j.user_id == ctx.user_id
        ]
        if not mine:
            return StepResult.failure(ErrorCode.NOT_FOUND, "You have no jobs yet.")
        return StepResult.success(mine[-1])

    async def cancel(self, job_id: int, ctx: RequestContext) -> StepResult[Job]:
        found = await self.get(job_id, ctx)
        if found.error is not None:
            return found
        job = found.unwrap()
        if job.user_id != ctx.user_id and not ctx.is_admin:
            return StepResult.failure(
                ErrorCode.FORBIDDEN,
                "Only the person who started a job (or an admin) can cancel it.",
            )
        if job.status.terminal:
            return StepResult.failure(
                ErrorCode.INVALID_INPUT, f"Job #{job.id} has already finished."
            )
        self._running[job.id].cancelled.set()
        job = self._set(job.id, status=JobState.CANCELLED, finished_at=time.time())
        return StepResult.success(job)

    async def active(self, tenant: str) -> list[Job]:
        return self._active(tenant)

    async def ticket(self, job_id: int) -> JobTicket | None:
        job = self.jobs.get(job_id)
        if job is None:
            return None
        if job.status is JobState.RUNNING:
            return JobTicket(job, 0, self._eta(job))
        queue = [j for j in self._active(job.tenant) if j.status is JobState.QUEUED]
        position = queue.index(job) + 1 if job in queue else 0
        return JobTicket(job, position, self._eta(job))

    async def attach_message(
        self, job_id: int, *, channel_id: str | None, thread_id: str | None, message_id: str | None
    ) -> None:
        self.attached.append((job_id, channel_id, thread_id, message_id))
        job = self.jobs[job_id]
        self.jobs[job_id] = job.evolve(
            channel_id=channel_id, thread_id=thread_id, message_id=message_id
        )

    # -- running --------------------------------------------------------------------------------
    def _active(self, tenant: str) -> list[Job]:
        return [j for j in self.jobs.values() if j.tenant == tenant and not j.status.terminal]

    def _eta(self, job: Job) -> float:
        return (self.script.steps * self.script.step_s) * (1.0 - job.progress) + 0.5

    async def _publish(self, job: Job, state: JobState, **fields: Any) -> None:
        if self.sink is None:
            return
        update = ProgressUpdate(
            job_id=job.id,
            kind=job.kind.value,
            state=state,
            summary=str(job.params.get("prompt") or job.params.get("title") or ""),
            tenant=job.tenant,
            user_id=job.user_id,
            channel_id=job.channel_id,
            thread_id=job.thread_id,
            message_id=job.message_id,
            **fields,
        )
        await self.sink.publish(update)

    def _set(self, job_id: int, **changes: Any) -> Job:
        before = self.jobs[job_id].status
        job = self.jobs[job_id] = self.jobs[job_id].evolve(**changes)
        self._observe(before, job)
        return job

    def _observe(self, before: JobState, job: Job) -> None:
        if self.metrics is None:
            return
        if job.status.terminal and not before.terminal:
            self.metrics.inc("jobs_total", kind=job.kind, outcome=job.status.value)
        queued = [j.created_at for j in self.jobs.values() if j.status is JobState.QUEUED]
        self.metrics.set_gauge("queue_depth", len(queued))
        wait = time.time() - min(queued) if queued else 0.0
        self.metrics.set_gauge("queue_oldest_wait_s", wait)

    async def _work(self, running: _Running) -> None:
        script = self.script
        job = running.job
        await self._publish(
            job, JobState.QUEUED, stage="queued", queue_position=1, eta_s=self._eta(job)
        )
        await asyncio.sleep(script.step_s)
        job = self._set(
            job.id, status=JobState.RUNNING, started_at=time.time(), stage="loading model"
        )
        await self._publish(job, JobState.RUNNING, stage="loading model", eta_s=self._eta(job))
        for step in range(1, script.steps + 1):
            if running.cancelled.is_set():
                await self._publish(self.jobs[job.id], JobState.CANCELLED, stage="cancelled")
                return
            await asyncio.sleep(script.step_s)
            job = self._set(job.id, progress=step / script.steps, stage="denoising")
            preview = (
                png(32, (step * 20 % 256, 80, 160)) if step % script.preview_every == 0 else None
            )
            await self._publish(
                job,
                JobState.RUNNING,
                stage="denoising",
                step=step,
                total=script.steps,
                eta_s=self._eta(job),
                preview_png=preview,
            )
        if running.cancelled.is_set():
            await self._publish(self.jobs[job.id], JobState.CANCELLED, stage="cancelled")
            return
        await self._publish(
            job, JobState.RUNNING, stage="decoding", step=script.steps, total=script.steps
        )
        if script.fail:
            error = StepError(
                ErrorCode.UNAVAILABLE, "The GPU worker stopped; no model is configured."
            )
            job = self._set(
                job.id, status=JobState.FAILED, finished_at=time.time(), error_message=error.message
            )
            await self._publish(job, JobState.FAILED, error=error)
            return
        path = self.results_dir / f"job_{job.id}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png(script.result_size, (200, 120, 40)))
        result = {
            "files": [str(path)],
            "seed": job.params.get("seed", 1234),
            "quality": job.params.get("quality", "draft"),
        }
        job = self._set(
            job.id, status=JobState.SUCCEEDED, finished_at=time.time(), progress=1.0, result=result
        )
        await self._publish(job, JobState.SUCCEEDED, stage="done", result=result)

    async def aclose(self) -> None:
        for running in self._running.values():
            if running.task is not None and not running.task.done():
                running.task.cancel()
