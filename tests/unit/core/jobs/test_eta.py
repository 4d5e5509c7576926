"""ETAs learned from history: wrong at first (a prior), close once jobs have finished."""

from __future__ import annotations

import math

from core.clock import FakeClock
from core.jobs.eta import EtaModel
from core.jobs.model import JobKind, WorkProfile
from core.ports.progress import JobState
from tests.support.jobs import RecordingSink, StepRunner, ctx
from tests.unit.core.jobs.conftest import MakeQueue


async def test_eta_error_shrinks_as_history_grows(
    make_queue: MakeQueue, clock: FakeClock, sink: RecordingSink
) -> None:
    runner = StepRunner(clock, steps=8, step_s=0.05, fixed_s=0.2)
    queue = await make_queue(runner, max_queued_per_user=100)
    errors: list[float] = []
    for i in range(20):
        # Real GPUs jitter: +-10 % from job to job.
        runner.step_s = 0.05 * (1 + 0.1 * math.sin(i))
        actual = runner.fixed_s + 8 * runner.step_s
        job = (await queue.submit(JobKind.IMAGE, {"prompt": str(i)}, ctx())).unwrap().job
        await sink.wait_final(job.id)
        started = next(u for u in sink.of(job.id) if u.state is JobState.RUNNING)
        assert started.eta_s is not None
        errors.append(abs(started.eta_s - actual) / actual)
    assert errors[0] > 1.0  # the prior knows nothing about this GPU
    late = sum(errors[-5:]) / 5
    assert late < 0.15, errors
    assert late < errors[0] / 10
    # Learned history survives a restart: it is stored with the jobs.
    stats = await queue._rt.store.eta_stats()
    assert stats and stats[0].samples == 20


def test_unseen_sizes_borrow_from_the_same_model_scaled_by_pixels() -> None:
    eta = EtaModel()
    small = WorkProfile(model="m", width=512, height=512, steps=4)
    eta.observe(small, total_s=3.0, step_s=0.5)
    big = WorkProfile(model="m", width=1024, height=1024, steps=4)
    assert eta.estimate(small) == 3.0
    assert eta.estimate(big) == 1.0 + 4 * 2.0  # 4x the pixels per step, same fixed cost
    more_steps = WorkProfile(model="m", width=512, height=512, steps=30)
    assert eta.estimate(more_steps) == 1.0 + 30 * 0.5


def test_remaining_time_follows_the_reported_step() -> None:
    eta = EtaModel()
    profile = WorkProfile(model="m", width=64, height=64, steps=10)
    eta.observe(profile, total_s=12.0, step_s=1.0)
    assert eta.remaining(profile, elapsed_s=0.0, step=None) == 12.0
    assert eta.remaining(profile, elapsed_s=5.0, step=8) == 2 * 1.0 + 1.0
