"""`studio console`: Studio's commands in a terminal, for trying the bot without Discord.

Reads one line at a time; `/help` lists the commands, `/quit` or end of input exits cleanly.
"""

from __future__ import annotations

from typing import TextIO

from core.config import Settings

__all__ = ["run_console"]

PROMPT = "studio> "
BANNER = "Studio console. Type /help for the commands, /quit (or Ctrl-D) to leave."
HELP = """Commands:
  /help                 this list
  /quit                 leave the console
Image, video, show and script commands arrive with their features; until then a sentence
is answered with what is not available yet."""
NOT_YET = "That is not available yet in this version: only /help and /quit work so far."


def run_console(settings: Settings, *, stdin: TextIO, stdout: TextIO) -> int:
    del settings  # the commands that need it are wired as their features land
    print(BANNER, file=stdout)
    while True:
        print(PROMPT, end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:  # EOF
            print(file=stdout)
            return 0
        text = line.strip()
        if not text:
            continue
        if text in ("/quit", "/exit"):
            return 0
        if text == "/help":
            print(HELP, file=stdout)
            continue
        print(NOT_YET, file=stdout)
