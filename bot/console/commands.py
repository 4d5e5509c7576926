"""The console's command words: slash syntax as in Discord, the buttons' actions as commands, and
completion of command and option names while typing.

`/imagine prompt:"a fox" count:2`, `/show similar title:"Fleabag"`, `/job cancel id:3`; a result's
buttons are `/reroll`, `/vary`, `/final` and `/job info` (each takes `id:N`, default: the latest
finished job), or the number printed beside them.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from bot.custom_ids import Action
from core.intent.schema import PARAMS_BY_INTENT, Intent
from core.text_input import clean, quote

__all__ = [
    "HELP",
    "ActionCommand",
    "CommandCompleter",
    "parse_action",
    "parse_slash",
]

HELP = """Commands (options are name:value; quote values with spaces):
  /imagine prompt:"a red fox in the snow" [count:1-4] [aspect:square|portrait|landscape]
           [quality:draft|final] [seed:N] [style:"..."] [negative_prompt:"..."]
  /animate prompt:"a paper boat in the rain" [seconds:1-10] [aspect:...] [quality:...]
  /show add title:"My Show" [text:"a synopsis"]     analyse a show
  /show dna title:"Breaking Bad"                     its narrative DNA
  /show similar title:"Fleabag" [k:1-10] [facet:plot|theme|structure|character|all]
  /transform title:"Friends" setting:"a Mars colony" [scenes:1-12] [tone:"..."] [storyboard:true]
  /job status [id:N]    /job cancel [id:N]    /job info [id:N]
  /reroll [id:N]   /vary [id:N]   /final [id:N]   what a finished image's buttons do
  /help                 this list
  /quit                 leave the console (Ctrl-D too); jobs still running resume at the next start
Or just say what you want: "draw a lighthouse in a storm, landscape", "shows like Fargo".
When choices are listed as [1] Run [2] Edit ..., type the number or the word.
Tab completes commands and options; Up and Down recall earlier lines; Ctrl-C clears the line."""

COMMANDS: Mapping[tuple[str, ...], Intent] = {
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
# The buttons under a job's result (bot.render.progress.result_buttons), typed.
ACTIONS: Mapping[tuple[str, ...], Action] = {
    ("reroll",): Action.REROLL,
    ("vary",): Action.VARY,
    ("final",): Action.FINAL,
    ("job", "info"): Action.INFO,
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
_EXTRA_WORDS = ("/help", "/quit")


@dataclass(frozen=True, slots=True)
class ActionCommand:
    """A button's action typed as a command: `/vary id:3` -> (VARY, 3)."""

    action: Action
    job_id: int | None


def _split_command(line: str) -> tuple[tuple[str, ...], str] | None:
    """(command words, the rest) for a known command or action, else None."""
    body = line.lstrip("/")
    words = body.split()
    for size in (2, 1):
        key = tuple(w.lower() for w in words[:size])
        if len(key) == size and (key in COMMANDS or key in ACTIONS):
            rest = body.split(None, size)[size] if len(words) > size else ""
            return key, rest
    return None


def parse_slash(line: str) -> tuple[Intent, dict[str, Any]] | str:
    """(intent, options) of a slash command, or what is wrong with it. Text values are cleaned
    (NFKC) as Discord's options are; nothing long the user typed is echoed back."""
    line = clean(line)
    found = _split_command(line)
    if found is None or found[0] not in COMMANDS:
        word = line.split(maxsplit=1)[0]
        shown = word if len(word) <= 30 else quote(word, 30)
        return f"Unknown command {shown}. Type /help for the list."
    key, rest = found
    intent = COMMANDS[key]
    options: dict[str, Any] = {}
    for m in _OPTION.finditer(rest):
        name = _ALIASES.get(m.group(1).lower(), m.group(1).lower())
        options[name] = next(g for g in m.groups()[1:] if g is not None)
    bare = _OPTION.sub(" ", rest).strip()
    if bare:
        target = _BARE_OPTION.get(intent)
        if target is None or target in options:
            return f"I could not tell which option {quote(bare)} is; write it as name:value."
        options[target] = bare.strip("\"'")
    return intent, options


def parse_action(line: str) -> ActionCommand | str | None:
    """A button action typed as a command; None when the line is not one; a str when its job id
    is wrong."""
    found = _split_command(clean(line))
    if found is None or found[0] not in ACTIONS:
        return None
    key, rest = found
    match = re.fullmatch(r"(?:(?:id|job|job_id):)?\s*#?(\d{1,15})", rest.strip())
    if rest.strip() and match is None:
        return f"/{' '.join(key)} takes a job number, like id:3."
    return ActionCommand(ACTIONS[key], int(match.group(1)) if match else None)


def _option_names(intent: Intent) -> list[str]:
    names = list(PARAMS_BY_INTENT[intent].model_fields)
    return ["id" if name == "job_id" else name for name in names]


def _option_values(intent: Intent, name: str) -> list[str]:
    field = PARAMS_BY_INTENT[intent].model_fields.get(name)
    if field is None:
        return []
    values: list[str] = []
    annotation = field.annotation
    union = typing.get_origin(annotation) is not typing.Literal and typing.get_args(annotation)
    for arg in union or (annotation,):
        if typing.get_origin(arg) is typing.Literal:
            values += [str(v) for v in typing.get_args(arg)]
        elif arg is bool:
            values += ["true", "false"]
    return values


class CommandCompleter(Completer):
    """Completes `/command` words, then `option:` names, then the values of choice options."""

    def __init__(self) -> None:
        words = {"/" + " ".join(key) for key in (*COMMANDS, *ACTIONS)} | set(_EXTRA_WORDS)
        words.discard("/show analyze")  # an alias of /show add: one name is enough to offer
        self._commands = sorted(words)

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        text = document.text_before_cursor
        if not text.startswith("/"):
            return
        found = _split_command(text)
        if found is None or (not found[1] and not text.endswith(" ")):
            for word in self._commands:
                if word.startswith(text.lower()) and word != text.lower():
                    yield Completion(word + " ", start_position=-len(text))
            return
        key = found[0]
        intent = COMMANDS.get(key)
        if intent is None:
            return
        current = text.split(" ")[-1]
        name, colon, value = current.partition(":")
        if colon:
            for choice in _option_values(intent, _ALIASES.get(name, name)):
                if choice.startswith(value):
                    yield Completion(choice + " ", start_position=-len(value))
            return
        typed = set(re.findall(r"(\w+):", text))
        for option in _option_names(intent):
            if option.startswith(current) and option not in typed:
                yield Completion(option + ":", start_position=-len(current))
