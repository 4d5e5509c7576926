"""Which of the project's files one `/imagine` runs, from the interaction to the first progress
edit that shows a denoising step, measured by running it rather than by reading the docs.

The real composition root behind the loopback Discord emulator, with a tiny diffusers pipeline in
the worker subprocess (as tests/e2e/test_full_stack.py). A first /imagine warms everything up
(worker start, model load); the second is measured. A profiler records every call into a file
of bot/, core/ or tools/, in the bot's process and (through a `sitecustomize` on the worker's
PYTHONPATH) in the worker process, from the moment the interaction is sent until
`DiscordProgressTransport.edit()` returns from the first edit whose embed shows a step.

Figures (one JSON line):
- files: project files whose code ran in that window, both processes together;
- by_package: the same, per top-level package;
- cross_cutting: of those, the ones every request passes whatever it asks (logging, metrics,
  clock, settings, the REST pacer): the walk in docs/architecture.md leaves them out;
- walk_files: files minus cross_cutting, the figure to hold against the doc's count;
- progress_leg_files: files on one step event's way from the worker's step callback to the
  edit that shows it (cross-cutting ones left out);
- progress_leg_stays: the same leg as a path of files, one stay per run of calls in a file
  (a file that calls two helpers in turn counts three stays of its own);
- reentered / reentries: call chains in the bot's process, in the window, that enter a file
  again from further down its own stack (`A <- B <- A`, callee first): 0 means none.

    python benchmarks/imagine_walk.py          # prints the JSON line; the file lists on stderr
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import re
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

PACKAGES = ("bot", "core", "tools")
_RESUMABLE = inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR
_RESUMABLE |= inspect.CO_ITERABLE_COROUTINE
Call = tuple[float, str, str, str]  # (time, file, function, task: "worker" in the worker process)
# Passed by every request whatever it asks; the docs' walk does not name them.
CROSS_CUTTING = frozenset(
    {
        "core/logging.py",
        "core/metrics.py",
        "core/clock.py",
        "core/config.py",
        "core/errors.py",
        "bot/pacer.py",
        "bot/api_errors.py",
        "tools/media/gpu/memory.py",  # the worker's heartbeat, sent whether or not it renders
    }
)
_STEP = re.compile(r"step \d+/\d+")
# The worker's step callback, where the progress leg starts, and the worker's line writer.
LEG_OUT = "send"
PREVIEW = "latent_preview_png"
LEG_START = ("tools/media/gpu/", "on_step")

_WORKER_TRACER = textwrap.dedent(
    """
    import json, os, sys, threading, time
    _root = os.environ["STUDIO_WALK_ROOT"]
    # The worker leaves through os._exit (no atexit): every call is written at once.
    _out = open(os.environ["STUDIO_WALK_OUT"] + f".{os.getpid()}", "a", buffering=1)
    _last = [None]
    _started = {}

    def _profile(frame, event, arg):
        if event != "call":
            return
        name = frame.f_code.co_filename
        if not name.startswith(_root):
            return
        rel = name[len(_root):]
        if rel.split("/", 1)[0] not in ("bot", "core", "tools"):
            return
        if frame.f_code.co_flags & 0x3A0:  # a generator or coroutine: only its start counts
            if id(frame) in _started:
                return
            _started[id(frame)] = frame
        key = (rel, frame.f_code.co_name)
        if key != _last[0]:
            _last[0] = key
            _out.write(json.dumps([time.time(), rel, frame.f_code.co_name]) + "\\n")

    sys.setprofile(_profile)
    threading.setprofile(_profile)
    """
)


class Recorder:
    """Calls into the project's files in this process, in order, while `on` is set."""

    def __init__(self) -> None:
        self.root = str(ROOT) + "/"
        self.calls: list[Call] = []
        self.on = False
        self.done = asyncio.Event()
        self._edit_frame: FrameType | None = None
        self._last: tuple[str, str] | None = None
        # Resuming a coroutine after an await is reported as a call too: only its start counts.
        self._started: dict[int, FrameType] = {}
        self.reentered: set[str] = set()

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        if not self.on:
            return
        name = frame.f_code.co_filename
        if not name.startswith(self.root):
            return
        rel = name[len(self.root) :]
        if rel.split("/", 1)[0] not in PACKAGES:
            return
        code = frame.f_code.co_name
        if event == "call" and frame.f_code.co_flags & _RESUMABLE:
            if id(frame) in self._started:
                return
            self._started[id(frame)] = frame  # held, so its id is not reused meanwhile
        if event == "call":
            self._note_reentry(frame, rel)
            key = (rel, code)
            if key != self._last:
                self._last = key
                self.calls.append((time.time(), rel, code, _task_name()))
            if rel == "bot/progress_transport.py" and code == "edit" and _shows_a_step(frame):
                self._edit_frame = frame
        elif event == "return" and frame is self._edit_frame:
            self.on = False
            self.done.set()

    def _note_reentry(self, frame: FrameType, rel: str) -> None:
        """A file called again from further down its own call stack (A -> B -> A): the kind of
        back-and-forth a newcomer cannot follow."""
        chain = [rel]
        caller = frame.f_back
        while caller is not None and len(chain) < 60:
            name = caller.f_code.co_filename
            if name.startswith(self.root) and name[len(self.root) :].split("/", 1)[0] in PACKAGES:
                other = name[len(self.root) :]
                if other != chain[-1]:
                    chain.append(other)
            caller = caller.f_back
        if rel in chain[2:]:
            back = chain[: chain.index(rel, 2) + 1]
            self.reentered.add(" <- ".join(back))


def _task_name() -> str:
    try:
        task = asyncio.current_task()
    except RuntimeError:  # a thread without a loop (aiosqlite's)
        return "thread"
    return task.get_name() if task is not None else "loop"


