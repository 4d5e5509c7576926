"""What the three parts of tools.media say to each other: tasks, events, outcomes and files.

The job side (`tools.media.jobs`) turns jobs into a `RenderTask` and hands it to a
`WorkerTransport` (`tools.media.transport`: the local process, or Redis); the GPU side
(`tools.media.gpu`) runs it and answers with `WorkerEvent`s and a `TaskOutcome`. This module is
all the parts share: none of them imports another.

The messages are plain dataclasses that turn into JSON, one message per line, so the local pipe
and Redis carry the same messages. Files never travel in them: the worker writes them under the
media dir by content address (`store_bytes`) and sends their paths.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "EventHandler",
    "RenderItem",
    "RenderTask",
    "TaskOutcome",
    "WorkerDied",
    "WorkerEvent",
    "WorkerTransport",
    "store_bytes",
]


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


EventHandler = Callable[[WorkerEvent], Awaitable[None]]


class WorkerDied(Exception):
    """The worker process ended (crash, kill, out of host memory) while it had a task: the job
    side asks the job service to run the job again."""


class WorkerTransport(Protocol):
    """Delivers render tasks to a worker and its events back (the local process, or Redis).

    `capacity` is how many tasks may start now: always one for the local process, the free
    slots of the live workers for Redis, which calls the `on_capacity` callbacks when it grows."""

    @property
    def capacity(self) -> int: ...

    def on_capacity(self, wake: Callable[[], None]) -> None: ...

    async def run(self, task: RenderTask, on_event: EventHandler) -> TaskOutcome: ...

    async def cancel(self, task_id: str) -> None: ...


def store_bytes(data: bytes, media_dir: Path, ext: str) -> tuple[Path, str]:
    """Write `data` under its sha256 (atomically; an existing copy is kept): the layout
    `<media_dir>/<aa>/<sha256>.<ext>` both the worker and the bot side rely on."""
    digest = hashlib.sha256(data).hexdigest()
    path = media_dir / digest[:2] / f"{digest}.{ext}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).replace(path)
    return path, digest
