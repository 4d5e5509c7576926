"""Button custom ids: `studio:<action>:<argument>`, e.g. `studio:cancel:42`.

They carry a job id (or a short key), never state, so a button still works after a restart and
stays far below Discord's 100-character limit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["MAX_CUSTOM_ID", "Action", "ButtonRef", "make", "parse"]

PREFIX = "studio"
MAX_CUSTOM_ID = 100


class Action(enum.StrEnum):
    CANCEL = "cancel"
    REROLL = "reroll"
    VARY = "vary"
    FINAL = "final"
    INFO = "info"
    CONFIRM_RUN = "confirm-run"
    CONFIRM_EDIT = "confirm-edit"
    CONFIRM_CANCEL = "confirm-cancel"
    CONFIRM_MODAL = "confirm-modal"
    CACHE_CLEAR = "cache-clear"
    CACHE_KEEP = "cache-keep"


@dataclass(frozen=True, slots=True)
class ButtonRef:
    action: Action
    argument: str

    @property
    def job_id(self) -> int | None:
        # isdigit() alone accepts "²", which int() refuses; job ids are ASCII digits.
        argument = self.argument
        return int(argument) if argument.isascii() and argument.isdigit() else None


def make(action: Action, argument: str | int) -> str:
    custom_id = f"{PREFIX}:{action.value}:{argument}"
    if len(custom_id) > MAX_CUSTOM_ID:
        raise ValueError(f"custom id longer than {MAX_CUSTOM_ID} characters: {custom_id[:40]}...")
    return custom_id


def parse(custom_id: str) -> ButtonRef | None:
    """None for ids that are not ours (another bot's components never reach us, but be safe)."""
    prefix, _, rest = custom_id.partition(":")
    action, _, argument = rest.partition(":")
    if prefix != PREFIX or not argument:
        return None
    try:
        return ButtonRef(Action(action), argument)
    except ValueError:
        return None
