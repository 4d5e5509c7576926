"""How a job looks in its thread: the progress message (edited in place) and the result message.

Orange while working, green when done, red on failure, grey when cancelled. The progress message
carries a Cancel button until the job ends; the result carries Reroll, Vary, Final quality and
Info for generated media. Buttons hold only the job id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import discord

from bot import custom_ids
from bot.custom_ids import Action
from bot.render.limits import (
    COLOR_DONE,
    COLOR_FAILED,
    COLOR_MUTED,
    COLOR_WORKING,
    split_content,
    truncate,
    truncate_embed,
)
from bot.render.model import ButtonSpec, FileSpec, OutMessage
from core.jobs.model import Job, JobKind, JobTicket
from core.ports.progress import JobState, ProgressUpdate, StageLine
from core.result import ErrorCode, StepError

__all__ = [
    "PREVIEW_FILENAME",
    "job_info_embed",
    "job_status_embed",
    "job_title",
    "progress_bar",
    "progress_message",
    "queued_text",
    "result_files",
    "result_messages",
    "state_color",
    "thread_name",
]

PREVIEW_FILENAME = "preview.png"
BAR_WIDTH = 12
# A progress message stays short: a job's summary, and a note or error, are cut to these.
SUMMARY_LIMIT = 300
FIELD_LIMIT = 1000

_KIND_ICON = {"image": "🎨", "video": "🎬", "show_analysis": "🧬", "transform": "📝"}
_KIND_NAME = {
    "image": "Image",
    "video": "Video",
    "show_analysis": "Show analysis",
    "transform": "Transformation",
}
_STATE_COLOR = {
    JobState.QUEUED: COLOR_WORKING,
    JobState.RUNNING: COLOR_WORKING,
    JobState.SUCCEEDED: COLOR_DONE,
    JobState.FAILED: COLOR_FAILED,
    JobState.CANCELLED: COLOR_MUTED,
}
_STAGE_MARK = {"pending": "▫️", "running": "🔄", "done": "✅", "failed": "❌", "skipped": "⏭️"}
# Result keys that may hold files, in the order they are shown.
_FILE_KEYS = ("files", "images", "image", "videos", "video", "paths", "exports")


def state_color(state: JobState) -> int:
    return _STATE_COLOR[state]


def job_title(kind: str | JobKind, job_id: int) -> str:
    return f"{_KIND_NAME.get(str(kind), str(kind).capitalize())} job #{job_id}"


def progress_bar(fraction: float | None, width: int = BAR_WIDTH) -> str:
    if fraction is None:
        return "░" * width
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled) + f" {round(fraction * 100)}%"


def _eta(seconds: float | None) -> str | None:
    if seconds is None or seconds < 0:
        return None
    if seconds < 90:
        return f"~{max(1, round(seconds))} s"
    return f"~{round(seconds / 60)} min"


def thread_name(ticket: JobTicket) -> str:
    """A job thread's title: icon, job number and what it makes (Discord allows 100 chars)."""
    job = ticket.job
    what = job.params.get("prompt") or job.params.get("title") or str(job.kind)
    return truncate(f"{_KIND_ICON.get(str(job.kind), '⚙️')} #{job.id} {what}", 100, "…")


def queued_text(ticket: JobTicket) -> str:
    job = ticket.job
    icon = _KIND_ICON.get(str(job.kind), "⚙️")
    where = "starting now" if ticket.position <= 0 else f"#{ticket.position} in line"
    eta = _eta(ticket.eta_s)
    tail = f", ETA {eta}" if eta else ""
    title = job_title(job.kind, job.id).lower()
    return f"{icon} Queued {title}: {where}{tail}. Progress is in the thread."


def progress_message(update: ProgressUpdate, *, keep_preview: bool = False) -> OutMessage:
    """The one progress message of a job, as it should look after `update`. `keep_preview`: the
    message already carries a preview attachment that this update does not replace.

    Laid out first, then cut to length once (`truncate_embed`), then given its Cancel button:
    each step hands the message on and never comes back."""
    icon = _KIND_ICON.get(update.kind, "⚙️")
    state = update.state
    headline = {
        JobState.QUEUED: "queued",
        JobState.RUNNING: "working",
        JobState.SUCCEEDED: "done",
        JobState.FAILED: "failed",
        JobState.CANCELLED: "cancelled",
    }[state]
    embed = discord.Embed(
        title=f"{icon} {job_title(update.kind, update.job_id)}: {headline}",
        description=update.summary or None,
        color=state_color(state),
    )
    if not state.terminal:
        if update.stage:
            embed.add_field(name="Stage", value=update.stage, inline=True)
        if update.queue_position and state is JobState.QUEUED:
            embed.add_field(name="Queue", value=f"#{update.queue_position} in line", inline=True)
        eta = _eta(update.eta_s)
        if eta:
            embed.add_field(name="ETA", value=eta, inline=True)
        bar = progress_bar(update.fraction)
        if update.step is not None and update.total:
            bar += f" · step {update.step}/{update.total}"
        embed.add_field(name="Progress", value=bar, inline=False)
    if update.stages:
        embed.add_field(name="Steps", value=_checklist(update.stages), inline=False)
    if update.note:
        embed.add_field(name="Note", value=update.note, inline=False)
    if state is JobState.FAILED:
        embed.add_field(name="What happened", value=_failure_text(update.error), inline=False)
    files: list[FileSpec] = []
    if update.preview_png and not state.terminal:
        files.append(FileSpec(PREVIEW_FILENAME, data=update.preview_png))
    if files or (keep_preview and not state.terminal):
        embed.set_image(url=f"attachment://{PREVIEW_FILENAME}")
    embed.set_footer(text=f"job {update.job_id}")
    embed = truncate_embed(embed, description=SUMMARY_LIMIT, field_value=FIELD_LIMIT)
    buttons = (
        []
        if state.terminal
        else [ButtonSpec("Cancel", custom_ids.make(Action.CANCEL, update.job_id), "danger")]
    )
    return OutMessage(embeds=[embed], files=files, buttons=buttons)


