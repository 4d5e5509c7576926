"""Reopening the show library after a failed start: throttled, shared by concurrent callers, and
the member told why and that it comes back by itself."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from bot.wiring.recovery import RecoveringTool, RetrievalRecovery
from bot.wiring.retrieval import RetrievalParts
from core.clock import FakeClock
from core.context import RequestContext
from core.result import ErrorCode, StepResult

DOWN = "The vector database (http://qdrant:6333) is not reachable."


class Opener:
    def __init__(self) -> None:
        self.up = False
        self.calls = 0
        self.parts = cast(RetrievalParts, object())

    async def __call__(self) -> StepResult[RetrievalParts]:
        self.calls += 1
        await asyncio.sleep(0)  # let concurrent callers pile up on the attempt
        if self.up:
            return StepResult.success(self.parts)
        return StepResult.failure(ErrorCode.UNAVAILABLE, DOWN)


async def test_a_closed_library_is_retried_at_most_once_per_interval() -> None:
    clock, opener = FakeClock(), Opener()
    library = RetrievalRecovery(opener, clock=clock, every_s=30)
    first = await library.ensure()
    assert first.error is not None and first.error.code is ErrorCode.UNAVAILABLE
    assert DOWN in first.error.message and "by itself" in first.error.message
    clock.advance(10)
    opener.up = True
    assert (await library.ensure()).error is not None  # too soon: no new attempt
    assert opener.calls == 1
    clock.advance(20)
    assert (await library.ensure()).value is opener.parts
    assert opener.calls == 2
    clock.advance(3600)
    assert (await library.ensure()).value is opener.parts and opener.calls == 2  # stays open


async def test_members_asking_at_once_share_one_attempt() -> None:
    clock, opener = FakeClock(), Opener()
    library = RetrievalRecovery(opener, clock=clock, every_s=0)
    results = await asyncio.gather(*(library.ensure() for _ in range(5)))
    assert all(r.error is not None for r in results)
    assert opener.calls == 1


async def test_a_show_tool_answers_with_the_reason_while_closed() -> None:
    library = RetrievalRecovery(Opener(), clock=FakeClock(), every_s=30)
    tool = RecoveringTool("find_similar", library)
    ctx = cast(Any, RequestContext)  # never reached: the library is closed
    result = await tool.run(cast(Any, None), ctx)
    assert result.error is not None and result.error.retryable
    assert "reopens the show library by itself" in result.error.message
