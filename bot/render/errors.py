"""Errors as a Discord user sees them.

A user error (ErrorCode.user_caused) is shown only to them and says what to change. A service
error (unavailable, timeout, cancelled) shows its message. Anything else is a bug or an unexpected
failure: the user sees a short apology with an error id, and the same id is in the log line with
the traceback, so an operator can find it.
"""

from __future__ import annotations

from bot.i18n.catalog import DEFAULT_LANGUAGE, message
from bot.i18n.refusals import localise_refusal
from bot.render.model import Reply
from core.errors import new_error_id
from core.logging import get_logger
from core.result import ErrorCode, StepError

__all__ = ["apology", "refusal", "render_error"]

log = get_logger(__name__)

_ICONS = {
    ErrorCode.INVALID_INPUT: "⚠️",
    ErrorCode.NOT_FOUND: "🔍",
    ErrorCode.FORBIDDEN: "⛔",
    ErrorCode.RATE_LIMITED: "⏳",
    ErrorCode.UNAVAILABLE: "🛠️",
    ErrorCode.TIMEOUT: "⌛",
    ErrorCode.CANCELLED: "✋",
}


def apology(error_id: str, lang: str = DEFAULT_LANGUAGE) -> Reply:
    return Reply.text(message(lang, "error.apology", error_id=error_id), ephemeral=True)


def refusal(lang: str = DEFAULT_LANGUAGE) -> Reply:
    return Reply.text(message(lang, "error.admin_only"), ephemeral=True)


def render_error(error: StepError, lang: str = DEFAULT_LANGUAGE) -> Reply:
    if error.code is ErrorCode.INTERNAL:
        error_id = error.error_id or new_error_id()
        if error.error_id is None:
            # The producer did not log it under an id: log it now so the id the user sees exists.
            log.error(
                "command_failed", error_id=error_id, code=str(error.code), detail=error.message
            )
        return apology(error_id, lang)
    text = f"{_ICONS.get(error.code, '⚠️')} {localise_refusal(error.message, lang)}"
    # Some messages say when already (the rate limiter's does): say it once.
    says_when = "try again" in error.message.lower()
    if error.code is ErrorCode.RATE_LIMITED and error.retry_after_s and not says_when:
        text += " " + message(lang, "error.try_again_in", wait=_seconds(error.retry_after_s))
    elif error.retryable and not error.code.user_caused and not says_when:
        text += " " + message(lang, "error.try_later")
    return Reply.text(text, ephemeral=True)


def _seconds(value: float) -> str:
    whole = max(1, round(value))
    return f"{whole} s" if whole < 120 else f"{round(whole / 60)} min"