def _checklist(stages: Iterable[StageLine]) -> str:
    return "\n".join(f"{_STAGE_MARK.get(s.state, '▫️')} {s.name}" for s in stages)


def _failure_text(error: StepError | None) -> str:
    if error is None:
        return "The job stopped without saying why."
    if error.code is ErrorCode.INTERNAL:
        error_id = error.error_id or "unknown"
        return f"Sorry, something went wrong on my side (error id `{error_id}`)."
    return error.message


def result_files(result: Any) -> list[FileSpec]:
    """Files named in a job's result: paths or bytes under the usual keys."""
    if not isinstance(result, Mapping):
        return []
    specs: list[FileSpec] = []
    for key in _FILE_KEYS:
        value = result.get(key)
        items = value if isinstance(value, list | tuple) else [value] if value else []
        for item in items:
            spec = _file_spec(item)
            if spec is not None:
                specs.append(spec)
    return specs


def _file_spec(item: Any) -> FileSpec | None:
    if isinstance(item, Mapping) and item.get("over_limit"):
        return None  # too big to attach: the job's notes say where it is kept
    if isinstance(item, Mapping):
        path = item.get("path")
        name = item.get("name") or item.get("filename")
        data = item.get("data")
        if isinstance(data, bytes):
            return FileSpec(str(name or "result.bin"), data=data)
        item = path
        if name and item:
            return FileSpec(str(name), path=Path(item)) if Path(item).is_file() else None
    if isinstance(item, str | Path) and Path(item).is_file():
        return FileSpec(Path(item).name, path=Path(item))
    return None


def result_messages(update: ProgressUpdate) -> list[OutMessage]:
    """What is posted in the thread when a job has succeeded: its files, text and buttons."""
    result = update.result if isinstance(update.result, Mapping) else {}
    files = result_files(result)
    text_parts = []
    for key in ("text", "summary", "script", "logline"):
        if isinstance(result.get(key), str) and result[key].strip():
            text_parts.append(result[key].strip())
            break
    notes = result.get("notes") or result.get("lowered") or []
    if isinstance(notes, str):
        notes = [notes]
    if isinstance(result.get("incomplete_reason"), str):
        notes = [*notes, f"Not complete: {result['incomplete_reason']}"]
    if isinstance(notes, list) and notes:
        text_parts.append("\n".join(f"ℹ️ {n}" for n in notes))
    header = (
        f"⏹️ {job_title(update.kind, update.job_id)} was cancelled; here is what was finished."
        if update.state is JobState.CANCELLED
        else f"✅ {job_title(update.kind, update.job_id)} is done."
    )
    content = "\n\n".join([header, *text_parts])
    messages = [OutMessage(content=chunk) for chunk in split_content(content)]
    messages[-1].files = files
    messages[-1].buttons = result_buttons(update.kind, update.job_id, result)
    return messages


def result_buttons(kind: str, job_id: int, result: Mapping[str, Any]) -> list[ButtonSpec]:
    info = ButtonSpec("Info", custom_ids.make(Action.INFO, job_id), "secondary")
    if kind not in ("image", "video"):
        return [info]
    buttons = [ButtonSpec("Reroll", custom_ids.make(Action.REROLL, job_id), "primary", "🎲")]
    if kind == "image":
        buttons.append(ButtonSpec("Vary", custom_ids.make(Action.VARY, job_id), "secondary"))
    if result.get("quality") != "final":
        final = custom_ids.make(Action.FINAL, job_id)
        buttons.append(ButtonSpec("Final quality", final, "success"))
    buttons.append(info)
    return buttons


def job_status_embed(job: Job, position: int | None, eta_s: float | None) -> discord.Embed:
    state = job.status
    embed = discord.Embed(
        title=f"{_KIND_ICON.get(str(job.kind), '⚙️')} {job_title(job.kind, job.id)}: {state.value}",
        description=_job_summary(job),
        color=state_color(state),
    )
    if not state.terminal:
        if job.stage:
            embed.add_field(name="Stage", value=job.stage, inline=True)
        if position:
            embed.add_field(name="Queue", value=f"#{position} in line", inline=True)
        eta = _eta(eta_s)
        if eta:
            embed.add_field(name="ETA", value=eta, inline=True)
        embed.add_field(name="Progress", value=progress_bar(job.progress), inline=False)
    if job.error_message:
        embed.add_field(name="What happened", value=truncate(job.error_message, 1000), inline=False)
    if job.thread_id:
        embed.add_field(name="Thread", value=f"<#{job.thread_id}>", inline=False)
    return embed


def _job_summary(job: Job) -> str | None:
    params = job.params
    text = params.get("prompt") or params.get("title") or params.get("setting")
    return truncate(str(text), 300) if text else None


def job_info_embed(job: Job) -> discord.Embed:
    """The Info button: what the job was asked to do and how it ran."""
    embed = job_status_embed(job, None, None)
    for key, value in job.params.items():
        if value in (None, ""):
            continue
        embed.add_field(name=key.replace("_", " "), value=truncate(str(value), 1000), inline=True)
    if job.started_at and job.finished_at:
        embed.add_field(name="took", value=f"{job.finished_at - job.started_at:.1f} s", inline=True)
    return embed
