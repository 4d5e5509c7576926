"""What /admin commands show: stats, caches, active jobs, per-server limits.

The stats embed renders `core.stats.AdminStats` (every number is computed there, from the metrics
registry); a value no part has recorded is shown as "—", never as 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import discord

from bot import custom_ids
from bot.custom_ids import Action
from bot.render.carry_over import add_carry_over
from bot.render.charts import CHART_FILENAME
from bot.render.limits import (
    COLOR_DONE,
    COLOR_INFO,
    COLOR_WORKING,
    fit_reply,
    human_bytes,
    truncate,
)
from bot.render.model import ButtonSpec, FileSpec, OutMessage, Reply
from bot.render.progress import job_title, progress_bar
from core.cache import CacheStats, ClearReport
from core.carry_over import ServerCarryOver
from core.config import Settings
from core.guild_limits import LIMIT_KEYS, GuildLimits
from core.jobs.model import Job
from core.ports.feedback import VoteTally
from core.stats import API_ERROR_CODES, AdminStats, Latency
from core.usage import ServerUsage

__all__ = [
    "MISSING",
    "cache_clear_confirm",
    "cache_cleared",
    "cache_kept",
    "cache_stats",
    "jobs_list",
    "limit_usage",
    "limits_view",
    "number",
    "stats_embed",
    "stats_reply",
    "unknown_cache",
]

MAX_JOB_BUTTONS = 25  # 5 rows of 5 buttons
MAX_LATENCY_LINES = 6
MISSING = "—"
_FIELD = 1024


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s"


def _ms(seconds: float) -> str:
    ms = seconds * 1000
    return f"{ms:.1f} ms" if ms < 10 else f"{ms:.0f} ms"


def number(value: float | None) -> str:
    """A count as admins read it: 1,234 (or 0.25 for fractions); "—" when not recorded."""
    if value is None:
        return MISSING
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _percent(value: float | None) -> str:
    return MISSING if value is None else f"{value:.0%}"


def _pairs(values: Mapping[str, float] | None, unit: str = "") -> str:
    if values is None:
        return MISSING
    text = " · ".join(f"{k or 'unlabelled'}: {number(v)}{unit}" for k, v in values.items())
    return truncate(text, _FIELD)


def _latency_lines(rows: Sequence[Latency]) -> str:
    if not rows:
        return MISSING
    lines = [
        f"`{row.name}` p50 {_ms(row.p50_s)} · p95 {_ms(row.p95_s)} (n={row.count:,})"
        for row in rows[:MAX_LATENCY_LINES]
    ]
    if len(rows) > MAX_LATENCY_LINES:
        lines.append(f"… and {len(rows) - MAX_LATENCY_LINES} more")
    return truncate("\n".join(lines), _FIELD)


def _bytes(value: float | None) -> str:
    return MISSING if value is None else human_bytes(int(value))


def stats_embed(stats: AdminStats) -> discord.Embed:
    embed = discord.Embed(title="📊 Studio stats", color=COLOR_INFO)
    embed.add_field(name="Uptime", value=_duration(stats.uptime_s))
    embed.add_field(
        name="Commands",
        value=f"**{number(stats.commands_last_hour)}** in the last hour\n"
        f"{number(stats.commands_total)} since start",
    )
    embed.add_field(
        name="Jobs",
        value=f"**{number(stats.jobs_last_hour)}** finished in the last hour\n"
        f"succeeded {number(stats.jobs_succeeded)} · failed {number(stats.jobs_failed)}"
        f" · cancelled {number(stats.jobs_cancelled)}",
    )
    wait = stats.queue_oldest_wait_s
    embed.add_field(
        name="Queue",
        value=f"depth {number(stats.queue_depth)}\n"
        f"oldest wait {MISSING if wait is None else _duration(wait)}",
    )
    worker = stats.worker
    models = worker.models_loaded
    embed.add_field(
        name="Workers",
        value=f"busy {number(worker.busy)} of {number(worker.slots)}\n"
        f"models loaded: {MISSING if models is None else ', '.join(models) or 'none'}\n"
        f"GPU memory: {_bytes(worker.gpu_used_bytes)} of {_bytes(worker.gpu_total_bytes)}",
    )
    eta = stats.eta_error
    embed.add_field(
        name="ETA error (median)",
        value=MISSING
        if eta is None
        else " · ".join(f"{phase}: {ratio:.0%}" for phase, ratio in eta.items()),
    )
    embed.add_field(
        name="Latency per command", value=_latency_lines(stats.command_latency), inline=False
    )
    embed.add_field(name="Latency per tool", value=_latency_lines(stats.tool_latency), inline=False)
    embed.add_field(name="Intent decisions by stage", value=_pairs(stats.intent_decisions))
    llm = stats.llm
    embed.add_field(
        name="LLM",
        value=f"calls {number(llm.calls)} ({number(llm.cached_calls)} cached)\n"
        f"tokens {number(llm.input_tokens)} in / {number(llm.output_tokens)} out\n"
        f"cost {MISSING if llm.cost_usd is None else f'${llm.cost_usd:,.4f}'}"
        f" · cache hit rate {_percent(llm.cache_hit_rate)}",
    )
    errors = stats.discord_api_errors
    embed.add_field(
        name="Discord API errors",
        value=MISSING
        if errors is None
        else " · ".join(f"{code}: {number(errors.get(code))}" for code in API_ERROR_CODES)
        + f" · other: {number(stats.discord_api_errors_other)}",
    )
    embed.add_field(name="Vector store points", value=_pairs(stats.vector_points), inline=False)
    if stats.missing:
        embed.set_footer(
            text=truncate(f"{MISSING} = not recorded yet: " + ", ".join(stats.missing), 2048)
        )
    embed.set_image(url=f"attachment://{CHART_FILENAME}")
    return embed


def stats_reply(stats: AdminStats, chart_png: bytes, votes: VoteTally | None = None) -> Reply:
    """The embed with its chart, in one ephemeral message; with the votes of every server on
    similar-show answers when the bot keeps votes."""
    embed = stats_embed(stats)
    if votes is not None:
        embed.add_field(
            name="Votes on similar shows",
            value=f"**{votes.total:,}** standing in {votes.servers:,} "
            f"server{'' if votes.servers == 1 else 's'} · 👍 {votes.up:,} · 👎 {votes.down:,}"
            + _refused(votes),
            inline=False,
        )
    message = OutMessage(embeds=[embed], files=[FileSpec(CHART_FILENAME, data=chart_png)])
    # fit_reply trims the embed to Discord's 6000 characters however many series there are.
    return fit_reply(Reply([message], ephemeral=True))


def _refused(votes: VoteTally) -> str:
    """Votes refused since the bot started, when there were any: a member (or a script) voting
    faster than the limit, or pressing buttons of answers too old or never given."""
    if not votes.too_fast and not votes.invalid:
        return ""
    return f"\nrefused since start: {votes.too_fast:,} too fast · {votes.invalid:,} invalid"


def cache_stats(stats: Sequence[CacheStats]) -> Reply:
    embed = discord.Embed(title="🗄️ Caches", color=COLOR_INFO)
    if not stats:
        embed.description = "No caches are registered."
    for s in stats[:25]:
        bound = (
            f" / {s.max_entries}"
            if s.max_entries
            else f" / {human_bytes(s.max_bytes)}"
            if s.max_bytes
            else ""
        )
        embed.add_field(
            name=s.name,
            value=(
                f"{s.entries} entries, {human_bytes(s.size_bytes)}{bound}\n"
                f"hit rate {_percent(s.hit_rate if s.hits + s.misses else None)}"
                f" ({s.hits} hits, {s.misses} misses), "
                f"{s.evictions} evictions"
            ),
            inline=False,
        )
    return Reply.embed(embed, ephemeral=True)


def cache_clear_confirm(name: str | None, known: Sequence[str]) -> Reply:
    what = f"the **{name}** cache" if name else f"**all {len(known)} caches**"
    target = name or "*"
    message = OutMessage(
        content=f"Clear {what}? Cached answers will be computed again when next needed.",
        buttons=[
            ButtonSpec("Clear", custom_ids.make(Action.CACHE_CLEAR, target), "danger"),
            ButtonSpec("Keep", custom_ids.make(Action.CACHE_KEEP, target), "secondary"),
        ],
    )
    return Reply([message], ephemeral=True)


def unknown_cache(name: str, known: Sequence[str]) -> Reply:
    names = ", ".join(f"`{n}`" for n in known) or "none"
    return Reply.text(f"⚠️ There is no cache named `{name}`. Caches: {names}.", ephemeral=True)


def cache_cleared(reports: Sequence[ClearReport]) -> str:
    entries = sum(r.entries for r in reports)
    size = sum(r.size_bytes for r in reports)
    names = ", ".join(r.name for r in reports) or "nothing"
    return f"🧹 Cleared {names}: {entries} entries, {human_bytes(size)}."


def cache_kept() -> str:
    return "Nothing was cleared."


def jobs_list(jobs: Sequence[Job], *, now: float) -> Reply:
    """Queued and running jobs in queue order (position 1 runs first), with owner and age."""
    embed = discord.Embed(title="⚙️ Active jobs", color=COLOR_WORKING if jobs else COLOR_DONE)
    if not jobs:
        embed.description = "No jobs are queued or running."
        return Reply.embed(embed, ephemeral=True)
    lines = []
    for position, job in enumerate(jobs, start=1):
        prompt = job.params.get("prompt") or job.params.get("title") or ""
        age = _duration(max(0.0, now - job.created_at)) if job.created_at else MISSING
        lines.append(
            f"**{position}. {job_title(job.kind, job.id)}** · {job.status.value}"
            f" · <@{job.user_id}> · {age} old\n"
            f"{progress_bar(job.progress, 8)} {truncate(str(prompt), 80)}"
        )
    embed.description = truncate("\n".join(lines), 4000)
    buttons = [
        ButtonSpec(f"Cancel #{job.id}", custom_ids.make(Action.CANCEL, job.id), "danger")
        for job in jobs[:MAX_JOB_BUTTONS]
    ]
    if len(jobs) > MAX_JOB_BUTTONS:
        embed.set_footer(text=f"Cancel buttons for the first {MAX_JOB_BUTTONS} jobs.")
    return Reply([OutMessage(embeds=[embed], buttons=buttons)], ephemeral=True)


def _cap(value: object) -> str:
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def limits_view(
    settings: Settings, limits: GuildLimits | None, *, changed: str | None = None
) -> Reply:
    """The server's caps (when per-server limits are configured) and the bot-wide limits."""
    embed = discord.Embed(title="🚦 Limits", color=COLOR_DONE if changed else COLOR_INFO)
    if changed is not None:
        embed.description = f"✅ Set **{changed}**."
    if limits is None:
        embed.description = "Per-server limits are not configured on this bot."
    else:
        caps = limits.model_dump()
        lines = [f"`{key}`: **{_cap(caps[key])}**" for key in LIMIT_KEYS]
        embed.add_field(name="This server", value=truncate("\n".join(lines), _FIELD), inline=False)
    embed.add_field(
        name="Commands per user per minute", value=str(settings.limits.commands_per_minute)
    )
    embed.add_field(name="Jobs queued per user", value=str(settings.jobs.max_queued_per_user))
    embed.add_field(name="Jobs queued per server", value=str(settings.jobs.max_queued_per_guild))
    embed.add_field(name="Longest prompt", value=f"{settings.limits.max_prompt_chars} characters")
    if limits is not None:
        embed.set_footer(
            text="Server caps only tighten the bot-wide limits. Change one with "
            "/admin limits setting:<name> value:<value>."
        )
    return Reply.embed(embed, ephemeral=True)


