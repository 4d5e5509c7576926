"""Progress of long work (GPU jobs, show analysis, script writing), published to a frontend.

The Discord sink edits one message in the job's thread at most about once a second and always
delivers the final state; the console sink draws a bar. Publishers never wait on a frontend.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from core.result import StepError

__all__ = ["JobState", "ProgressSink", "ProgressUpdate", "StageLine"]


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def terminal(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)


@dataclass(frozen=True, slots=True)
class StageLine:
    """One line of a checklist (script writing: rules, outline, scene 1..N, exports)."""

    name: str
    state: Literal["pending", "running", "done", "failed", "skipped"]


@dataclass(frozen=True, slots=True)
class ProgressUpdate:
    job_id: int
    kind: str  # image | video | show_analysis | transform
    state: JobState
    stage: str = ""  # queued, loading model, denoising, decoding, encoding, scene 3...
    step: int | None = None
    total: int | None = None
    eta_s: float | None = None
    queue_position: int | None = None
    preview_png: bytes | None = None
    stages: tuple[StageLine, ...] = ()
    # Something the user should know: "lowered size to 384x384 after running out of GPU memory",
    # "the worker stopped; retrying (attempt 2 of 3)".
    note: str | None = None
    error: StepError | None = None
    # The job's result (files, texts) on the final update of a succeeded job.
    result: Any = None
    summary: str = ""  # what the job is, e.g. the prompt or the show title
    # Who and where: the job's progress message, so a frontend re-attaches to it after a restart
    # (set with JobService.attach_message) and knows whom to mention.
    tenant: str | None = None
    user_id: str | None = None
    channel_id: str | None = None
    thread_id: str | None = None
    message_id: str | None = None

    @property
    def fraction(self) -> float | None:
        if self.step is None or not self.total:
            return None
        return max(0.0, min(1.0, self.step / self.total))


class ProgressSink(Protocol):
    async def publish(self, update: ProgressUpdate) -> None:
        """Take an update. Must not block the publisher on network I/O."""
        ...
