"""The choices the console offers after a reply (its stand-in for Discord's buttons), and what
the code that makes them needs of the console: `Actions` and `AnswerVotes` are given a
`ConsoleScreen`, not the `Console` itself, so they sit below it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from bot.services import ConsoleServices
from core.context import RequestContext
from core.result import StepResult

__all__ = ["Choice", "ConsoleScreen", "Offers"]


@dataclass(frozen=True, slots=True)
class Choice:
    label: str
    run: Callable[[], Awaitable[None]]
    # Picked only by its whole label ("dislike 2"), never by a number or its first word.
    exact: bool = False


class ConsoleScreen(Protocol):
    """The console as its choices see it: where to print, who asks, where files go."""

    @property
    def data_dir(self) -> Path: ...

    def say(self, text: str) -> None: ...

    def ctx(self) -> RequestContext:
        """The context of a new request (a fresh request id each time)."""
        ...

    def prefill(self, text: str) -> None: ...

    async def services(self) -> ConsoleServices | None: ...


class Offers(Protocol):
    """Where choices are offered, and what follows a reply (`Actions`)."""

    def offer(self, choices: Sequence[Choice], *, line: str | None = None) -> None: ...

    async def after_reply(
        self, result: StepResult[Any], services: ConsoleServices, *, source_text: str
    ) -> None: ...
