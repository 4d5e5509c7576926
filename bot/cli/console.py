"""`studio console`.

The terminal is the console's screen, so nothing else may write to it: Studio's log lines go to
<data_dir>/logs/console.log (its path is shown once at start), and so does whatever the media
worker process and the libraries print, because the console's stderr (which the worker inherits)
is pointed at that file too. The libraries' own chatter (transformers/diffusers warnings, their
"Loading weights" progress bars) is turned off at the source first.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from bot.console import run_console
from core.config import Settings
from core.logging import configure_logging

__all__ = ["LOG_FILE", "quiet_libraries", "run"]

LOG_FILE = Path("logs") / "console.log"
# Read by huggingface_hub, transformers, diffusers and tqdm when they are imported, in this
# process and in the worker process it starts (which inherits the environment).
QUIET_ENV = {
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "DIFFUSERS_VERBOSITY": "error",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
    "TQDM_DISABLE": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def quiet_libraries() -> None:
    """No progress bars or advisory warnings from the model libraries, here and in the worker."""
    for name, value in QUIET_ENV.items():
        os.environ.setdefault(name, value)
    # Already imported (a test process): set their switches directly as well.
    if "transformers" in sys.modules:
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    if "diffusers" in sys.modules:
        from diffusers.utils import logging as diffusers_logging

        diffusers_logging.set_verbosity_error()
        diffusers_logging.disable_progress_bar()


@contextlib.contextmanager
def stderr_to(path: Path) -> Iterator[None]:
    """Point file descriptor 2 (and so the worker process's stderr) at `path` meanwhile."""
    sys.stderr.flush()
    saved = os.dup(2)
    with path.open("a", encoding="utf-8") as target:
        os.dup2(target.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def run(_args: argparse.Namespace, settings: Settings) -> int:
    log_path = settings.data_dir / LOG_FILE
    log_path.parent.mkdir(parents=True, exist_ok=True)
    quiet_libraries()
    print(f"Logs: {log_path}", flush=True)
    with stderr_to(log_path), log_path.open("a", encoding="utf-8") as log_file:
        configure_logging(level=settings.logging.level, fmt="json", stream=log_file)
        try:
            return run_console(settings, stdin=sys.stdin, stdout=sys.stdout)
        finally:
            # Start-up work still winding down (a /quit while the studio loads) may log after the
            # console closed: those lines belong in the file too, never on the screen. The
            # handle lives until the process ends.
            late = log_path.open("a", encoding="utf-8")
            configure_logging(level=settings.logging.level, fmt="json", stream=late)
