"""`studio console`: Studio's commands in a terminal, through the same orchestrator as Discord.

Slash syntax mirrors the Discord commands (`/imagine prompt:"a fox" count:2`, `/show similar
title:"Fleabag"`, `/job status id:3`), and a plain sentence is read as a message in a studio
thread. Replies are plain text (this module is a frontend: its words are the console's). Jobs
show a live progress bar when a job service runs; their result files are copied under
<data_dir>/console/. `/help` lists the commands; `/quit` or end of input exits cleanly.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import re
import shutil
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from bot import show_text
from core.config import Settings
from core.context import CONSOLE_TENANT, RequestContext
from core.intent.schema import Intent
from core.ports.commands import CommandHandler
from core.ports.jobs import JobService
from core.ports.progress import JobState, ProgressUpdate
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
from core.result import StepResult

__all__ = ["ConsoleProgress", "ConsoleServices", "parse_slash", "render_result", "run_console"]

PROMPT = "studio> "
BANNER = "Studio console. Type /help for the commands, /quit (or Ctrl-D) to leave."
HELP = """Commands (options are name:value; quote values with spaces):
  /imagine prompt:"a red fox in the snow" [count:1-4] [aspect:square|portrait|landscape]
           [quality:draft|final] [seed:N] [style:"..."] [negative_prompt:"..."]
  /animate prompt:"a paper boat in the rain" [seconds:1-10] [aspect:...] [quality:...]
  /show add title:"My Show" [text:"a synopsis"]     analyse a show
  /show dna title:"Breaking Bad"                     its narrative DNA
  /show similar title:"Fleabag" [k:1-10] [facet:plot|theme|structure|character|all]
  /transform title:"Friends" setting:"a Mars colony" [scenes:1-12] [tone:"..."] [storyboard:true]
  /job status [id:N]    /job cancel [id:N]
  /help                 this list
  /quit                 leave the console
Or just say what you want: "draw a lighthouse in a storm, landscape", "shows like Fargo"."""
BAR_WIDTH = 24

_COMMANDS: Mapping[tuple[str, ...], Intent] = {
    ("imagine",): Intent.GENERATE_IMAGE,
    ("animate",): Intent.GENERATE_VIDEO,
    ("show", "add"): Intent.ANALYZE_SHOW,
    ("show", "analyze"): Intent.ANALYZE_SHOW,
    ("show", "dna"): Intent.SHOW_DNA,
    ("show", "similar"): Intent.FIND_SIMILAR,
    ("transform",): Intent.TRANSFORM_SHOW,
    ("job", "status"): Intent.JOB_STATUS,
    ("job", "cancel"): Intent.JOB_CANCEL,
}
# Where words typed after a command without a name go: `/imagine a fox` is prompt:"a fox".
_BARE_OPTION: Mapping[Intent, str] = {
    Intent.GENERATE_IMAGE: "prompt",
    Intent.GENERATE_VIDEO: "prompt",
    Intent.ANALYZE_SHOW: "title",
    Intent.SHOW_DNA: "title",
    Intent.FIND_SIMILAR: "title",
    Intent.JOB_STATUS: "job_id",
    Intent.JOB_CANCEL: "job_id",
}
_ALIASES = {"id": "job_id", "negative": "negative_prompt", "job": "job_id"}
_OPTION = re.compile(r"""(\w+):(?:"([^"]*)"|'([^']*)'|(\S+))""")


@dataclass
class ConsoleServices:
    """What the console runs on; built on first use so `/help` needs no model loaded."""

    commands: CommandHandler
    data_dir: Path
    jobs: JobService | None = None
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    async def aclose(self) -> None:
        for close in reversed(self.closers):
            await close()
        self.closers.clear()


Builder = Callable[["ConsoleProgress"], Awaitable[ConsoleServices]]