def limit_usage(setting: str | None) -> Reply:
    """Only one of setting/value was given."""
    if setting is not None and setting in LIMIT_KEYS:
        what = f"**{setting}** takes {LIMIT_KEYS[setting]}."
    else:
        what = "Settings: " + ", ".join(f"`{k}`" for k in LIMIT_KEYS) + "."
    return Reply.text(
        f"⚠️ To change a limit give both `setting` and `value`. {what}", ephemeral=True
    )


# -- what a server's own admins see (the bot owner sees the whole bot) ---------------------------
def server_stats_reply(
    usage: ServerUsage,
    active: Sequence[Job],
    votes: VoteTally | None = None,
    carry_over: ServerCarryOver | None = None,
) -> Reply:
    """This server's figures only: its commands, jobs and Claude spend, its members' votes on
    similar-show answers, and its shows being carried over to a new layout; not other servers'."""
    embed = discord.Embed(title="📊 Studio stats · this server", color=COLOR_INFO)
    embed.add_field(name="Commands", value=f"**{usage.commands:,}** since the bot started")
    running = sum(1 for job in active if job.status.value == "running")
    embed.add_field(name="Jobs now", value=f"{running} running · {len(active) - running} queued")
    embed.add_field(
        name="Claude",
        value=f"calls {usage.llm_calls:,}\n"
        f"tokens {usage.input_tokens:,} in / {usage.output_tokens:,} out\n"
        f"cost ${usage.cost_usd:,.4f}",
    )
    if votes is not None:
        embed.add_field(
            name="Votes on similar shows",
            value=f"**{votes.total:,}** standing · 👍 {votes.up:,} · 👎 {votes.down:,}"
            + _refused(votes)
            + "\nthey re-rank this server's /show similar answers",
        )
    add_carry_over(embed, carry_over)
    embed.set_footer(
        text="This server's own use since the bot started. Figures for the whole bot are shown "
        "to the bot's operator (discord.admin_user_ids)."
    )
    return Reply([OutMessage(embeds=[embed])], ephemeral=True)


def shared_cache_refusal() -> Reply:
    return Reply.text(
        "⛔ The caches are shared by every server this bot is in, so only the bot's operator "
        "(a user in `discord.admin_user_ids`) can clear them. /admin cache stats shows them.",
        ephemeral=True,
    )
