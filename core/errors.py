"""Exceptions of the domain. Expected failures travel as `StepResult` errors; these are for the
cases that must stop a process (bad settings) or cross a boundary that cannot return a value."""

from __future__ import annotations

__all__ = ["STORAGE_FULL_MESSAGE", "ConfigError", "StudioError", "is_storage_full", "new_error_id"]

import errno
import secrets
import sqlite3

# What a user is told when a write they caused was refused because the data dir's disk is full.
STORAGE_FULL_MESSAGE = (
    "The bot's disk is full, so this could not be saved and nothing was queued "
    "(what was queued before is safe). The bot's operators need to free some space."
)


class StudioError(Exception):
    """Root of Studio's own exceptions."""


class ConfigError(StudioError):
    """A setting is missing or has a value outside what is allowed; the message names both."""


def new_error_id() -> str:
    """A short id shown to the user in an apology and written in the log line of the failure."""
    return secrets.token_hex(4)


def is_storage_full(exc: BaseException) -> bool:
    """A write refused for lack of space: SQLite's SQLITE_FULL ("database or disk is full", also
    what a store's own size cap raises) or the OS's ENOSPC / EDQUOT. The write did not happen;
    the file is intact, so callers can refuse the request clearly and carry on."""
    if isinstance(exc, sqlite3.Error):
        return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_FULL
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
