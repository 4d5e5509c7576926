"""The show library behind a door that reopens: the library can fail to open at start-up
(Qdrant down, say) and the rest of the bot serves meanwhile.

Everything that needs the library (the show tools, the show-analysis runner, the show lookups
script writing makes) goes through `RetrievalRecovery.ensure()`. While the library is closed it
is tried again on demand, at most once per `every_s`: when a member uses a show feature and when
/readyz is probed, so an outage that ends needs no restart. Jobs queued meanwhile are kept (and
survive a restart); one that runs while the library is still closed fails with the reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel

from bot.wiring.retrieval import RetrievalParts
from core.clock import Clock
from core.context import RequestContext
from core.jobs.model import Job, JobKind
from core.logging import get_logger
from core.ports.jobs import JobReporter
from core.ports.shows import ShowBrief
from core.result import ErrorCode, StepResult

__all__ = ["RecoveringRunner", "RecoveringShows", "RecoveringTool", "RetrievalRecovery"]

log = get_logger(__name__)

Opener = Callable[[], Awaitable[StepResult[RetrievalParts]]]


class RetrievalRecovery:
    def __init__(self, open_library: Opener, *, clock: Clock, every_s: float) -> None:
        self._open = open_library
        self._clock = clock
        self._every_s = every_s
        self._lock = asyncio.Lock()
        self._last_try: float | None = None
        self._failure: StepResult[Any] | None = None
        self._attempts = 0
        self.parts: RetrievalParts | None = None

    async def ensure(self) -> StepResult[RetrievalParts]:
        """The open library, opening it when the last try is old enough; else why it is closed."""
        asked = self._clock.monotonic()
        async with self._lock:
            if self.parts is not None:
                return StepResult.success(self.parts)
            now = self._clock.monotonic()
            # Callers who waited on an attempt that began after they asked share its outcome.
            shared = self._last_try is not None and self._last_try >= asked
            due = self._last_try is None or now - self._last_try >= self._every_s
            if self._failure is None or (due and not shared):
                self._last_try = now
                self._attempts += 1
                opened = await self._open()
                if opened.value is not None:
                    self.parts, self._failure = opened.value, None
                    log.info("retrieval_opened", attempt=self._attempts)
                    return opened
                error = opened.unwrap_error()
                log.error(
                    "retrieval_unavailable",
                    code=error.code.value,
                    reason=error.message,
                    attempt=self._attempts,
                )
                self._failure = StepResult.failure(
                    ErrorCode.UNAVAILABLE,
                    f"{error.message} Studio reopens the show library by itself once it answers "
                    f"(checked at most every {self._every_s:g} s).",
                    retryable=True,
                )
            return self._failure.cast_error()

    async def close(self) -> None:
        if self.parts is not None:
            await self.parts.close()
            self.parts = None


class RecoveringTool:
    """A show tool (by name) that runs once the library is open."""

    def __init__(self, name: str, library: RetrievalRecovery) -> None:
        self._name = name
        self._library = library

    @property
    def name(self) -> str:
        return self._name

    async def run(self, params: BaseModel, ctx: RequestContext) -> StepResult[Any]:
        opened = await self._library.ensure()
        if opened.value is None:
            return opened.cast_error()
        return await opened.value.tools[self._name].run(params, ctx)


class RecoveringRunner:
    """The show-analysis runner, registered from the start so jobs can queue (and are not
    dropped after a restart) while the library is closed."""

    def __init__(self, library: RetrievalRecovery) -> None:
        self._library = library

    @property
    def kinds(self) -> frozenset[JobKind]:
        return frozenset({JobKind.SHOW_ANALYSIS})

    async def run(self, job: Job, reporter: JobReporter) -> StepResult[dict[str, Any]]:
        opened = await self._library.ensure()
        if opened.value is None:
            return opened.cast_error()
        return await opened.value.runner.run(job, reporter)


class RecoveringShows:
    """core.ports.shows.ShowLibrary for script writing, over the library once it is open."""

    def __init__(self, library: RetrievalRecovery) -> None:
        self._library = library

    async def find(self, tenant: str, title: str) -> StepResult[ShowBrief]:
        opened = await self._library.ensure()
        if opened.value is None:
            return opened.cast_error()
        return await opened.value.shows.find(tenant, title)

    async def neighbours(self, tenant: str, work_id: str, k: int) -> StepResult[list[ShowBrief]]:
        opened = await self._library.ensure()
        if opened.value is None:
            return opened.cast_error()
        return await opened.value.shows.neighbours(tenant, work_id, k)
