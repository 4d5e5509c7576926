"""`studio console` in a real pseudo-terminal (pexpect), as a person at a keyboard uses it: the
whole studio (composition root) with a tiny image pipeline slowed to 200 steps, so jobs are still
running while the next command is typed."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from tests.support.tiny_pipelines import tiny_models

ROOT = Path(__file__).resolve().parents[2]
START_S = 180  # a cold start (torch and the models) on a busy 2-core machine
JOB_S = 120


def _env(data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "STUDIO_DATA_DIR": str(data_dir),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "STUDIO_CATALOG__LOAD_STARTER": "false",
        "STUDIO_HTTP__ENABLED": "off",
        "STUDIO_MEDIA__IMAGE_MODEL_DRAFT": str(tiny_models().image),
        "STUDIO_MEDIA__DEVICE": "cpu",
        "STUDIO_MEDIA__CPU_THREADS": "1",
        "STUDIO_MEDIA__DRAFT_SIZE": "128",
        "STUDIO_MEDIA__DRAFT_STEPS": "200",
        # one job at a time, so some wait in the queue while another runs
        "STUDIO_JOBS__BATCH_DRAFTS": "false",
        # The tests poll /job status while the worker starts (a few seconds); the console, not
        # the per-member rate limit, is what they check.
        "STUDIO_LIMITS__COMMANDS_PER_MINUTE": "1000",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    env.pop("ANTHROPIC_API_KEY", None)
    env.pop("DISCORD_TOKEN", None)
    return env


class Session:
    """One `studio console` process on a pseudo-terminal; `seen` is everything it printed."""

    def __init__(self, data_dir: Path) -> None:
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "bot", "console"],
            env=_env(data_dir),
            cwd=str(ROOT),
            encoding="utf-8",
            timeout=JOB_S,
            dimensions=(40, 160),
        )
        self.log = data_dir / "logs" / "console.log"

    def expect(self, pattern: str, timeout: float = JOB_S) -> re.Match[str]:
        self.child.expect(pattern, timeout=timeout)
        match = self.child.match
        assert isinstance(match, re.Match)
        return match

    def type(self, line: str) -> None:
        self.child.send(line + "\r")

    def wait_running(self, job_id: int) -> None:
        """Ask /job status until the job is denoising (typing while it runs)."""
        for _ in range(100):
            self.type(f"/job status id:{job_id}")
            found = self.expect(rf"Job #{job_id} \(image\): (\w+)(, \d+% (\w+))?")
            if found.group(1) == "running" and found.group(3) == "denoising":
                return
            assert found.group(1) in ("queued", "running"), found.group(0)
            time.sleep(0.2)
        raise AssertionError(f"job {job_id} never ran")

    def ready(self) -> str:
        return self.expect(r"Ready \(\d+ s\)\.([^\r\n]*)", timeout=START_S).group(1)

    def leave(self) -> str:
        """Ctrl-D; what it printed until the process ended."""
        self.child.sendcontrol("d")
        self.child.expect(pexpect.EOF, timeout=60)
        before = str(self.child.before)
        self.child.close()
        assert self.child.exitstatus == 0, before
        return before

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Session]:
    session = Session(tmp_path)
    yield session
    session.close()


def _no_noise(text: str) -> None:
    for noise in ("Traceback", "terminate called", "requires torchvision", "Loading weights", '{"'):
        assert noise not in text, f"{noise!r} printed into the conversation"


def test_two_jobs_cancel_while_running_long_input_and_ctrl_keys(
    console: Session, tmp_path: Path
) -> None:
    assert f"Logs: {console.log}" in str(console.expect(r"Logs: [^\r\n]+").group(0))
    console.ready()
    console.type("/imagine a red fox")
    console.expect(r"Job #1 \(image\) is (queued|running)")
    console.type("/imagine a blue boat")
    console.expect(r"Job #2 \(image\) is queued, #1 in line")
    # Input is live while job 1 runs: each job has its own line, and cancel acts at once.
    console.expect(r"job 1 \[")
    console.expect(r"job 2 \[")
    console.wait_running(1)
    console.type("/job cancel id:1")
    console.expect(r"Cancelled job #1 \(image\)\.")
    console.expect(r"Job #2 is done\.")
    saved = tmp_path / "console" / "job-2" / "01.png"
    console.expect(re.escape(f"saved {saved}"))
    console.expect(r"\[1\] Reroll  \[2\] Vary  \[3\] Final quality  \[4\] Info")
    assert saved.read_bytes().startswith(b"\x89PNG")
    console.type("2")  # the Vary button, by its number
    console.expect(r"Job #3 \(image\) is (queued|running)")
    console.expect(r"\[1\] Cancel")
    console.type("/job status id:1")
    console.expect(r"Job #1 \(image\): cancelled, Cancelled by its owner\.(?!\.)")

    # A 5000-character title (longer than a terminal's 4095-character line) is refused by its
    # length; the reply does not echo it back.
    console.type("/show dna title:" + "x" * 5000)
    reply = console.expect(r"title is 5000 characters long[^\r\n]*").group(0)
    assert "xxxxxxxxxx" not in reply

    # Ctrl-C drops a typed line; on an empty line it asks before leaving.
    console.child.send("hello there")
    console.child.sendcontrol("c")
    console.type("/job status id:2")
    console.expect(r"Job #2 \(image\): succeeded\.")
    console.child.sendcontrol("c")
    console.expect(r"Leave the console\? \[y/N\]")
    console.type("n")
    console.type("/job status id:2")
    console.expect(r"Job #2 \(image\): succeeded\.")
    text = str(console.child.before) + console.leave()
    _no_noise(text)
    assert "Hi!" not in text  # the dropped "hello there" was never sent
    assert "terminate called" not in console.log.read_text()


@pytest.mark.slow
def test_jobs_queued_and_running_at_quit_resume_and_report_at_the_next_start(
    tmp_path: Path,
) -> None:
    first = Session(tmp_path)
    try:
        first.ready()
        for prompt in ("a red fox", "a blue boat", "a green tree"):
            first.type(f"/imagine {prompt}")
        first.expect(r"Job #3 \(image\) is queued, #2 in line")
        first.wait_running(1)
        first.child.sendcontrol("d")
        first.expect(r"Stopping; jobs #1, #2, #3 will resume at the next start\.")
        first.child.expect(pexpect.EOF, timeout=60)
        first.child.close()
        assert first.child.exitstatus == 0
    finally:
        first.close()

    second = Session(tmp_path)
    try:
        # Nothing is typed: the jobs run at start-up and report here, with their files.
        assert "Resuming jobs #1, #2, #3 from the last session." in second.ready()
        for job_id in (1, 2, 3):
            second.expect(rf"Job #{job_id} is done\.")
            saved = tmp_path / "console" / f"job-{job_id}" / "01.png"
            second.expect(re.escape(f"saved {saved}"))
        second.type("/job status id:1")
        second.expect(r"Job #1 \(image\): succeeded\.")
        second.expect(re.escape(f"file {tmp_path / 'console' / 'job-1' / '01.png'}"))
        second.type("/imagine a windmill")
        second.expect(r"Job #4 \(image\) is (queued|running)")
        _no_noise(second.leave())
    finally:
        second.close()
