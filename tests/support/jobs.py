"""Job-system test helpers: a recording progress sink and a fake runner that takes steps."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from core.clock import FakeClock
from core.context import RequestContext
from core.jobs.model import Job, JobKind, WorkProfile
from core.ports.jobs import JobReporter
from core.ports.progress import ProgressUpdate
from core.result import ErrorCode, StepResult

__all__ = ["RecordingSink", "StepRunner", "ctx"]


class RecordingSink:
    def __init__(self) -> None:
        self.updates: list[ProgressUpdate] = []
        self._changed = asyncio.Event()

    async def publish(self, update: ProgressUpdate) -> None:
        self.updates.append(update)
        self._changed.set()

    def of(self, job_id: int) -> list[ProgressUpdate]:
        return [u for u in self.updates if u.job_id == job_id]

    def final(self, job_id: int) -> ProgressUpdate | None:
        finals = [u for u in self.of(job_id) if u.state.terminal]
        return finals[-1] if finals else None

    async def wait_any(self, timeout: float = 5.0) -> None:
        """Wait for the next update."""
        self._changed.clear()
        await asyncio.wait_for(self._changed.wait(), timeout)

    async def wait_final(self, *job_ids: int, timeout: float = 5.0) -> None:
        async def all_final() -> None:
            while not all(self.final(j) for j in job_ids):
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(all_final(), timeout)


class StepRunner:
    """Takes `steps` steps of `step_s` fake seconds each, reporting every step; can be held at a
    step by clearing `gate`, and stops at the next step once cancelled."""

    def __init__(
        self,
        clock: FakeClock,
        *,
        kinds: frozenset[JobKind] = frozenset({JobKind.IMAGE}),
        steps: int = 4,
        step_s: float = 0.5,
        fixed_s: float = 1.0,
    ) -> None:
        self.kinds = kinds
        self.clock = clock
        self.steps = steps
        self.step_s = step_s
        self.fixed_s = fixed_s
        self.started: list[int] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.outcome: Callable[[Job], StepResult[dict[str, Any]] | None] = lambda job: None

    def profile(self, job: Job) -> WorkProfile:
        return WorkProfile(model="fake", width=64, height=64, steps=self.steps)

    async def run(self, job: Job, reporter: JobReporter) -> StepResult[dict[str, Any]]:
        self.started.append(job.id)
        await reporter.progress(stage="loading model")
        self.clock.advance(self.fixed_s)
        for step in range(1, self.steps + 1):
            await self.gate.wait()
            if reporter.cancelled:
                return StepResult.failure(ErrorCode.CANCELLED, "stopped")
            self.clock.advance(self.step_s)
            await asyncio.sleep(0)
            await reporter.progress(stage="denoising", step=step, total=self.steps)
        forced = self.outcome(job)
        if forced is not None:
            return forced
        return StepResult.success({"files": [f"/media/{job.id}.png"]})


def ctx(
    user: str = "u1", tenant: str = "g1", request: str | None = None, **kw: Any
) -> RequestContext:
    return RequestContext(tenant=tenant, user_id=user, request_id=request, **kw)
