from __future__ import annotations

import argparse

import pytest

from bot import cli_bot
from core.config import load_settings


def test_the_bot_needs_a_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_bot.run(argparse.Namespace(), load_settings(env={})) == 1
    assert "DISCORD_TOKEN" in capsys.readouterr().err


def test_without_a_composition_root_the_bot_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli_bot, "_default_factory", lambda: None)
    settings = load_settings(env={"DISCORD_TOKEN": "a-token-for-the-test"})
    assert cli_bot.run(argparse.Namespace(), settings) == 2
    assert "not available yet" in capsys.readouterr().err
