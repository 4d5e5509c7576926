"""`studio console`."""

from __future__ import annotations

import argparse
import sys

from bot.console import run_console
from core.config import Settings


def run(_args: argparse.Namespace, settings: Settings) -> int:
    return run_console(settings, stdin=sys.stdin, stdout=sys.stdout)