def parse_slash(line: str) -> tuple[Intent, dict[str, Any]] | str:
    """(intent, options) of a slash command, or what is wrong with it."""
    words = line.lstrip("/").split()
    for size in (2, 1):
        key = tuple(w.lower() for w in words[:size])
        if key in _COMMANDS:
            intent = _COMMANDS[key]
            rest = line.lstrip("/").split(None, size)[size] if len(words) > size else ""
            break
    else:
        return f"Unknown command {line.split(maxsplit=1)[0]}. Type /help for the list."
    options: dict[str, Any] = {}
    for m in _OPTION.finditer(rest):
        name = _ALIASES.get(m.group(1).lower(), m.group(1).lower())
        options[name] = next(g for g in m.groups()[1:] if g is not None)
    bare = _OPTION.sub(" ", rest).strip()
    if bare:
        target = _BARE_OPTION.get(intent)
        if target is None or target in options:
            return f"I could not tell which option {bare!r} is; write it as name:value."
        options[target] = bare.strip("\"'")
    return intent, options


class ConsoleProgress:
    """The console's `ProgressSink`: a live bar for running jobs, and a wake-up when one ends."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._done: dict[int, asyncio.Event] = {}
        self.final: dict[int, ProgressUpdate] = {}
        self._drawn = False

    async def publish(self, update: ProgressUpdate) -> None:
        if update.state.terminal:
            self.final[update.job_id] = update
            if self._drawn:
                self._out.write("\n")
                self._drawn = False
            self._event(update.job_id).set()
            return
        fraction = update.fraction
        filled = int(BAR_WIDTH * fraction) if fraction is not None else 0
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        percent = f"{fraction:4.0%}" if fraction is not None else "  ..."
        eta = f" ETA {update.eta_s:.0f} s" if update.eta_s is not None else ""
        place = f" (#{update.queue_position} in queue)" if update.queue_position else ""
        self._out.write(
            f"\r  job {update.job_id} [{bar}] {percent} {update.stage or update.state.value}"
            f"{place}{eta}   "
        )
        self._out.flush()
        self._drawn = True

    def _event(self, job_id: int) -> asyncio.Event:
        return self._done.setdefault(job_id, asyncio.Event())

    async def wait(self, job_id: int) -> ProgressUpdate:
        await self._event(job_id).wait()
        return self.final[job_id]


class _Console:
    def __init__(
        self, settings: Settings, stdin: TextIO, stdout: TextIO, build: Builder | None
    ) -> None:
        self._settings = settings
        self._in = stdin
        self._out = stdout
        self._build = build
        self._services: ConsoleServices | None = None
        self.progress = ConsoleProgress(stdout)
        self._ids = itertools.count(1)

    def say(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    async def read(self) -> str | None:
        line = await asyncio.to_thread(self._in.readline)
        return line if line else None

    async def services(self) -> ConsoleServices:
        if self._services is None:
            # The first start loads models and, once per data dir, the show catalog: say so
            # rather than sit silent for a minute.
            self.say("Getting ready (the first start also loads the show catalog; about a minute)…")
            if self._build is None:
                from bot.wiring.services import build_console_services

                self._services = await build_console_services(self._settings, self.progress)
            else:
                self._services = await self._build(self.progress)
        return self._services

    def ctx(self) -> RequestContext:
        return RequestContext(
            tenant=CONSOLE_TENANT,
            user_id="console",
            channel_id="console",
            is_admin=True,
            request_id=f"console-{next(self._ids)}",
        )

    async def run(self) -> int:
        self.say(BANNER)
        try:
            while True:
                print(PROMPT, end="", file=self._out, flush=True)
                line = await self.read()
                if line is None:  # end of input
                    self.say("")
                    return 0
                text = line.strip()
                if not text:
                    continue
                if text in ("/quit", "/exit"):
                    return 0
                if text.split()[0] == "/help":
                    self.say(HELP)
                    continue
                await self.handle(text)
        finally:
            if self._services is not None:
                await self._services.aclose()

    async def handle(self, text: str) -> None:
        services = await self.services()
        if text.startswith("/"):
            parsed = parse_slash(text)
            if isinstance(parsed, str):
                self.say(parsed)
                return
            result = await services.commands.run_command(*parsed, self.ctx())
        else:
            result = await services.commands.handle_message(text, self.ctx())
        await self.show(result, services)

    async def show(self, result: StepResult[Any], services: ConsoleServices) -> None:
        self.say(render_result(result))
        value = result.value
        if isinstance(value, Confirmation):
            answer = (await self.read() or "").strip().lower()
            if answer in ("y", "yes", "run"):
                reading = value.reading
                rerun = await services.commands.run_command(
                    reading.intent, reading.params, self.ctx()
                )
                await self.show(rerun, services)
            elif answer in ("e", "edit"):
                self.say("Type it again the way you mean it.")
            else:
                self.say("Cancelled.")
        elif isinstance(value, JobAccepted) and services.jobs is not None:
            final = await self.progress.wait(value.ticket.job.id)
            self.say(render_result(StepResult.success(final)))
            for path in save_results(final, services.data_dir):
                self.say(f"  saved {path}")


def save_results(update: ProgressUpdate, data_dir: Path) -> list[Path]:
    """Copy a finished job's files under <data_dir>/console/job-<id>/ and return the copies."""
    found = list(_file_paths(update.result))
    if not found:
        return []
    target = data_dir / "console" / f"job-{update.job_id}"
    target.mkdir(parents=True, exist_ok=True)
    saved = []
    for index, source in enumerate(found, start=1):
        dest = target / f"{index:02d}{source.suffix}"
        shutil.copyfile(source, dest)
        saved.append(dest)
    return saved


