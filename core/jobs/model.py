"""The job model shared by the store, the scheduler, the worker and the frontends."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any

from core.ports.progress import JobState

__all__ = ["Job", "JobKind", "JobState", "JobTicket", "Priority", "WorkProfile"]


class JobKind(enum.StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    SHOW_ANALYSIS = "show_analysis"
    TRANSFORM = "transform"


class Priority(enum.IntEnum):
    """Lower runs first: interactive drafts before finals before bulk work."""

    INTERACTIVE = 0
    FINAL = 1
    BULK = 2


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    kind: JobKind
    params: dict[str, Any]
    tenant: str
    user_id: str
    status: JobState = JobState.QUEUED
    priority: Priority = Priority.INTERACTIVE
    channel_id: str | None = None
    thread_id: str | None = None
    message_id: str | None = None
    request_id: str | None = None  # the interaction id: one interaction never makes two jobs
    progress: float = 0.0
    stage: str = ""
    attempts: int = 0
    created_at: float = 0.0
    started_at: float | None = None
    finished_at: float | None = None
    result: dict[str, Any] = field(default_factory=dict)  # file refs, texts, what was lowered
    error_code: str | None = None
    error_message: str | None = None
    parent_id: int | None = None  # reroll/vary/final of another job

    def evolve(self, **changes: Any) -> Job:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class JobTicket:
    """What the user is told when a job is accepted: "queued #3, ETA 40 s"."""

    job: Job
    position: int  # 1 = next to run; 0 = running now
    eta_s: float | None


@dataclass(frozen=True, slots=True)
class WorkProfile:
    """What a job costs to run, as far as timing goes."""

    model: str
    width: int = 0
    height: int = 0
    steps: int = 1
    frames: int = 1
    batch: int = 1

    @property
    def shape_key(self) -> str:
        return f"{self.model}|{self.width}x{self.height}|f{self.frames}|b{self.batch}"

    @property
    def work_per_step(self) -> float:
        """Pixels processed per step; per-step time scales roughly with it."""
        area = max(1, self.width) * max(1, self.height)
        return float(area * max(1, self.frames) * max(1, self.batch))
