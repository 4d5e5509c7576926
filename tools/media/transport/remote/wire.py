"""What travels through Redis between the bot and a `studio worker`, and how files come back.

A render task is one saq job: the function `render`, its `task` argument (the same JSON as the
local pipe's `run` message) and a unique key per dispatch, so a re-delivered job is a new saq job
and a late result of an earlier attempt is never read. While it runs, the worker keeps the latest
`WorkerEvent` in the job's `meta` with a sequence number; the bot polls the job and relays each new
one. The job's result is a `RemoteResult`: the `TaskOutcome`, whether the worker's render process
was lost (the bot re-queues the job), and which worker ran it.

Files: the worker writes them in its own data dir, then each file up to `jobs.inline_result_mb`
travels inline (base64) in the result; a larger one is copied to `jobs.shared_dir` (a folder both
machines mount) and named by its content address; without a shared folder it stays on the
worker machine and the result says where. The bot writes inline files into its own media folder
under their sha256 (checked) and points the refs at local paths, so the frontend attaches them as
if a local worker had made them.

Both ends open the queue with `open_queue()`: its socket timeouts keep a hung Redis from hanging
either of them.

A result is untrusted input (anyone who can write to Redis can forge one): it carries file *names*
(`<sha256>.<ext>`), never paths; the bot derives the path itself, resolves it, checks it lies inside
the shared folder and that the bytes match the sha256, and takes `ext` only from an allow-list.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redis import asyncio as aioredis
from redis.exceptions import RedisError
from saq.queue.redis import RedisQueue

from tools.media.protocol import TaskOutcome, store_bytes

__all__ = [
    "FUNCTION",
    "CorruptResult",
    "RemoteResult",
    "close_queue",
    "open_queue",
    "pack_outcome",
    "unpack_outcome",
]

FUNCTION = "render"
_SOCKET_TIMEOUT_S = 10.0
_CONNECT_TIMEOUT_S = 5.0
_MIB = 2**20
# The kinds of file a render produces (tools.media.gpu.outputs); anything else in a result is
# forged.
ALLOWED_EXTS = frozenset({"png", "mp4", "webp", "gif"})
# `<sha256>.<ext>`; also the older `media/<aa>/<sha256>.<ext>` form that workers before names sent.
_SHARED_NAME = re.compile(
    r"(?:media/[0-9a-f]{2}/)?(?P<digest>[0-9a-f]{64})\.(?P<ext>[a-z0-9]{1,5})"
)


class CorruptResult(Exception):
    """A result that cannot be trusted: malformed, a file name that is not a content address, a
    file outside the shared folder, or bytes that do not match their checksum or size."""


def open_queue(url: str, name: str) -> RedisQueue:
    """A saq queue on `url`. Socket timeouts keep a hung Redis from hanging the caller: every
    blocking command the workers issue waits less than them."""
    client = aioredis.from_url(
        url, socket_timeout=_SOCKET_TIMEOUT_S, socket_connect_timeout=_CONNECT_TIMEOUT_S
    )
    return RedisQueue(client, name=name)


async def close_queue(queue: RedisQueue) -> None:
    """saq's `disconnect()` first unsubscribes over the network, which fails while Redis is
    down; the client is closed whatever happens, so a shutdown never hangs on Redis."""
    with contextlib.suppress(RedisError, OSError):
        await queue.disconnect()
        return
    await queue.redis.aclose()


@dataclass(frozen=True, slots=True)
class RemoteResult:
    outcome: TaskOutcome
    lost: str | None = None  # why the worker's render process ended before the task did
    worker_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"outcome": self.outcome.to_json(), "lost": self.lost, "worker_id": self.worker_id}

    @classmethod
    def from_json(cls, data: Any) -> RemoteResult:
        """Raises CorruptResult when the stored result does not have a result's shape."""
        try:
            outcome = TaskOutcome.from_json(dict(data["outcome"]))
            lost = data.get("lost")
            for result in outcome.results.values():
                if not isinstance(result, dict) or not all(
                    isinstance(ref, dict) for ref in result.get("files", [])
                ):
                    raise TypeError("a job's result or file ref is not an object")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CorruptResult(f"the worker's result is malformed ({exc})") from None
        return cls(
            outcome=outcome,
            lost=None if lost is None else str(lost),
            worker_id=str(data.get("worker_id", "")),
        )


# Rewrites one file ref; returns the new ref, and a note for the user or None.
_RefFn = Callable[[dict[str, Any]], tuple[dict[str, Any], str | None]]


def _map_files(outcome: TaskOutcome, fn: _RefFn, extra: Mapping[str, Any]) -> TaskOutcome:
    """The outcome with every job's file refs passed through `fn`. A note replaces those that
    named the file's old path; when the file moved, notes name its new path instead."""
    results: dict[int, dict[str, Any]] = {}
    for job_id, original in outcome.results.items():
        result = {**original, **extra}
        notes = [str(n) for n in original.get("lowered", [])]
        files = []
        for ref in original.get("files", []):
            new, note = fn(dict(ref))
            files.append(new)
            old_path = str(ref.get("path") or ref.get("worker_path") or "")
            if old_path and note is not None:
                notes = [n for n in notes if old_path not in n] + [note]
            elif old_path and new.get("path"):
                notes = [n.replace(old_path, str(new["path"])) for n in notes]
        result["files"] = files
        result["lowered"] = notes
        results[job_id] = result
    return TaskOutcome(
        outcome.task_id,
        ok=outcome.ok,
        results=results,
        error_code=outcome.error_code,
        message=outcome.message,
        error_id=outcome.error_id,
        timings=dict(outcome.timings),
    )


