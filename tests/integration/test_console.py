"""`studio console` end to end through its stdin: slash commands and plain sentences go through
the same orchestrator as Discord; jobs show a progress bar and their files land in the data dir."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.console import parse_slash, run_console
from core.config import Settings, load_settings
from core.intent.schema import Intent
from tests.e2e.harness import share_embedder
from tests.support.tiny_pipelines import tiny_models

ROOT = Path(__file__).resolve().parents[2]


def _settings(tmp_path: Path) -> Settings:
    """The whole studio as `studio console` builds it, with a tiny image pipeline and no catalog."""
    tiny = tiny_models()
    return load_settings(
        env={
            "STUDIO_DATA_DIR": str(tmp_path),
            "STUDIO_CATALOG__LOAD_STARTER": "false",
            "STUDIO_HTTP__ENABLED": "off",
            "STUDIO_MEDIA__IMAGE_MODEL_DRAFT": str(tiny.image),
            "STUDIO_MEDIA__DEVICE": "cpu",
            "STUDIO_MEDIA__CPU_THREADS": "1",
            "STUDIO_MEDIA__DRAFT_SIZE": "32",
            "STUDIO_MEDIA__DRAFT_STEPS": "3",
        }
    )


def test_help_and_a_sentence_run_a_job_with_a_progress_bar_and_save_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    settings = _settings(tmp_path)
    out = io.StringIO()
    stdin = io.StringIO("/help\ndraw a red fox in the snow, 2 of them\n/vary id:1\n/quit\n")
    code = run_console(settings, stdin=stdin, stdout=out)
    text = out.getvalue()
    assert code == 0
    assert "Commands" in text and "/imagine" in text
    assert re.search(r"Job #1 \(image\) is queued, #1 in line, ETA about \d+ s\.", text)
    assert "[" + "#" * 24 + "] 100%" in text
    assert "Job #1 is done." in text
    # The Vary button, typed: a second job, the same prompt with a neighbouring seed.
    assert re.search(r"Job #2 \(image\) is (queued|running)", text)
    assert "Job #2 is done." in text
    assert (tmp_path / "console" / "job-2" / "01.png").is_file()
    for n in ("01", "02"):  # "2 of them"
        saved = tmp_path / "console" / "job-1" / f"{n}.png"
        assert f"saved {saved}" in text
        assert saved.read_bytes().startswith(b"\x89PNG")


def test_a_restarted_console_makes_a_new_job_for_a_new_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Request ids are idempotency keys: after a restart on the same data dir, a new request must
    not be answered with the job an earlier session made (console-1 used to come back)."""
    share_embedder(monkeypatch)
    settings = _settings(tmp_path)
    first, second = io.StringIO(), io.StringIO()
    run_console(settings, stdin=io.StringIO("/imagine a red fox\n/quit\n"), stdout=first)
    assert "Job #1 is done." in first.getvalue()
    code = run_console(settings, stdin=io.StringIO("/imagine a windmill\n"), stdout=second)
    text = second.getvalue()
    assert code == 0
    assert re.search(r"Job #2 \(image\) is (queued|running)", text), text
    assert "Job #1" not in text
    assert "Job #2 is done." in text
    assert (tmp_path / "console" / "job-2" / "01.png").is_file()


def test_slash_options_are_checked_and_questions_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    settings = _settings(tmp_path)
    out = io.StringIO()
    stdin = io.StringIO(
        '/imagine prompt:"a fox" count:9\n'
        "make me a picture\n"
        '/show similar title:"Ｆｌｅａｂａｇ"\n'  # full-width: folded (NFKC) before matching
        "/nonsense\n"
        '/transform title:"Friends" setting:"a Mars colony"\n'
    )
    code = run_console(settings, stdin=stdin, stdout=out)
    text = out.getvalue()
    assert code == 0  # end of input exits cleanly
    assert "! count must be between 1 and 4." in text
    assert "To make an image, I need to know what it should show" in text
    assert "I don't know a show called 'Fleabag' yet" in text
    assert "Unknown command /nonsense" in text
    # No API key: refused at once, not queued to fail later (as /imagine without a model).
    assert "Re-imagining a show needs Claude" in text and "ANTHROPIC_API_KEY" in text
    assert "Job #" not in text


def test_slash_syntax_parses_like_the_discord_commands() -> None:
    assert parse_slash('/imagine prompt:"a fox in the snow" count:2') == (
        Intent.GENERATE_IMAGE,
        {"prompt": "a fox in the snow", "count": "2"},
    )
    assert parse_slash('/show similar title:"Fleabag" k:3') == (
        Intent.FIND_SIMILAR,
        {"title": "Fleabag", "k": "3"},
    )
    assert parse_slash("/job cancel id:4") == (Intent.JOB_CANCEL, {"job_id": "4"})
    assert parse_slash("/animate a paper boat, 3 seconds") == (
        Intent.GENERATE_VIDEO,
        {"prompt": "a paper boat, 3 seconds"},
    )


def _console_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of a `studio console` child: offline, no API key, its own data dir."""
    env = {
        **os.environ,
        "STUDIO_DATA_DIR": str(data_dir),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        **settings,
    }
    env.pop("ANTHROPIC_API_KEY", None)
    return env


def test_the_studio_console_command_reads_its_stdin(tmp_path: Path) -> None:
    # the full studio starts, but without the catalog: no show is known yet
    env = _console_env(tmp_path, STUDIO_CATALOG__LOAD_STARTER="false")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="/help\nthanks for the help!\nshows like Fargo\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Commands" in done.stdout
    assert "You're welcome!" in done.stdout
    assert "I don't know a show called 'Fargo' yet. Add it with /show add" in done.stdout
    assert (tmp_path / "logs" / "console.log").read_text().count("intent_decided") == 2


def test_quitting_while_the_studio_loads_prints_no_log_line(tmp_path: Path) -> None:
    """/quit before start-up finished: whatever start-up still logs goes to the log file."""
    env = _console_env(tmp_path, STUDIO_HTTP__ENABLED="off")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="/quit\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    screen = done.stdout + done.stderr
    assert '"event"' not in screen and "Traceback" not in screen, screen
    assert "vector_store_opened" in (tmp_path / "logs" / "console.log").read_text()


def _sigint_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_in_a_piped_console_leaves_cleanly(tmp_path: Path) -> None:
    """A SIGINT (Ctrl-C where the console reads a pipe) while it waits for input: one line, the
    studio shut down, no traceback on the screen or in the log."""
    env = _console_env(tmp_path, STUDIO_CATALOG__LOAD_STARTER="false", STUDIO_HTTP__ENABLED="off")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
        # as in a terminal: a runner started in the background (`cmd &`) ignores SIGINT, and its
        # children would inherit that and never see the Ctrl-C this test sends
        preexec_fn=_sigint_as_in_a_terminal,  # noqa: PLW1509 (only resets one signal)
    )
    try:
        assert proc.stdout is not None
        lines = []
        while not any(line.startswith("Ready") for line in lines):
            line = proc.stdout.readline()
            assert line, f"the console ended before it was ready: {lines}"
            lines.append(line.removeprefix("studio> "))
        proc.send_signal(signal.SIGINT)
        # stdin stays open until the console has left: closing it now (communicate() does) would
        # race the signal with an end of input, which is a clean /quit (exit 0), not a Ctrl-C.
        proc.wait(timeout=60)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Interrupted." in out and "Stopping" in out
    assert "Traceback" not in out + err
    assert "Traceback" not in (tmp_path / "logs" / "console.log").read_text()
