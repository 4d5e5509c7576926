"""`studio console`."""

from __future__ import annotations

import argparse
import sys

from bot.console import run_console
from core.config import Settings
from core.logging import configure_logging


def run(_args: argparse.Namespace, settings: Settings) -> int:
    # The terminal is the console's screen: log lines go to a file under the data dir instead.
    log_dir = settings.data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    with (log_dir / "console.log").open("a", encoding="utf-8") as log_file:
        configure_logging(level=settings.logging.level, fmt="json", stream=log_file)
        try:
            return run_console(settings, stdin=sys.stdin, stdout=sys.stdout)
        finally:
            configure_logging(level=settings.logging.level, fmt=settings.logging.format)
