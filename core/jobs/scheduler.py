"""The order queued jobs run in: priority first, then fair between users, then first come.

Fairness is start-time fair queueing with one unit of cost per job: a job's tag is the later of
the queue's virtual time (the tag of the last job started, plus one) and the tag after its user's
previous job. One user's twenty drafts get tags 0..19, so a second user arriving later gets a tag
near the current time and runs next, alternating with the first; users who were served before but
have nothing waiting carry no debt, so jobs arriving together run in the order they arrived.
Tags are fixed at push, so `order()` is a sort and every queued job's position (and ETA) is what
will happen if nothing new arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from core.jobs.model import Job

__all__ = ["FairQueue", "user_key"]


def user_key(job: Job) -> str:
    return f"{job.tenant}:{job.user_id}"


class FairQueue:
    def __init__(self) -> None:
        self._jobs: dict[int, Job] = {}
        # Start tags of queued and running jobs; a re-queued job keeps its tag (it goes first).
        self._tags: dict[int, int] = {}
        self._next_tag: dict[str, int] = {}  # per user: the tag after their last job
        self._vtime = 0

    def __len__(self) -> int:
        return len(self._jobs)

    def __contains__(self, job_id: object) -> bool:
        return job_id in self._jobs

    def __iter__(self) -> Iterator[Job]:
        return iter(self.order())

    def get(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    def push(self, job: Job) -> None:
        if job.id not in self._tags:
            user = user_key(job)
            tag = max(self._vtime, self._next_tag.get(user, 0))
            self._tags[job.id] = tag
            self._next_tag[user] = tag + 1
        self._jobs[job.id] = job

    def replace(self, job: Job) -> None:
        if job.id in self._jobs:
            self._jobs[job.id] = job

    def remove(self, job_id: int) -> Job | None:
        """Take a queued job out for good (cancelled)."""
        self._tags.pop(job_id, None)
        return self._jobs.pop(job_id, None)

    def release(self, job_id: int) -> None:
        """A started job reached its final state: forget its tag."""
        if job_id not in self._jobs:
            self._tags.pop(job_id, None)

    def oldest_created_at(self) -> float | None:
        return min((j.created_at for j in self._jobs.values()), default=None)

    def pop_next(self) -> Job | None:
        """Take the job that runs next; the queue's virtual time moves to it."""
        if not self._jobs:
            return None
        job = min(self._jobs.values(), key=self._key)
        self._vtime = max(self._vtime, self._tags[job.id] + 1)
        return self._jobs.pop(job.id)

    def companions(
        self,
        head: Job,
        *,
        key: Callable[[Job], str | None],
        cost: Callable[[Job], int],
        budget: int,
    ) -> list[Job]:
        """Queued jobs that can share `head`'s run (same batch key), in queue order, within the
        budget; they are taken from the queue (riding along does not move virtual time)."""
        head_key = key(head)
        if head_key is None:
            return []
        left = budget - cost(head)
        chosen: list[Job] = []
        for job in self.order():
            if left <= 0:
                break
            if key(job) == head_key and cost(job) <= left:
                chosen.append(job)
                left -= cost(job)
        return [self._jobs.pop(job.id) for job in chosen]

    def order(self) -> list[Job]:
        """Every queued job, in the order they would start."""
        return sorted(self._jobs.values(), key=self._key)

    def positions(self) -> dict[int, int]:
        """1-based position of every queued job."""
        return {job.id: i for i, job in enumerate(self.order(), start=1)}

    def _key(self, job: Job) -> tuple[int, int, int]:
        return (int(job.priority), self._tags[job.id], job.id)
