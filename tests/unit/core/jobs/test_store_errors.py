"""A job store that cannot write (a full disk) never stops the queue: a start that could not be
recorded is retried with the job keeping its place, and an outcome that could not be recorded
still reaches the user."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest

from core.clock import FakeClock
from core.jobs.model import Job, JobKind
from core.jobs.store import JobStore
from core.ports.progress import JobState
from tests.support.jobs import RecordingSink, StepRunner, ctx
from tests.unit.core.jobs.conftest import MakeQueue


def disk_full() -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = sqlite3.SQLITE_FULL  # what SQLite sets when a write finds no space
    return error


def fail_updates(
    monkeypatch: pytest.MonkeyPatch, store: JobStore, when: Callable[[Job], bool], times: int
) -> list[Job]:
    refused: list[Job] = []
    real = store.update

    async def update(job: Job) -> None:
        if when(job) and len(refused) < times:
            refused.append(job)
            raise disk_full()
        await real(job)

    monkeypatch.setattr(store, "update", update)
    return refused


async def test_a_start_the_store_cannot_record_is_retried_and_the_queue_keeps_going(
    make_queue: MakeQueue,
    store: JobStore,
    sink: RecordingSink,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refused = fail_updates(monkeypatch, store, lambda j: j.status is JobState.RUNNING, times=3)
    queue = await make_queue(StepRunner(clock, steps=2))
    first = (await queue.submit(JobKind.IMAGE, {"prompt": "a fox"}, ctx("alice"))).unwrap()
    await sink.wait_final(first.job.id)
    second = (await queue.submit(JobKind.IMAGE, {"prompt": "an owl"}, ctx("bob"))).unwrap()
    await sink.wait_final(second.job.id)
    assert len(refused) == 3  # three starts were refused, then the disk had room again
    for ticket in (first, second):
        assert sink.final(ticket.job.id).state is JobState.SUCCEEDED
        stored = (await queue.get(ticket.job.id, ctx())).unwrap()
        assert stored.status is JobState.SUCCEEDED and stored.attempts == 1


async def test_an_outcome_the_store_cannot_record_still_reaches_the_user(
    make_queue: MakeQueue,
    store: JobStore,
    sink: RecordingSink,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fail_updates(monkeypatch, store, lambda j: j.status is JobState.SUCCEEDED, times=1)
    queue = await make_queue(StepRunner(clock, steps=2))
    ticket = (await queue.submit(JobKind.IMAGE, {"prompt": "a fox"}, ctx())).unwrap()
    await sink.wait_final(ticket.job.id)
    final = sink.final(ticket.job.id)
    assert final.state is JobState.SUCCEEDED and final.result["files"]
    assert final.note is not None and "disk is full" in final.note
    later = (await queue.submit(JobKind.IMAGE, {"prompt": "an owl"}, ctx())).unwrap()
    await sink.wait_final(later.job.id)  # the lane is still alive
    assert sink.final(later.job.id).state is JobState.SUCCEEDED
