"""Queue order: priority, then round-robin between users, then first come first served."""

from __future__ import annotations

from core.jobs.model import Job, JobKind, Priority
from core.jobs.scheduler import FairQueue


def _job(
    job_id: int, user: str, priority: Priority = Priority.INTERACTIVE, **params: object
) -> Job:
    return Job(
        id=job_id,
        kind=JobKind.IMAGE,
        params=dict(params),
        tenant="g",
        user_id=user,
        priority=priority,
    )


def test_order_matches_what_pop_next_does() -> None:
    queue = FairQueue()
    for job in [
        _job(1, "a"),
        _job(2, "a"),
        _job(3, "a"),
        _job(4, "b"),
        _job(5, "c"),
        _job(6, "b", Priority.FINAL),
        _job(7, "c", Priority.BULK),
    ]:
        queue.push(job)
    planned = [j.id for j in queue.order()]
    popped = []
    while (job := queue.pop_next()) is not None:
        popped.append(job.id)
    assert planned == popped == [1, 4, 5, 2, 3, 6, 7]
    assert queue.order() == []


def test_a_user_with_a_backlog_alternates_with_one_who_arrives_later() -> None:
    queue = FairQueue()
    for job_id in range(1, 6):
        queue.push(_job(job_id, "heavy"))
    first = queue.pop_next()
    assert first is not None and first.id == 1  # running now
    queue.push(_job(6, "light"))
    queue.push(_job(7, "light"))
    assert [j.id for j in queue.order()] == [2, 6, 3, 7, 4, 5]


def test_being_served_before_is_no_debt_once_nothing_waits() -> None:
    queue = FairQueue()
    for job_id in range(1, 4):  # one user alone, one job at a time
        queue.push(_job(job_id, "a"))
        assert queue.pop_next() is not None
    queue.push(_job(4, "a"))
    queue.push(_job(5, "b"))
    assert queue.positions() == {4: 1, 5: 2}  # arrived first, runs first


def test_companions_take_same_key_jobs_within_the_budget_in_queue_order() -> None:
    queue = FairQueue()
    for job in [
        _job(1, "a", n=1),
        _job(2, "b", n=2),
        _job(3, "c", n=1, final=True),
        _job(4, "d", n=2),
        _job(5, "e", n=1),
    ]:
        queue.push(job)
    head = queue.pop_next()
    assert head is not None and head.id == 1
    taken = queue.companions(
        head,
        key=lambda j: None if j.params.get("final") else "draft",
        cost=lambda j: int(j.params["n"]),  # type: ignore[call-overload]
        budget=4,
    )
    assert [j.id for j in taken] == [2, 5]  # 1+2+1 = 4; job 4 (2 more) does not fit
    assert [j.id for j in queue.order()] == [3, 4]
