"""The store keeps every field of a job across connections, and finds jobs the way users ask."""

from __future__ import annotations

from core.jobs.model import Job, JobKind, Priority
from core.jobs.store import JobStore
from core.ports.progress import JobState


async def test_a_job_round_trips_every_field(store: JobStore) -> None:
    job, created = await store.insert(
        Job(
            id=0,
            kind=JobKind.VIDEO,
            params={"prompt": "boat", "seconds": 2},
            tenant="g",
            user_id="u",
            priority=Priority.FINAL,
            channel_id="c",
            request_id="r",
            created_at=5.0,
            parent_id=None,
        )
    )
    assert created and job.id > 0
    done = job.evolve(
        status=JobState.SUCCEEDED,
        result={"files": [{"path": "/x.mp4"}]},
        attempts=1,
        started_at=6.0,
        finished_at=9.0,
        thread_id="t",
        message_id="m",
    )
    await store.update(done)
    assert await store.get(job.id) == done
    assert await store.get(job.id, tenant="other") is None
    assert await store.integrity_ok()


async def test_latest_active_and_counts(store: JobStore) -> None:
    a, _ = await store.insert(Job(id=0, kind=JobKind.IMAGE, params={}, tenant="g", user_id="u"))
    b, _ = await store.insert(Job(id=0, kind=JobKind.IMAGE, params={}, tenant="g", user_id="u"))
    await store.update(a.evolve(status=JobState.FAILED))
    c, _ = await store.insert(Job(id=0, kind=JobKind.IMAGE, params={}, tenant="g", user_id="v"))
    latest = await store.latest("g", "u")
    assert latest is not None and latest.id == b.id
    assert [j.id for j in await store.active()] == [b.id, c.id]
    assert await store.count_active("g", "u") == 1
    assert await store.count_active("g") == 2
    assert await store.count_active("elsewhere") == 0


async def test_a_repeated_request_id_returns_the_first_job(store: JobStore) -> None:
    first, created = await store.insert(
        Job(
            id=0,
            kind=JobKind.IMAGE,
            params={"prompt": "1"},
            tenant="g",
            user_id="u",
            request_id="i-1",
        )
    )
    again, created_again = await store.insert(
        Job(
            id=0,
            kind=JobKind.IMAGE,
            params={"prompt": "2"},
            tenant="g",
            user_id="u",
            request_id="i-1",
        )
    )
    assert created and not created_again and again.id == first.id
    assert again.params == {"prompt": "1"}
