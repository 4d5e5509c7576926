"""The console's `ProgressSink`: every live job keeps one progress line, and a job that ends is
handed to the console, which prints its outcome and saves its files.

Publishers (the job service) never wait on the terminal: `publish` only records the update and
calls the console's callbacks, which print without blocking.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from bot.console.words import progress_line
from core.context import CONSOLE_TENANT
from core.ports.progress import ProgressUpdate

__all__ = ["ConsoleProgress", "result_paths", "save_results"]

OnUpdate = Callable[[ProgressUpdate], None]
OnFinished = Callable[[ProgressUpdate], Awaitable[None]]


class ConsoleProgress:
    def __init__(self) -> None:
        self.live: dict[int, ProgressUpdate] = {}
        self.final: dict[int, ProgressUpdate] = {}
        self._done: dict[int, asyncio.Event] = {}
        self.on_update: OnUpdate | None = None
        self.on_finished: OnFinished | None = None

    async def publish(self, update: ProgressUpdate) -> None:
        if update.tenant not in (None, CONSOLE_TENANT):
            return  # a job of another frontend sharing the data dir: not ours to show
        if update.state.terminal:
            self.live.pop(update.job_id, None)
            first = update.job_id not in self.final
            self.final[update.job_id] = update
            if self.on_update is not None:
                self.on_update(update)
            if first and self.on_finished is not None:
                await self.on_finished(update)
            self._event(update.job_id).set()
            return
        if update.job_id in self.final:
            return  # a late update of a job already reported (a cancelled run winding down)
        self.live[update.job_id] = update
        if self.on_update is not None:
            self.on_update(update)

    def lines(self) -> list[str]:
        """One line per queued or running job, in job order."""
        return [progress_line(self.live[job_id]) for job_id in sorted(self.live)]

    def _event(self, job_id: int) -> asyncio.Event:
        return self._done.setdefault(job_id, asyncio.Event())

    async def wait(self, job_id: int) -> ProgressUpdate:
        await self._event(job_id).wait()
        return self.final[job_id]


def save_results(job_id: int, result: Any, data_dir: Path) -> list[Path]:
    """Copy a finished job's files under <data_dir>/console/job-<id>/ and return the copies
    (again on every call: a copy already there is kept)."""
    found = list(dict.fromkeys(result_paths(result)))  # a file named under two keys: once
    if not found:
        return []
    target = data_dir / "console" / f"job-{job_id}"
    target.mkdir(parents=True, exist_ok=True)
    saved = []
    for index, source in enumerate(found, start=1):
        dest = target / f"{index:02d}{source.suffix}"
        if not dest.exists():
            shutil.copyfile(source, dest)
        saved.append(dest)
    return saved


def result_paths(value: Any) -> list[Path]:
    """Existing files named anywhere in a job result ({"files": [{"path": ...}], ...})."""
    out: list[Path] = []
    if isinstance(value, Mapping):
        if isinstance(value.get("path"), str) and Path(value["path"]).is_file():
            out.append(Path(value["path"]))
        for key, item in value.items():
            if key != "path":
                out.extend(result_paths(item))
    elif isinstance(value, list | tuple):
        for item in value:
            out.extend(result_paths(item))
    return out
