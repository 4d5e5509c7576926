"""Button custom ids: `studio:<action>:<argument>`, e.g. `studio:cancel:42`.

They carry a job id (or a short key), never state, so a button still works after a restart and
stays far below Discord's 100-character limit. The buttons under a similar-shows answer carry
the answer's key and a result's rank: `studio:show-down:<key>.<rank>`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["MAX_CUSTOM_ID", "Action", "ButtonRef", "make", "make_answer", "parse"]

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
    SHOW_UP = "show-up"  # 👍 on a result of a similar-shows answer
    SHOW_DOWN = "show-down"  # 👎
    SHOW_MORE = "show-more"  # more like this result
    SHOW_REST = "show-rest"  # the buttons of results 6-10, sent privately


@dataclass(frozen=True, slots=True)
class ButtonRef:
    action: Action
    argument: str

    @property
    def job_id(self) -> int | None:
        # isdigit() alone accepts "²", which int() refuses; job ids are ASCII digits.
        argument = self.argument
        return int(argument) if argument.isascii() and argument.isdigit() else None

    @property
    def answer_result(self) -> tuple[str, int] | None:
        """(answer key, rank from 1) of a button under a similar-shows answer."""
        key, _, rank = self.argument.rpartition(".")
        if not (key.isascii() and key.isalnum() and rank.isascii() and rank.isdigit()):
            return None
        return (key, int(rank)) if len(rank) <= 2 else None


def make(action: Action, argument: str | int) -> str:
    custom_id = f"{PREFIX}:{action.value}:{argument}"
    if len(custom_id) > MAX_CUSTOM_ID:
        raise ValueError(f"custom id longer than {MAX_CUSTOM_ID} characters: {custom_id[:40]}...")
    return custom_id


def make_answer(action: Action, key: str, rank: int) -> str:
    """The custom id of a button under result `rank` (from 1) of the answer kept as `key`."""
    return make(action, f"{key}.{rank}")


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
