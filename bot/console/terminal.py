"""Where the console reads and writes: a live terminal (prompt_toolkit) or plain lines (a pipe).

`LiveTerminal` (stdin and stdout are a terminal): the prompt stays editable while jobs run, with
history (saved under the data dir) and Tab completion; each queued or running job has its own
line just above the prompt, and replies are printed above those. Ctrl-C clears a typed line, or
on an empty line returns INTERRUPT (the console then asks before leaving); Ctrl-D on an empty line
ends input.
`LineTerminal` (a pipe or a file, and tests): one line in, plain lines out; a job's progress is
printed on its own line when its stage changes or it passes a quarter.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Final, Protocol, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.patch_stdout import patch_stdout

from bot.console.commands import CommandCompleter
from bot.console.words import progress_line
from core.ports.progress import ProgressUpdate

__all__ = ["INTERRUPT", "LineTerminal", "LiveTerminal", "Terminal"]

PROMPT = "studio> "
INTERRUPT: Final = "\x03"  # what `read` returns for Ctrl-C on an empty line


class Terminal(Protocol):
    live: bool  # True: input stays open while commands and jobs run

    def say(self, text: str) -> None: ...

    def progress(self, update: ProgressUpdate) -> None:
        """A job's progress changed (its line is redrawn or printed)."""
        ...

    async def read(self, question: str | None = None, default: str = "") -> str | None:
        """The next line (INTERRUPT for Ctrl-C), or None at the end of input."""
        ...


class LineTerminal:
    live = False

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self._in = stdin
        self._out = stdout
        self._shown: dict[int, tuple[str, int]] = {}

    def say(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    def progress(self, update: ProgressUpdate) -> None:
        if update.state.terminal:
            self._shown.pop(update.job_id, None)
            return
        fraction = update.fraction
        mark = (update.stage or update.state.value, int((fraction or 0.0) * 4))
        if self._shown.get(update.job_id) != mark:
            self._shown[update.job_id] = mark
            self.say(progress_line(update))

    async def read(self, question: str | None = None, default: str = "") -> str | None:
        print(question or PROMPT, end="", file=self._out, flush=True)
        line = await self._readline()
        if not line:
            print(file=self._out, flush=True)  # end of input: finish the prompt's line
            return None
        return line.rstrip("\n")

    async def _readline(self) -> str:
        """One line, read on a daemon thread: a Ctrl-C while it waits must not leave a thread
        that keeps the process alive until the next Enter."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[str] = loop.create_future()

        def deliver(line: str) -> None:
            if not done.done():
                done.set_result(line)

        def read() -> None:
            try:
                line = self._in.readline()
            except (OSError, ValueError):
                line = ""
            with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits
                loop.call_soon_threadsafe(deliver, line)

        threading.Thread(target=read, name="console-stdin", daemon=True).start()
        return await done


class LiveTerminal:
    live = True

    def __init__(self, history: Path, lines: Callable[[], list[str]]) -> None:
        history.parent.mkdir(parents=True, exist_ok=True)
        keys = KeyBindings()

        @keys.add("c-c")
        def _interrupt(event: KeyPressEvent) -> None:
            buffer = event.app.current_buffer
            if buffer.text:
                buffer.reset()  # Ctrl-C drops what was typed, as in a shell
            else:
                event.app.exit(result=INTERRUPT)

        self._lines = lines
        self._question: str | None = None
        self._session: PromptSession[str] = PromptSession(
            history=FileHistory(str(history)),
            completer=CommandCompleter(),
            complete_while_typing=False,
            key_bindings=keys,
        )
        self._patch = patch_stdout(raw=True)

    def __enter__(self) -> LiveTerminal:
        self._patch.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._patch.__exit__(None, None, None)

    def _message(self) -> str:
        """The jobs' lines above the prompt (part of it, so they redraw in place and need no
        cursor-position support from the terminal)."""
        jobs = "".join(line.strip() + "\n" for line in self._lines())
        return jobs + (self._question or PROMPT)

    def say(self, text: str) -> None:
        # Printed above the prompt (stdout is patched while the console runs).
        print(text, file=sys.stdout, flush=True)

    def progress(self, update: ProgressUpdate) -> None:
        app = self._session.app
        if app.is_running:
            app.invalidate()

    async def read(self, question: str | None = None, default: str = "") -> str | None:
        try:
            self._question = question
            return await self._session.prompt_async(self._message, default=default)
        except EOFError:  # Ctrl-D on an empty line
            return None
        except KeyboardInterrupt:  # a SIGINT from outside the terminal: treat as Ctrl-C
            return INTERRUPT
