"""Exceptions of the domain. Expected failures travel as `StepResult` errors; these are for the
cases that must stop a process (bad settings) or cross a boundary that cannot return a value."""

from __future__ import annotations

__all__ = ["ConfigError", "StudioError", "new_error_id"]

import secrets


class StudioError(Exception):
    """Root of Studio's own exceptions."""


class ConfigError(StudioError):
    """A setting is missing or has a value outside what is allowed; the message names both."""


def new_error_id() -> str:
    """A short id shown to the user in an apology and written in the log line of the failure."""
    return secrets.token_hex(4)
