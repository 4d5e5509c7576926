"""The console itself: starts the studio at once (so jobs left from the last session resume
straight away), reads commands while jobs run, prints replies and job outcomes, and shuts the
studio down in order on /quit, Ctrl-D or end of input.

Every request carries a fresh request id (`console-<uuid>`): the job service treats a known id as
a repeat of the same request, so ids must never come back after a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot import wiring
from bot.console.actions import Actions
from bot.console.choices import Choice
from bot.console.commands import HELP, parse_action, parse_slash
from bot.console.progress import ConsoleProgress
from bot.console.terminal import INTERRUPT, LineTerminal, LiveTerminal, Terminal
from bot.console.words import render_result
from bot.services import ConsoleServices
from core.config import Settings
from core.context import CONSOLE_TENANT, RequestContext
from core.logging import get_logger
from core.text_input import clean

__all__ = ["Builder", "run_console"]

log = get_logger(__name__)

BANNER = "Studio console. Type /help for the commands, /quit (or Ctrl-D) to leave."
STARTUP_FILE = "startup.json"
# Measured with `studio console` on a fresh data dir (2 CPU cores, no GPU): 12 s to the first
# answer, the message reader trained and the shipped show catalog loaded; later starts about 3 s.
FIRST_START_NOTE = "the first start also trains the message reader: about 15 s on a 2-core machine"


Builder = Callable[[ConsoleProgress], Awaitable[ConsoleServices]]


class Console:
    def __init__(self, settings: Settings, terminal: Terminal, build: Builder | None) -> None:
        self._settings = settings
        self._term = terminal
        self._build = build
        self.progress = ConsoleProgress()
        self.progress.on_update = terminal.progress
        self._starting: asyncio.Task[ConsoleServices | None] | None = None
        self._order = asyncio.Lock()  # one command at a time: replies come in the order asked
        self._tasks: set[asyncio.Task[None]] = set()
        self.actions = Actions(self)
        self.progress.on_finished = self.actions.job_finished
        self._prefill = ""

    # -- what the parts share ----------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self._settings.data_dir

    def say(self, text: str) -> None:
        self._term.say(text)

    def ctx(self) -> RequestContext:
        return RequestContext(
            tenant=CONSOLE_TENANT,
            user_id="console",
            channel_id="console",
            is_admin=True,
            # Unique for ever: a request id the job service knows returns that old job.
            request_id=f"console-{uuid.uuid4().hex}",
        )

    def prefill(self, text: str) -> None:
        """The next prompt starts with `text` (Edit of a confirmation)."""
        self._prefill = text

    async def services(self) -> ConsoleServices | None:
        if self._starting is None:
            self._starting = asyncio.create_task(self._start(), name="console-start")
        return await asyncio.shield(self._starting)

    # -- start and stop ----------------------------------------------------------------------
    async def _start(self) -> ConsoleServices | None:
        record = self.data_dir / "console" / STARTUP_FILE
        last = _last_start_s(record)
        if last is not None:
            self.say(f"Getting ready (the last start took {last:.0f} s)…")
        elif self._settings.catalog.load_starter:
            self.say(f"Getting ready ({FIRST_START_NOTE}; later starts take seconds)…")
        else:
            self.say("Getting ready (loading the models takes a few seconds)…")
        began = time.monotonic()
        try:
            if self._build is None:
                services = await wiring.build_console_services(self._settings, self.progress)
            else:
                services = await self._build(self.progress)
        except Exception as exc:
            log.exception("console_start_failed")
            self.say(f"Sorry, Studio could not start: {exc}")
            return None
        took = time.monotonic() - began
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps({"last_start_s": round(took, 1)}))
        waiting = sorted(self.progress.live)
        resumed = f" Resuming {_jobs(waiting)} from the last session." if waiting else ""
        self.say(f"Ready ({took:.0f} s).{resumed}")
        return services

    async def run(self) -> int:
        self.say(BANNER)
        self._starting = asyncio.create_task(self._start(), name="console-start")
        code = 0
        try:
            code = await self._loop()
        except asyncio.CancelledError:  # SIGINT from outside: leave cleanly
            current = asyncio.current_task()
            if current is not None:
                current.uncancel()
            self.say("Interrupted.")
            code = 130
        finally:
            await self._stop()
        return code

    async def _loop(self) -> int:
        asking_to_leave = False
        while True:
            question = "Leave the console? [y/N] " if asking_to_leave else None
            prefill, self._prefill = self._prefill, ""
            line = await self._term.read(question, default=prefill)
            if line is None:
                return await self._end_of_input()
            if asking_to_leave:
                asking_to_leave = False
                if line == INTERRUPT or line.strip().lower() in ("y", "yes"):
                    return 0
                continue
            if line == INTERRUPT:
                asking_to_leave = True
                continue
            text = line.strip()
            if text in ("/quit", "/exit"):
                return await self._end_of_input()
            if not text:
                continue
            if self._term.live:
                task = asyncio.create_task(self._handle_in_order(text))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            else:
                await self._handle_in_order(text)

    async def _end_of_input(self) -> int:
        """In a terminal, /quit and Ctrl-D leave at once (jobs resume at the next start); a
        script's /quit or end of input waits for its jobs (Ctrl-C leaves without waiting)."""
        if self._term.live or self._starting is None or not self._starting.done():
            return 0  # still starting: nothing of this session can be running yet
        services = self._starting.result()
        waiting = sorted(self.progress.live)
        if services is None or not waiting:
            return 0
        self.say(f"Waiting for {_jobs(waiting)} to finish…")
        for job_id in waiting:
            await self.progress.wait(job_id)
        return 0

    async def _stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._starting is None:
            return
        if not self._starting.done():
            self._starting.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            services = await self._starting
            if services is not None:
                left = sorted(self.progress.live)
                if left:
                    self.say(f"Stopping; {_jobs(left)} will resume at the next start.")
                else:
                    self.say("Stopping…")
                await services.aclose()

    # -- one line ----------------------------------------------------------------------------
    async def _handle_in_order(self, text: str) -> None:
        async with self._order:
            try:
                await self.handle(text)
            except asyncio.CancelledError:
                raise
            except Exception:  # a bug must not end the session: log it, say where it is
                log.exception("console_command_crashed", text_length=len(text))
                self.say("Sorry, that went wrong on my side; the details are in the log file.")

    async def handle(self, text: str) -> None:
        text = clean(text)
        if text.split()[0].lower() == "/help":
            self.say(HELP)
            return
        choice = self.actions.pick(text)
        if isinstance(choice, Choice):
            await choice.run()
            return
        services = await self.services()
        if services is None:
            self.say("Studio did not start, so it cannot do that; see the message above.")
            return
        action = parse_action(text)
        if isinstance(action, str):
            self.say(action)
            return
        if action is not None:
            await self.actions.button(action, services)
            return
        if text.startswith("/"):
            parsed = parse_slash(text)
            if isinstance(parsed, str):
                self.say(parsed)
                return
            result = await services.commands.run_command(*parsed, self.ctx())
        else:
            result = await services.commands.handle_message(text, self.ctx())
        self.say(render_result(result))
        await self.actions.after_reply(result, services, source_text=text)


def _jobs(ids: list[int]) -> str:
    named = ", ".join(f"#{i}" for i in ids)
    return f"job {named}" if len(ids) == 1 else f"jobs {named}"


def _last_start_s(record: Path) -> float | None:
    try:
        return float(json.loads(record.read_text())["last_start_s"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def run_console(
    settings: Settings,
    *,
    stdin: TextIO,
    stdout: TextIO,
    build: Builder | None = None,
    live: bool | None = None,
) -> int:
    """Run the console until /quit or end of input. `build` makes the services (the default is
    the composition root, as `studio bot` uses). `live` (default: both ends are a terminal)
    chooses the prompt_toolkit terminal over plain lines."""
    if live is None:
        live = stdin.isatty() and stdout.isatty()
    if not live:
        return asyncio.run(Console(settings, LineTerminal(stdin, stdout), build).run())

    async def main() -> int:
        console: Console | None = None
        terminal = LiveTerminal(
            settings.data_dir / "console" / "history",
            lambda: console.progress.lines() if console is not None else [],
        )
        with terminal:
            console = Console(settings, terminal, build)
            return await console.run()

    return asyncio.run(main())
