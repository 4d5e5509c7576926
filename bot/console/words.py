"""The console's words: a result from the orchestrator, a job's progress and its outcome as plain
text. The wording follows the Discord renderers (bot.render) where both show the same thing:
the buttons' labels, "Cancelled by its owner.", the help topics."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.console.commands import HELP
from bot.render import shows
from core.intent.schema import Intent
from core.ports.progress import JobState, ProgressUpdate
from core.replies import (
    SHOW_DNA_KIND,
    SIMILAR_SHOWS_KIND,
    Clarification,
    Confirmation,
    HelpReply,
    JobAccepted,
    JobCancelled,
    JobInfo,
    SmallTalk,
    ToolOutput,
)
from core.result import StepResult
from core.text_input import quote

__all__ = [
    "BAR_WIDTH",
    "CONFIRM_CHOICES",
    "choices_line",
    "progress_line",
    "render_result",
    "seconds",
    "sentence",
]

BAR_WIDTH = 24
# The confirmation's buttons in Discord (bot.render.replies), as numbered choices.
CONFIRM_CHOICES = ("Run", "Edit", "Cancel")


def sentence(*parts: str) -> str:
    """Parts joined with commas, ending with one full stop (a part may already end with one)."""
    text = ", ".join(p.strip() for p in parts if p and p.strip())
    return text if text.endswith((".", "!", "?")) else text + "."


def seconds(value: float) -> str:
    """A duration for people: never "0 s" for something still to come."""
    return f"{max(1, round(value))} s"


def choices_line(labels: Sequence[str]) -> str:
    """`[1] Reroll  [2] Vary ...`: what can be typed next, by number or by word."""
    return "  ".join(f"[{n}] {label}" for n, label in enumerate(labels, start=1))


def progress_line(update: ProgressUpdate) -> str:
    """One job's line while it waits or runs: `job 3 [#####...]  40% denoising ETA 2 s`."""
    fraction = update.fraction
    filled = int(BAR_WIDTH * fraction) if fraction is not None else 0
    bar = "#" * filled + "." * (BAR_WIDTH - filled)
    percent = f"{fraction:4.0%}" if fraction is not None else "  ..."
    eta = f" ETA {seconds(update.eta_s)}" if update.eta_s is not None else ""
    place = f" (#{update.queue_position} in queue)" if update.queue_position else ""
    stage = update.stage or update.state.value
    return f"  job {update.job_id} [{bar}] {percent} {stage}{place}{eta}"


# -- rendering: the console's words ---------------------------------------------------------------
_DOING: Mapping[Intent, str] = {
    Intent.GENERATE_IMAGE: "make an image",
    Intent.GENERATE_VIDEO: "make a video",
    Intent.ANALYZE_SHOW: "analyse a show",
    Intent.SHOW_DNA: "show a show's narrative DNA",
    Intent.FIND_SIMILAR: "find similar shows",
    Intent.TRANSFORM_SHOW: "re-imagine a show",
    Intent.JOB_STATUS: "check on a job",
    Intent.JOB_CANCEL: "cancel a job",
    Intent.HELP: "help",
    Intent.CHAT: "chat",
}
_QUESTIONS = {
    "prompt": "what it should show (describe it in a few words)",
    "title": "which show (its title)",
    "setting": "where or when it should be set",
}
_TOPIC_HINTS = {  # by help topic: the command the question is about
    "imagine": '/imagine prompt:"..." makes 1-4 images; add count, aspect, quality, seed.',
    "animate": '/animate prompt:"..." makes a 1-10 s clip; add seconds, aspect, quality.',
    "show": '/show add title:"..." text:"synopsis" analyses a show; /show dna title:"..." shows '
    'what it is made of; /show similar title:"..." (or a description) finds shows alike.',
    "transform": '/transform title:"..." setting:"..." re-imagines a show as scenes.',
    "job": "/job status [id:N] tells you where a job is; /job cancel [id:N] stops it.",
    "admin": "Admin tools are Discord /admin commands for server managers; not here.",
}
_THANKS = re.compile(r"\b(?:thanks?|thank you|thx|ty|merci|gracias|danke|cheers)\b", re.I)
_HELLO = re.compile(r"^\W*(?:hi|hey|hello|yo|morning|good (?:morning|evening))\b", re.I)


