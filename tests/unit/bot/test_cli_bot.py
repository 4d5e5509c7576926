from __future__ import annotations

import argparse

import pytest

from bot.cli import bot as cli_bot
from core.config import load_settings


def test_the_bot_needs_a_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_bot.run(argparse.Namespace(), load_settings(env={})) == 1
    assert "DISCORD_TOKEN" in capsys.readouterr().err