def _shows_a_step(frame: FrameType) -> bool:
    """The edit shows "step 3/30" (`progress_message()` in bot/render/progress.py)."""
    message = frame.f_locals.get("message")
    embeds = getattr(message, "embeds", None) or []
    return any(_STEP.search(str(embed.to_dict())) for embed in embeds)


async def measure(tmp: Path) -> tuple[Recorder, float, float]:
    from bot.wiring import build_services
    from tests.e2e.harness import start_studio
    from tests.support.tiny_pipelines import tiny_models

    tiny = tiny_models()
    overrides = {
        "catalog": {"load_starter": False},
        "jobs": {"heartbeat_s": 1.0},
        "http": {"enabled": "off"},
        "discord": {"progress_min_interval_s": 0.05},
        "media": {
            "image_model_draft": str(tiny.image),
            "device": "cpu",
            "cpu_threads": 1,
            "draft_size": 32,
            "draft_steps": 30,
            "preview_interval_s": 0.1,
        },
    }
    studio = await start_studio(tmp / "studio", factory=build_services, overrides=overrides)
    emu = studio.emu
    recorder = Recorder()
    try:
        warm = await emu.invoke("bob", "imagine", prompt="a red fox", seed=1)
        (reply,) = await emu.wait_answered(warm, timeout=120)
        thread = await emu.wait_until(lambda: emu.thread_of(reply), timeout=60, what="thread")
        await emu.wait_until(
            lambda: next((m for m in emu.visible(thread) if "is done" in m.content), None),
            timeout=120,
            what="the warm-up job's result",
        )
        sys.setprofile(recorder)
        threading.setprofile(recorder)
        recorder.on = True
        started = time.time()
        measured = await emu.invoke("carol", "imagine", prompt="a lighthouse at night", seed=2)
        await asyncio.wait_for(recorder.done.wait(), timeout=120)
        ended = time.time()
        (reply,) = await emu.wait_answered(measured, timeout=60)
        thread = await emu.wait_until(lambda: emu.thread_of(reply), timeout=60, what="thread")
        await emu.wait_until(
            lambda: next((m for m in emu.visible(thread) if "is done" in m.content), None),
            timeout=120,
            what="the measured job's result",
        )
    finally:
        recorder.on = False
        sys.setprofile(None)
        threading.setprofile(None)
        await studio.stop()
    return recorder, started, ended


def figures(
    tmp: Path, bot_calls: list[Call], reentered: set[str], started: float, ended: float
) -> dict[str, Any]:
    worker: list[Call] = []
    for dump in tmp.glob("worker.json.*"):
        for line in dump.read_text().splitlines():
            at, rel, code = json.loads(line)
            worker.append((at, rel, code, "worker"))
    worker = [c for c in worker if started <= c[0] <= ended]
    calls = sorted(bot_calls + worker)
    files = sorted({c[1] for c in calls})
    by_package = {p: sum(1 for f in files if f.startswith(p + "/")) for p in PACKAGES}
    cross = sorted(set(files) & CROSS_CUTTING)
    leg = [c for c in progress_leg(calls) if c[1] not in CROSS_CUTTING]
    print("files:", *files, sep="\n  ", file=sys.stderr)
    print("progress leg:", *_stays(leg), sep="\n  ", file=sys.stderr)
    return {
        "files": len(files),
        "by_package": by_package,
        "cross_cutting": len(cross),
        "walk_files": len(files) - len(cross),
        "progress_leg_files": len({c[1] for c in leg}),
        "progress_leg_stays": len(_stays(leg)),
        "reentered": len(reentered),
        "reentries": sorted(reentered),
        "worker_traced": bool(worker),
    }


def progress_leg(calls: list[Call]) -> list[Call]:
    """One step event's way, from the worker's step callback to the edit that shows it: the
    worker's part (callback to the line written; the first event that carries a preview), the
    bot's reader task (that line read, to the sink's `publish`), then the sink's delivery task
    (its last `_show`, the edit the window ends on)."""
    worker_calls = [c for c in calls if c[3] == "worker"]
    segments: list[list[Call]] = []
    for i, call in enumerate(worker_calls):
        if call[2] == LEG_START[1]:
            out = next(j for j in range(i + 1, len(worker_calls)) if worker_calls[j][2] == LEG_OUT)
            segments.append(worker_calls[i : out + 1])
    worker = next((seg for seg in segments if any(c[2] == PREVIEW for c in seg)), segments[0])
    reader = [c for c in calls if c[3] == "media-worker-reader" and c[0] >= worker[-1][0]]
    sunk = next(i for i, c in enumerate(reader) if c[1] == "bot/progress.py" and c[2] == "publish")
    delivery = [c for c in calls if c[3].startswith("progress-")]
    shown = max(i for i, c in enumerate(delivery) if c[2] == "_show")
    return worker + reader[: sunk + 1] + delivery[shown:]


def _stays(calls: list[Call]) -> list[str]:
    return [rel for i, (_, rel, _c, _t) in enumerate(calls) if i == 0 or calls[i - 1][1] != rel]


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        hook = tmp / "hook"
        hook.mkdir()
        (hook / "sitecustomize.py").write_text(_WORKER_TRACER)
        os.environ["PYTHONPATH"] = os.pathsep.join(
            [str(hook), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        os.environ["STUDIO_WALK_ROOT"] = str(ROOT) + "/"
        os.environ["STUDIO_WALK_OUT"] = str(tmp / "worker.json")
        recorder, started, ended = asyncio.run(measure(tmp))
        print(json.dumps(figures(tmp, recorder.calls, recorder.reentered, started, ended)))


if __name__ == "__main__":
    main()
