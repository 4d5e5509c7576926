from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.console import run_console
from core.config import load_settings

ROOT = Path(__file__).resolve().parents[3]


def test_console_shows_help_and_exits_on_quit() -> None:
    out = io.StringIO()
    code = run_console(load_settings(env={}), stdin=io.StringIO("/help\n/quit\n"), stdout=out)
    assert code == 0
    assert "/quit" in out.getvalue() and "Commands" in out.getvalue()


def test_console_exits_cleanly_on_eof() -> None:
    out = io.StringIO()
    assert run_console(load_settings(env={}), stdin=io.StringIO(""), stdout=out) == 0


def test_bad_setting_fails_start_up_with_its_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STUDIO_LOGGING__LEVEL", "loud")
    assert main(["console"]) == 1
    assert "logging.level" in capsys.readouterr().err


def test_installed_studio_script_runs_the_console() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="/help\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Commands" in done.stdout
