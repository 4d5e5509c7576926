"""What the bot side and a worker process say to each other: tasks, events and outcomes.

Plain dataclasses that turn into JSON, one message per line, so the local pipe (and a Redis
transport later) carries the same messages. Files never travel through it: the worker writes
them under the data dir and sends their paths.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field
from typing import Any

from tools.media.presets import RenderSpec

__all__ = ["RenderItem", "RenderTask", "TaskOutcome", "WorkerEvent"]


@dataclass(frozen=True, slots=True)
class RenderItem:
    """One job's share of a task: its prompt and seeds (a batch holds several)."""

    job_id: int
    prompt: str
    negative_prompt: str | None
    seeds: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class RenderTask:
    task_id: str
    kind: str  # image | video
    model: str
    quality: str
    width: int
    height: int
    steps: int
    guidance: float
    items: tuple[RenderItem, ...]
    frames: int = 1
    fps: int = 0
    attachment_limit_bytes: int = 10 * 1024 * 1024

    @classmethod
    def from_specs(
        cls, task_id: str, specs: list[tuple[int, RenderSpec]], *, attachment_limit_bytes: int
    ) -> RenderTask:
        """One task for jobs that share a shape (the first spec gives it)."""
        first = specs[0][1]
        return cls(
            task_id=task_id,
            kind=first.kind,
            model=first.model,
            quality=first.quality,
            width=first.width,
            height=first.height,
            steps=first.steps,
            guidance=first.guidance,
            frames=first.frames,
            fps=first.fps,
            attachment_limit_bytes=attachment_limit_bytes,
            items=tuple(
                RenderItem(job_id, spec.prompt, spec.negative_prompt, spec.seeds)
                for job_id, spec in specs
            ),
        )

    @property
    def images(self) -> int:
        return sum(len(item.seeds) for item in self.items)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RenderTask:
        items = tuple(
            RenderItem(
                job_id=int(i["job_id"]),
                prompt=str(i["prompt"]),
                negative_prompt=i.get("negative_prompt"),
                seeds=tuple(int(s) for s in i["seeds"]),
            )
            for i in data["items"]
        )
        return cls(**{**data, "items": items})


@dataclass(frozen=True, slots=True)
class WorkerEvent:
    task_id: str
    stage: str
    step: int | None = None
    total: int | None = None
    previews: dict[int, bytes] = field(default_factory=dict)  # job id -> PNG
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "task_id": self.task_id,
            "stage": self.stage,
            "step": self.step,
            "total": self.total,
            "previews": {str(k): base64.b64encode(v).decode() for k, v in self.previews.items()},
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WorkerEvent:
        return cls(
            task_id=data["task_id"],
            stage=data["stage"],
            step=data.get("step"),
            total=data.get("total"),
            previews={int(k): base64.b64decode(v) for k, v in data.get("previews", {}).items()},
            note=data.get("note"),
        )


@dataclass(frozen=True, slots=True)
class TaskOutcome:
    """ok: `results` maps each job id to its result dict (files, seeds, what was lowered...).
    Otherwise `error_code` is an ErrorCode value and `message` is meant for the user."""

    task_id: str
    ok: bool
    results: dict[int, dict[str, Any]] = field(default_factory=dict)
    error_code: str | None = None
    message: str | None = None
    error_id: str | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["results"] = {str(k): v for k, v in self.results.items()}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TaskOutcome:
        results = {int(k): v for k, v in data.get("results", {}).items()}
        return cls(**{**data, "results": results})
