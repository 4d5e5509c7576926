"""The orchestrator: the one place that knows which tool or job serves which intent.

A slash command arrives as an intent with options; a plain message is read by the intent analyzer
first. Then: missing parameters -> `Clarification` (never a guess that spends GPU time); low
confidence -> `Confirmation` (Run / Edit / Cancel; Run comes back as a command); otherwise the
options are validated and the intent runs: a tool, a job, or a reply. Every decision is logged and
counted; a failure nobody expected is logged with an error id and returned as INTERNAL.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from pydantic import BaseModel

from core.clock import Clock
from core.config import Settings
from core.context import RequestContext
from core.conversation import ConversationStore, Turn
from core.errors import new_error_id
from core.guild_limits import GuildLimits, GuildLimitsStore, check_request
from core.intent.analyzer import IntentAnalyzer
from core.intent.schema import Intent, IntentResult, JobRefParams
from core.intent.validate import validate_params
from core.jobs.model import JobKind
from core.logging import REDACTED, bind_context, get_logger
from core.metrics import Metrics
from core.ports.jobs import JobService
from core.ports.tools import FIND_SIMILAR_TOOL, SHOW_DNA_TOOL, Tool
from core.ratelimit import RateLimiter
from core.replies import (
    Clarification,
    Confirmation,
    HelpReply,
    JobAccepted,
    JobCancelled,
    JobInfo,
    SmallTalk,
    ToolOutput,
)
from core.result import ErrorCode, StepResult
from core.stats import COMMAND_SECONDS, COMMANDS, INTENT_DECISIONS, TOOL_SECONDS
from core.usage import TenantUsage, usage_scope

__all__ = ["JOB_KINDS", "TOOL_NAMES", "Orchestrator"]

log = get_logger(__name__)

# Routing: intents served by a tool (by its name) and intents that become jobs.
TOOL_NAMES: Mapping[Intent, str] = {
    Intent.SHOW_DNA: SHOW_DNA_TOOL,
    Intent.FIND_SIMILAR: FIND_SIMILAR_TOOL,
}
JOB_KINDS: Mapping[Intent, JobKind] = {
    Intent.GENERATE_IMAGE: JobKind.IMAGE,
    Intent.GENERATE_VIDEO: JobKind.VIDEO,
    Intent.ANALYZE_SHOW: JobKind.SHOW_ANALYSIS,
    Intent.TRANSFORM_SHOW: JobKind.TRANSFORM,
}
_FEATURE: Mapping[Intent, str] = {
    Intent.GENERATE_IMAGE: "Image generation",
    Intent.GENERATE_VIDEO: "Video generation",
    Intent.ANALYZE_SHOW: "Show analysis",
    Intent.TRANSFORM_SHOW: "Re-imagining a show",
    Intent.SHOW_DNA: "Show DNA",
    Intent.FIND_SIMILAR: "Finding similar shows",
    Intent.JOB_STATUS: "Job status",
    Intent.JOB_CANCEL: "Cancelling jobs",
}
# Harmless readings run even at low confidence; the rest are confirmed first.
_NO_CONFIRM = frozenset({Intent.CHAT, Intent.HELP, Intent.JOB_STATUS})
# Readings that destroy something run from free text only after a click, however sure the reading
# (a model sets its own confidence, and a steered message can be very sure).
_ALWAYS_CONFIRM = frozenset({Intent.JOB_CANCEL})


class Orchestrator:
    """Implements `core.ports.commands.CommandHandler`."""

    def __init__(
        self,
        *,
        settings: Settings,
        metrics: Metrics,
        analyzer: IntentAnalyzer,
        conversations: ConversationStore,
        rate_limiter: RateLimiter,
        clock: Clock,
        jobs: JobService | None,
        tools: Mapping[str, Tool],
        limits: GuildLimitsStore | None = None,
        usage: TenantUsage | None = None,
    ) -> None:
        self._settings = settings
        self._metrics = metrics
        self._analyzer = analyzer
        self._conversations = conversations
        self._limiter = rate_limiter
        self._clock = clock
        self._jobs = jobs
        self._tools = dict(tools)
        self._limits = limits
        self._usage = usage
        self._secrets = _secrets_of(settings)

    # -- the port --------------------------------------------------------------------------
    async def run_command(
        self, intent: Intent, options: Mapping[str, Any], ctx: RequestContext
    ) -> StepResult[Any]:
        async def work() -> StepResult[Any]:
            given = {
                k: _clean_text(v, self._secrets) if isinstance(v, str) else v
                for k, v in options.items()
            }
            checked = validate_params(intent, given, self._settings.limits)
            if checked.error is not None:
                return checked.cast_error()
            params = checked.unwrap()
            self._remember(ctx, Turn(intent=intent, params=_plain(params), text=""))
            return await self._dispatch(intent, params, ctx, text="")

        return await self._guarded(intent.value, "slash", ctx, work)

    async def handle_message(self, text: str, ctx: RequestContext) -> StepResult[Any]:
        text = _clean_text(text, self._secrets)

        async def work() -> StepResult[Any]:
            if len(text) > self._settings.limits.max_text_chars:
                return StepResult.failure(
                    ErrorCode.INVALID_INPUT,
                    f"That message is {len(text)} characters long; the most allowed is "
                    f"{self._settings.limits.max_text_chars}. Send a shorter one.",
                )
            reading = await self._read(text, ctx)
            return await self._act(reading, text, ctx)

        return await self._guarded("message", "text", ctx, work)

    # -- reading a message -----------------------------------------------------------------
    async def _read(self, text: str, ctx: RequestContext) -> IntentResult:
        turns = self._conversations.recent(ctx.conversation_key)
        start = time.perf_counter()
        reading = await self._analyzer.analyze(text, context=turns, tenant=ctx.tenant)
        seconds = time.perf_counter() - start
        self._metrics.inc(INTENT_DECISIONS, source=reading.source, intent=reading.intent.value)
        self._metrics.observe("intent_seconds", seconds, source=reading.source)
        log.info(
            "intent_decided",
            intent=reading.intent.value,
            source=reading.source,
            confidence=reading.confidence,
            missing=reading.missing,
            latency_ms=round(seconds * 1000, 2),
        )
        return reading

    async def _act(self, reading: IntentResult, text: str, ctx: RequestContext) -> StepResult[Any]:
        intent = reading.intent
        if reading.missing:
            self._remember(
                ctx,
                Turn(
                    intent=intent, params=reading.params, missing=tuple(reading.missing), text=text
                ),
            )
            return StepResult.success(
                Clarification(
                    intent=intent, missing=tuple(reading.missing), understood=dict(reading.params)
                )
            )
        if (
            intent not in _NO_CONFIRM
            and reading.confidence < self._settings.intent.confidence_threshold
        ):
            # Asked, not run, yet the thread is about it now (core/intent/replay.py reads so).
            self._remember(ctx, Turn(intent=intent, params=reading.params, text=text))
            return StepResult.success(Confirmation(reading=reading))
        checked = validate_params(intent, reading.params, self._settings.limits)
        if checked.error is not None:
            return checked.cast_error()
        params = checked.unwrap()
        if intent is not Intent.CHAT:
            # A job action waiting for its click too: the member's words, not the pinned job,
            # so "what about 13?" reads on from it.
            self._remember(ctx, Turn(intent=intent, params=_plain(params), text=text))
        if intent in _ALWAYS_CONFIRM:
            assert isinstance(params, JobRefParams)
            return await self._ask_before_job_action(reading, params, ctx)
        return await self._dispatch(intent, params, ctx, text=text)

    async def _ask_before_job_action(
        self, reading: IntentResult, params: JobRefParams, ctx: RequestContext
    ) -> StepResult[Any]:
        """A job action read from free text: the job is looked up and pinned now (the click acts
        on this job, not on whatever is latest by then); one the writer may not touch is refused
        at once, anything else waits for their click (an admin's own click for another's job)."""
        jobs = self._jobs
        if jobs is None:
            return _unavailable(reading.intent, "there is no job service in this setup")
        found = await (
            jobs.get(params.job_id, ctx) if params.job_id is not None else jobs.latest(ctx)
        )
        if found.error is not None:
            return found.cast_error()
        job = found.unwrap()
        if job.user_id != ctx.user_id and not ctx.is_admin:
            return StepResult.failure(
                ErrorCode.FORBIDDEN,
                f"Only the person who started job #{job.id} or a server admin can cancel it.",
            )
        if job.status.terminal:
            return StepResult.success(JobInfo(job=job))
        pinned = reading.model_copy(update={"params": {**reading.params, "job_id": job.id}})
        return StepResult.success(Confirmation(reading=pinned))

    # -- routing ---------------------------------------------------------------------------
    async def _dispatch(
        self, intent: Intent, params: BaseModel, ctx: RequestContext, *, text: str
    ) -> StepResult[Any]:
        if intent is Intent.CHAT:
            return StepResult.success(SmallTalk(text=text))
        if intent is Intent.HELP:
            return StepResult.success(HelpReply(topic=getattr(params, "topic", None)))
        if intent in TOOL_NAMES:
            return await self._run_tool(intent, params, ctx)
        jobs = self._jobs
        if jobs is None:
            return _unavailable(intent, "there is no job service in this setup")
        if intent in JOB_KINDS:
            limits = await self._limits.get(ctx.tenant) if self._limits is not None else None
            allowed = _server_allows(limits, intent, _plain(params), ctx)
            if allowed.error is not None:
                return allowed.cast_error()
            submitted = await jobs.submit(
                JOB_KINDS[intent],
                allowed.unwrap(),
                ctx,
                member_cap=limits.jobs_per_user if limits is not None else None,
            )
            if submitted.error is not None:
                return submitted.cast_error()
            ticket = submitted.unwrap()
            log.info("job_submitted", job_id=ticket.job.id, kind=ticket.job.kind.value)
            return StepResult.success(JobAccepted(ticket=ticket))
        assert isinstance(params, JobRefParams)
        found = await (
            jobs.get(params.job_id, ctx) if params.job_id is not None else jobs.latest(ctx)
        )
        if found.error is not None:
            return found.cast_error()
        job = found.unwrap()
        if intent is Intent.JOB_CANCEL:
            cancelled = await jobs.cancel(job.id, ctx)
            if cancelled.error is not None:
                return cancelled.cast_error()
            return StepResult.success(JobCancelled(job=cancelled.unwrap()))
        if job.status.terminal:
            return StepResult.success(JobInfo(job=job))
        place = await jobs.ticket(job.id)
        return StepResult.success(
            JobInfo(
                job=place.job if place else job,
                position=place.position if place else None,
                eta_s=place.eta_s if place else None,
            )
        )

    async def _run_tool(
        self, intent: Intent, params: BaseModel, ctx: RequestContext
    ) -> StepResult[Any]:
        tool = self._tools.get(TOOL_NAMES[intent])
        if tool is None:
            return _unavailable(intent, "its tool is not installed in this setup")
        start = time.perf_counter()
        result = await tool.run(params, ctx)
        self._metrics.observe(TOOL_SECONDS, time.perf_counter() - start, tool=tool.name)
        if result.error is not None:
            return result
        value = result.value
        if not isinstance(value, ToolOutput):  # tools may say what kind of output they made
            value = ToolOutput(kind=intent.value, data=value)
        return StepResult.success(value, meta=result.meta)

    # -- boundaries ------------------------------------------------------------------------
    async def _guarded(
        self,
        command: str,
        via: str,
        ctx: RequestContext,
        work: Callable[[], Awaitable[StepResult[Any]]],
    ) -> StepResult[Any]:
        start = time.perf_counter()
        if self._usage is not None:
            self._usage.add_command(ctx.tenant)
        with (
            bind_context(command=command, guild_id=ctx.tenant, user_id=ctx.user_id),
            usage_scope(self._usage, ctx.tenant),
        ):
            per_minute = await self._commands_per_minute(ctx.tenant)
            wait = self._limiter.check(f"{ctx.tenant}:{ctx.user_id}", limit=per_minute)
            if wait is not None:
                result: StepResult[Any] = _rate_limited(wait, per_minute)
            else:
                try:
                    result = await work()
                except Exception:  # the outer boundary: log with an id, apologise with it
                    error_id = new_error_id()
                    log.exception("command_failed", error_id=error_id)
                    result = StepResult.failure(
                        ErrorCode.INTERNAL,
                        f"Something went wrong on our side (error id {error_id}).",
                        error_id=error_id,
                    )
            outcome = _outcome(result)
            seconds = time.perf_counter() - start
            self._metrics.inc(COMMANDS, command=command, via=via, outcome=outcome)
            self._metrics.observe(COMMAND_SECONDS, seconds, command=command)
            log.info("command_done", via=via, outcome=outcome, ms=round(seconds * 1000, 2))
            return result

    async def _commands_per_minute(self, tenant: str) -> int:
        default = self._settings.limits.commands_per_minute
        if self._limits is None:
            return default
        own = (await self._limits.get(tenant)).commands_per_minute
        # A server can only tighten the bot-wide limit.
        return min(default, own) if own is not None else default

    def _remember(self, ctx: RequestContext, turn: Turn) -> None:
        self._conversations.record(ctx.conversation_key, turn)


def _server_allows(
    limits: GuildLimits | None, intent: Intent, params: dict[str, Any], ctx: RequestContext
) -> StepResult[dict[str, Any]]:
    """The server's own caps (`/admin limits`): refuse before anything is queued. Its jobs per
    member cap is checked by the job store, atomically with the insert."""
    if limits is None:
        return StepResult.success(params)
    return check_request(limits, intent, params, nsfw_channel=ctx.nsfw_channel)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _secrets_of(settings: Settings) -> tuple[str, ...]:
    values = (settings.discord.token, settings.llm.api_key, settings.qdrant.api_key)
    return tuple(
        secret.get_secret_value()
        for secret in values
        if secret is not None and len(secret.get_secret_value()) >= 6
    )


def _clean_text(text: str, secrets: tuple[str, ...]) -> str:
    """User text as the rest of the bot can safely hold it. Lone UTF-16 surrogates (JSON from a
    client may carry them; SQLite, the tokenizer and Discord refuse them) become U+FFFD, and the
    bot's own secrets, pasted by someone, are masked before anything stores, logs or echoes them."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


def _plain(params: BaseModel) -> dict[str, Any]:
    return params.model_dump(mode="json", exclude_none=True)


def _unavailable(intent: Intent, why: str) -> StepResult[Any]:
    return StepResult.failure(
        ErrorCode.UNAVAILABLE,
        f"{_FEATURE.get(intent, intent.value)} is not available yet: {why}.",
        retryable=False,
    )


def _rate_limited(wait_s: float, per_minute: int) -> StepResult[Any]:
    seconds = max(1, round(wait_s + 0.499))
    return StepResult.failure(
        ErrorCode.RATE_LIMITED,
        f"You are sending commands too fast (the limit is {per_minute} a minute). "
        f"Try again in {seconds} s.",
        retry_after_s=float(seconds),
    )


def _outcome(result: StepResult[Any]) -> str:
    if result.error is not None:
        return result.error.code.value
    value = result.value
    if isinstance(value, Clarification):
        return "clarify"
    if isinstance(value, Confirmation):
        return "confirm"
    return "ok"