def render_result(result: StepResult[Any]) -> str:
    """A StepResult from the orchestrator as the console's plain text."""
    error = result.error
    if error is not None:
        if error.code.user_caused:
            return f"! {error.message}"
        wait = f" (try again in {error.retry_after_s:.0f} s)" if error.retry_after_s else ""
        if "try again" in error.message:
            wait = ""
        return f"Sorry, that did not work: {error.message}{wait}"
    return _render_value(result.value)


def _render_value(value: Any) -> str:
    match value:
        case Clarification(intent=intent, missing=missing, understood=understood):
            question = _QUESTIONS.get(missing[0], " and ".join(missing))
            known = f" (so far: {_options(understood)})" if understood else ""
            return f"To {_DOING[intent]}, I need to know {question}.{known}"
        case Confirmation(reading=reading):
            return (
                f"Did you mean: {_DOING[reading.intent]}? ({_options(reading.params)}), "
                f"{reading.confidence:.0%} sure.\n  {choices_line(CONFIRM_CHOICES)}"
            )
        case JobAccepted(ticket=ticket):
            job = ticket.job
            if ticket.position == 0:
                where = "is running"
            else:
                where = f"is queued, #{ticket.position} in line"
            eta = f", ETA about {seconds(ticket.eta_s)}" if ticket.eta_s is not None else ""
            return f"Job #{job.id} ({job.kind.value}) {where}{eta}."
        case JobInfo(job=job, position=position, eta_s=eta_s):
            parts = [f"Job #{job.id} ({job.kind.value}): {job.status.value}"]
            if job.status is JobState.RUNNING:
                parts.append(f"{job.progress:.0%} {job.stage}".rstrip())
            if position:
                parts.append(f"#{position} in line")
            if eta_s is not None and not job.status.terminal:
                parts.append(f"ETA about {seconds(eta_s)}")
            if job.error_message:
                parts.append(job.error_message)
            return sentence(*parts)
        case JobCancelled(job=job):
            return f"Cancelled job #{job.id} ({job.kind.value})."
        case HelpReply(topic=topic):
            hint = _TOPIC_HINTS.get(topic or "")
            return f"{hint}\n\n{HELP}" if hint else HELP
        case SmallTalk(text=said):
            if _THANKS.search(said):
                return "You're welcome!"
            if _HELLO.search(said):
                return "Hi! Tell me what to make, or type /help."
            return "I make images, clips and scripts, and know a lot of shows. /help lists it all."
        case ToolOutput(kind=kind, data=data) if kind == SIMILAR_SHOWS_KIND:
            return shows.similar_shows_text(data)
        case ToolOutput(kind=kind, data=data) if kind == SHOW_DNA_KIND:
            return shows.show_dna_text(data)
        case ToolOutput(kind=kind, data=data):
            doing = (
                _DOING.get(Intent(kind), kind)
                if kind in {i.value for i in Intent}
                else kind.replace("_", " ")
            )
            return f"{doing.capitalize()}:\n{_format(data)}"
        case ProgressUpdate(job_id=job_id, state=state, error=error):
            if state is JobState.SUCCEEDED:
                return f"Job #{job_id} is done."
            if state is JobState.CANCELLED:
                return f"Job #{job_id} was cancelled."
            why = f": {error.message}" if error is not None else ""
            return sentence(f"Job #{job_id} failed{why}")
    return _format(value)


def _options(params: Mapping[str, Any]) -> str:
    return ", ".join(
        f"{k}={quote(v)}" if isinstance(v, str) else f"{k}={v}" for k, v in params.items()
    )


def _format(data: Any, indent: str = "  ") -> str:
    """Any tool's data as indented lines (pydantic models, dataclasses, mappings, lists)."""
    if hasattr(data, "model_dump"):
        data = data.model_dump(mode="json")
    elif dataclasses.is_dataclass(data) and not isinstance(data, type):
        data = dataclasses.asdict(data)
    if isinstance(data, Mapping):
        lines = []
        for key, item in data.items():
            if isinstance(item, Mapping | list | tuple) and item:
                lines.append(f"{indent}{key}:\n{_format(item, indent + '  ')}")
            else:
                lines.append(f"{indent}{key}: {item}")
        return "\n".join(lines)
    if isinstance(data, list | tuple):
        return "\n".join(
            f"{indent}-\n{_format(item, indent + '  ')}"
            if isinstance(item, Mapping) or hasattr(item, "model_dump")
            else f"{indent}- {item}"
            for item in data
        )
    return f"{indent}{data}"
