"""Compatible queued drafts run as one batch; finals and other shapes run alone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.jobs.model import Job, JobKind
from core.ports.jobs import JobReporter
from core.ports.progress import JobState
from core.result import StepResult
from tests.support.jobs import RecordingSink, ctx
from tests.unit.core.jobs.conftest import MakeQueue


class BatchRunner:
    kinds = frozenset({JobKind.IMAGE})

    def __init__(self) -> None:
        self.passes: list[list[int]] = []

    def batch_key(self, job: Job) -> str | None:
        return None if job.params.get("quality") == "final" else f"draft-{job.params['size']}"

    def batch_cost(self, job: Job) -> int:
        return int(job.params.get("count", 1))

    async def run(self, job: Job, reporter: JobReporter) -> StepResult[dict[str, Any]]:
        return (await self.run_batch([job], [reporter]))[0]

    async def run_batch(
        self, jobs: Sequence[Job], reporters: Sequence[JobReporter]
    ) -> list[StepResult[dict[str, Any]]]:
        self.passes.append([j.id for j in jobs])
        for r in reporters:
            await r.progress(stage="denoising", step=1, total=1)
        return [StepResult.success({"batch": len(jobs)}) for _ in jobs]


async def test_queued_drafts_of_one_shape_share_a_pass_up_to_max_batch(
    make_queue: MakeQueue, sink: RecordingSink
) -> None:
    runner = BatchRunner()
    queue = await make_queue(runner, start=False, max_batch=4)
    spec = [("a", 512, 1), ("b", 512, 2), ("c", 768, 1), ("d", 512, 1), ("e", 512, 1)]
    ids = [
        (await queue.submit(JobKind.IMAGE, {"prompt": u, "size": s, "count": n}, ctx(u)))
        .unwrap()
        .job.id
        for u, s, n in spec
    ]
    final = (
        (
            await queue.submit(
                JobKind.IMAGE, {"prompt": "f", "quality": "final", "size": 512}, ctx("f")
            )
        )
        .unwrap()
        .job.id
    )
    await queue.start()
    await sink.wait_final(*ids, final)
    a, b, c, d, e = ids
    assert runner.passes == [[a, b, d], [c], [e], [final]]
    assert all(sink.final(j).state is JobState.SUCCEEDED for j in [*ids, final])  # type: ignore[union-attr]
    assert sink.final(a).result == {"batch": 3}  # type: ignore[union-attr]


async def test_batching_off_runs_every_job_alone(
    make_queue: MakeQueue, sink: RecordingSink
) -> None:
    runner = BatchRunner()
    queue = await make_queue(runner, start=False, batch_drafts=False)
    ids = [
        (await queue.submit(JobKind.IMAGE, {"prompt": u, "size": 512}, ctx(u))).unwrap().job.id
        for u in "ab"
    ]
    await queue.start()
    await sink.wait_final(*ids)
    assert runner.passes == [[ids[0]], [ids[1]]]