# -- worker side -------------------------------------------------------------------------------
def pack_outcome(
    outcome: TaskOutcome, *, inline_limit_bytes: int, shared_dir: Path | None, worker_id: str
) -> TaskOutcome:
    """Make every file ref of an outcome readable on another machine (reads and copies files:
    call it off the event loop)."""
    return _map_files(
        outcome,
        lambda ref: _pack_ref(
            ref, inline_limit=inline_limit_bytes, shared_dir=shared_dir, worker=worker_id
        ),
        {"worker_id": worker_id},
    )


def _pack_ref(
    ref: dict[str, Any], *, inline_limit: int, shared_dir: Path | None, worker: str
) -> tuple[dict[str, Any], str | None]:
    path = Path(str(ref.pop("path")))
    ref["ext"] = path.suffix.lstrip(".")
    ref["worker_path"] = str(path)  # the engine's notes name it; the bot swaps in its own path
    size = int(ref.get("bytes") or path.stat().st_size)
    if size <= inline_limit:
        ref["inline"] = base64.b64encode(path.read_bytes()).decode("ascii")
        return ref, None
    if shared_dir is not None:
        ref["shared"] = _copy_to_shared(path, shared_dir, str(ref.get("sha256") or path.stem))
        return ref, None
    ref["over_limit"] = True
    return ref, (
        f"The file ({size / _MIB:.1f} MiB) is larger than the job queue carries "
        f"(jobs.inline_result_mb) and no shared folder is set (jobs.shared_dir), so it is kept "
        f"on worker {worker} at {path}."
    )


def _shared_path(shared_dir: Path, name: str) -> Path:
    return shared_dir / "media" / name[:2] / name


def _copy_to_shared(path: Path, shared_dir: Path, digest: str) -> str:
    """Copy under the same content address as the worker's own media folder (atomically: a
    reader never sees half a file); returns the file's name (the bot derives the path)."""
    name = f"{digest}{path.suffix}"
    target = _shared_path(shared_dir, name)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        os.close(fd)
        shutil.copyfile(path, tmp)
        Path(tmp).replace(target)
    return name


# -- bot side ----------------------------------------------------------------------------------
def unpack_outcome(
    outcome: TaskOutcome, *, media_dir: Path, shared_dir: Path | None
) -> TaskOutcome:
    """Turn a packed outcome's refs into local paths (writes files: call it off the event loop).
    Raises CorruptResult when an inline file's sha256 or a shared file's size is wrong."""
    try:
        return _map_files(
            outcome, lambda ref: _unpack_ref(ref, media_dir=media_dir, shared_dir=shared_dir), {}
        )
    except (TypeError, ValueError, AttributeError) as exc:  # a forged field of the wrong type
        raise CorruptResult(f"the worker's result is malformed ({exc})") from None


def _unpack_ref(
    ref: dict[str, Any], *, media_dir: Path, shared_dir: Path | None
) -> tuple[dict[str, Any], str | None]:
    ref.pop("path", None)  # a path from the worker's machine means nothing here, and is untrusted
    ext = str(ref.pop("ext", "") or "")
    if ext not in ALLOWED_EXTS:
        raise CorruptResult(f"a file came back with a type that no render makes ({ext[:20]!r})")
    inline = ref.pop("inline", None)
    shared = ref.pop("shared", None)
    if isinstance(inline, str):
        data = base64.b64decode(inline)
        if hashlib.sha256(data).hexdigest() != ref.get("sha256"):
            raise CorruptResult(f"the {ext} file came back with a different sha256")
        path, _ = store_bytes(data, media_dir, ext)
        ref["path"] = str(path)
        return ref, None
    if isinstance(shared, str):
        name = _shared_name(shared, ext, ref)
        if shared_dir is None or not _shared_path(shared_dir, name).is_file():
            ref["over_limit"] = True
            return ref, (
                f"The file is in the workers' shared folder as {name}, but this bot cannot "
                "read it there; set jobs.shared_dir to the same folder as the bot sees it."
            )
        ref["path"] = str(_checked_shared_file(shared_dir, name, ref))
        return ref, None
    if shared is not None or inline is not None:
        raise CorruptResult("a file came back with a malformed inline or shared field")
    ref["over_limit"] = True  # kept on the worker machine: the worker's note says where
    return ref, None


def _shared_name(shared: str, ext: str, ref: Mapping[str, Any]) -> str:
    """The file's name in the shared folder: its sha256 and allowed type, nothing else."""
    match = _SHARED_NAME.fullmatch(shared)
    if match is None or match["ext"] != ext or match["digest"] != ref.get("sha256"):
        raise CorruptResult(
            f"a shared file came back with a name that is not its sha256 ({shared[:80]!r})"
        )
    return f"{match['digest']}.{ext}"


def _checked_shared_file(shared_dir: Path, name: str, ref: Mapping[str, Any]) -> Path:
    """The real file (links followed) when it lies inside the shared folder and its size and
    sha256 are the ones reported."""
    where = _shared_path(shared_dir, name).resolve()
    if not where.is_relative_to(shared_dir.resolve()):
        raise CorruptResult(f"the shared file {name} points outside the shared folder")
    if where.stat().st_size != int(ref.get("bytes") or -1):
        raise CorruptResult(f"the shared file {name} has a different size than reported")
    digest = hashlib.sha256()
    with where.open("rb") as fh:
        for block in iter(lambda: fh.read(_MIB), b""):
            digest.update(block)
    if digest.hexdigest() != ref.get("sha256"):
        raise CorruptResult(f"the shared file {name} has a different sha256 than reported")
    return where
