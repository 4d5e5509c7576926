"""Fixtures: a real SQLite store in a temp dir, a fake clock, a recording sink, a queue maker."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from core.clock import FakeClock
from core.config import JobSettings
from core.jobs.service import JobQueue
from core.jobs.store import JobStore
from core.metrics import Metrics
from tests.support.jobs import RecordingSink


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[JobStore]:
    s = await JobStore.open(tmp_path / "jobs.sqlite3")
    yield s
    await s.close()


MakeQueue = Callable[..., Awaitable[JobQueue]]


@pytest.fixture
async def make_queue(
    store: JobStore, sink: RecordingSink, clock: FakeClock
) -> AsyncIterator[MakeQueue]:
    made: list[JobQueue] = []

    async def make(*runners: Any, start: bool = True, **settings: Any) -> JobQueue:
        queue = JobQueue(
            store,
            settings=JobSettings(**settings),
            sink=sink,
            metrics=Metrics(),
            clock=clock,
            runners=runners,
        )
        made.append(queue)
        if start:
            await queue.start()
        return queue

    yield make
    for queue in made:
        await queue.close()
