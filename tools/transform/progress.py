"""The checklist a user watches while a script is written: rules, outline, scene 1..N, exports.

Every change is published through the job reporter (the same port as GPU jobs), so the thread's
progress message ticks each scene off as it finishes, in whatever order they finish.
"""

from __future__ import annotations

from typing import Literal

from core.ports.jobs import JobReporter
from core.ports.progress import StageLine

__all__ = ["StageBoard"]

State = Literal["pending", "running", "done", "failed", "skipped"]
_FINISHED = frozenset({"done", "failed", "skipped"})


class StageBoard:
    def __init__(self, reporter: JobReporter, *, scenes: int, storyboard: bool) -> None:
        self._reporter = reporter
        names = ["rules", "outline", *(f"scene {i}" for i in range(1, scenes + 1)), "exports"]
        if storyboard:
            names.append("storyboard")
        self._states: dict[str, State] = dict.fromkeys(names, "pending")

    @property
    def lines(self) -> tuple[StageLine, ...]:
        return tuple(StageLine(name, state) for name, state in self._states.items())

    def state(self, name: str) -> State:
        return self._states[name]

    async def set(self, name: str, state: State, *, note: str | None = None) -> None:
        self._states[name] = state
        finished = sum(1 for s in self._states.values() if s in _FINISHED)
        await self._reporter.progress(
            stage=name if state == "running" else self._current(),
            step=finished,
            total=len(self._states),
            stages=self.lines,
            note=note,
        )

    async def skip_pending(self, *, note: str | None = None) -> None:
        """Mark what will not run any more (after a cancel or a failure) in one update."""
        for name, state in self._states.items():
            if state in ("pending", "running"):
                self._states[name] = "skipped"
        await self._reporter.progress(
            stage="stopped",
            step=len(self._states),
            total=len(self._states),
            stages=self.lines,
            note=note,
        )

    def _current(self) -> str:
        running = [n for n, s in self._states.items() if s == "running"]
        if running:
            return running[0] if len(running) == 1 else f"{running[0]} (+{len(running) - 1})"
        pending = [n for n, s in self._states.items() if s == "pending"]
        return pending[0] if pending else "done"