def _file_paths(value: Any) -> list[Path]:
    """Existing files named anywhere in a job result ({"files": [{"path": ...}], ...})."""
    out: list[Path] = []
    if isinstance(value, Mapping):
        if isinstance(value.get("path"), str) and Path(value["path"]).is_file():
            out.append(Path(value["path"]))
        for key, item in value.items():
            if key != "path":
                out.extend(_file_paths(item))
    elif isinstance(value, list | tuple):
        for item in value:
            out.extend(_file_paths(item))
    return out


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
_TOPIC_HINTS = {
    "generate_image": '/imagine prompt:"..." makes 1-4 images; add count, aspect, quality, seed.',
    "generate_video": '/animate prompt:"..." makes a 1-10 s clip; add seconds, aspect, quality.',
    "analyze_show": '/show add title:"..." text:"synopsis" analyses a show.',
    "show_dna": '/show dna title:"..." shows what a show is made of.',
    "find_similar": '/show similar title:"..." (or a description) finds shows alike.',
    "transform_show": '/transform title:"..." setting:"..." re-imagines a show as scenes.',
    "job_status": "/job status [id:N] tells you where a job is.",
    "job_cancel": "/job cancel [id:N] stops a job.",
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
                f"I read that as: {_DOING[reading.intent]} ({_options(reading.params)}), "
                f"{reading.confidence:.0%} sure. Run it? [y]es / [e]dit / [n]o"
            )
        case JobAccepted(ticket=ticket):
            job = ticket.job
            if ticket.position == 0:
                where = "is running"
            else:
                where = f"is queued, #{ticket.position} in line"
            eta = f", ETA about {ticket.eta_s:.0f} s" if ticket.eta_s is not None else ""
            return f"Job #{job.id} ({job.kind.value}) {where}{eta}."
        case JobInfo(job=job, position=position, eta_s=eta_s):
            parts = [f"Job #{job.id} ({job.kind.value}): {job.status.value}"]
            if job.status is JobState.RUNNING:
                parts.append(f"{job.progress:.0%} {job.stage}".rstrip())
            if position:
                parts.append(f"#{position} in line")
            if eta_s is not None and not job.status.terminal:
                parts.append(f"ETA about {eta_s:.0f} s")
            if job.error_message:
                parts.append(job.error_message)
            return ", ".join(parts) + "."
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
        case ToolOutput(kind="similar_shows", data=data):
            return show_text.similar_shows_text(data)
        case ToolOutput(kind="show_dna", data=data):
            return show_text.show_dna_text(data)
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
            return f"Job #{job_id} failed{why}"
    return _format(value)


def _options(params: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in params.items())


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


def run_console(
    settings: Settings, *, stdin: TextIO, stdout: TextIO, build: Builder | None = None
) -> int:
    """Run the console until /quit or end of input. `build` makes the services (the default
    wires the offline intent analyzer and the orchestrator from settings)."""
    return asyncio.run(_Console(settings, stdin, stdout, build).run())
