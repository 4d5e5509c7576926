"""What /admin commands show: stats from the metrics snapshot, caches, active jobs, limits.

Read generically from `Metrics.snapshot()`: counters are grouped by name (commands, jobs, errors),
timings show p50/p95, so new metrics appear without touching this module.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import discord

from bot import custom_ids
from bot.custom_ids import Action
from bot.render import COLOR_DONE, COLOR_INFO, COLOR_WORKING, human_bytes, truncate
from bot.render_progress import job_title, progress_bar
from bot.render_types import ButtonSpec, OutMessage, Reply
from core.cache import CacheStats, ClearReport
from core.config import Settings
from core.jobs.model import Job

__all__ = [
    "cache_clear_confirm",
    "cache_cleared",
    "cache_kept",
    "cache_stats",
    "jobs_list",
    "limits_view",
    "stats_embed",
    "unknown_cache",
]

MAX_JOB_BUTTONS = 25  # 5 rows of 5 buttons


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


def _label_text(labels: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{k}={v}" for k, v in labels) or "all"


def _counter_lines(counters: Mapping[str, Mapping[Any, float]], words: Sequence[str]) -> list[str]:
    lines = []
    for name in sorted(counters):
        if not any(w in name for w in words):
            continue
        series = counters[name]
        total = sum(series.values())
        top = sorted(series.items(), key=lambda kv: -kv[1])[:3]
        detail = "; ".join(f"{_label_text(k)}: {v:g}" for k, v in top if k)
        lines.append(f"**{name}**: {total:g}" + (f" ({detail})" if detail else ""))
    return lines


def stats_embed(snapshot: Mapping[str, Any]) -> discord.Embed:
    counters: Mapping[str, Mapping[Any, float]] = snapshot.get("counters", {})
    timings: Mapping[str, Mapping[Any, Any]] = snapshot.get("timings", {})
    embed = discord.Embed(title="📊 Studio stats", color=COLOR_INFO)
    embed.add_field(name="Uptime", value=_duration(float(snapshot.get("uptime_s", 0))), inline=True)
    for title, words in (
        ("Commands", ("command",)),
        ("Jobs", ("job",)),
        ("Errors", ("error", "fail")),
    ):
        lines = _counter_lines(counters, words)
        embed.add_field(name=title, value="\n".join(lines)[:1024] or "none yet", inline=False)
    timing_lines = []
    for name in sorted(timings):
        for labels, summary in list(timings[name].items())[:3]:
            if not summary.count or math.isnan(summary.p50):
                continue
            timing_lines.append(
                f"**{name}** {_label_text(labels)}: p50 {_ms(summary.p50)}, "
                f"p95 {_ms(summary.p95)} (n={summary.count})"
            )
    embed.add_field(name="Latency", value=truncate("\n".join(timing_lines), 1024) or "none yet")
    return embed


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
                f"hit rate {s.hit_rate:.0%} ({s.hits} hits, {s.misses} misses), "
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


def jobs_list(jobs: Sequence[Job]) -> Reply:
    embed = discord.Embed(title="⚙️ Active jobs", color=COLOR_WORKING if jobs else COLOR_DONE)
    if not jobs:
        embed.description = "No jobs are queued or running."
        return Reply.embed(embed, ephemeral=True)
    lines = []
    for position, job in enumerate(jobs, start=1):
        prompt = job.params.get("prompt") or job.params.get("title") or ""
        lines.append(
            f"**{position}. {job_title(job.kind, job.id)}** · {job.status.value}"
            f" · <@{job.user_id}>\n"
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


def limits_view(settings: Settings) -> Reply:
    embed = discord.Embed(title="🚦 Limits", color=COLOR_INFO)
    embed.add_field(
        name="Commands per user per minute", value=str(settings.limits.commands_per_minute)
    )
    embed.add_field(name="Jobs queued per user", value=str(settings.jobs.max_queued_per_user))
    embed.add_field(name="Jobs queued per server", value=str(settings.jobs.max_queued_per_guild))
    embed.add_field(name="Longest prompt", value=f"{settings.limits.max_prompt_chars} characters")
    embed.set_footer(
        text="These are the bot-wide settings. Changing them per server is not available yet."
    )
    return Reply.embed(embed, ephemeral=True)
