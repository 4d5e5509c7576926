"""Turns the reporter's `cancelled` flag into task cancellation of the model calls in flight.

The job reporter only exposes a flag, so a small watcher polls it and sets an event; stages race
their calls against that event and cancel what is still running when it fires.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Final, TypeVar

from core.ports.jobs import JobReporter

__all__ = ["CANCELLED", "CancelWatch"]

T = TypeVar("T")


class _Cancelled:
    def __repr__(self) -> str:
        return "CANCELLED"


CANCELLED: Final = _Cancelled()


class CancelWatch:
    def __init__(self, reporter: JobReporter, *, poll_s: float) -> None:
        self._reporter = reporter
        self._poll_s = poll_s
        self.event = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> CancelWatch:
        self._task = asyncio.create_task(self._watch(), name="transform-cancel-watch")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @property
    def cancelled(self) -> bool:
        return self.event.is_set() or self._reporter.cancelled

    async def _watch(self) -> None:
        # The port offers a flag, not an event, so it is polled.
        while not self._reporter.cancelled:  # noqa: ASYNC110
            await asyncio.sleep(self._poll_s)
        self.event.set()

    async def run(self, work: Awaitable[T]) -> T | _Cancelled:
        """The work's value, or CANCELLED (the work's task cancelled) if the user cancels first."""
        if self.cancelled:
            if asyncio.iscoroutine(work):
                work.close()  # never started: close it so no "never awaited" warning
            return CANCELLED
        task = asyncio.ensure_future(work)
        waiter = asyncio.ensure_future(self.event.wait())
        try:
            await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            task.cancel()
            raise
        finally:
            waiter.cancel()
        if task.done():
            return task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return CANCELLED
