"""How the engine words a failure: which stage failed and what the user can do about it.

The port's error code is kept (never guessed from text); only the message is re-worded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.result import ErrorCode, StepError, StepResult

__all__ = ["show_error", "stage_error"]


def show_error(error: StepError, title: str) -> StepResult[dict[str, Any]]:
    if error.code is not ErrorCode.NOT_FOUND:
        return StepResult(error=error)
    suggestions = [str(s) for s in error.details.get("suggestions", ())][:5]
    message = f"there is no show called {title!r} in this server's library"
    if suggestions:
        message += f"; did you mean {_or_list(suggestions)}?"
    else:
        message += "; add it first with /show add"
    return StepResult.failure(ErrorCode.NOT_FOUND, message, details={"suggestions": suggestions})


def stage_error(stage: str, error: StepError) -> StepError:
    """The port's error, re-worded to say which stage failed; the code is kept, never guessed."""
    if error.code is ErrorCode.INTERNAL:
        message = (
            f"Claude's answer for the {stage} was not valid, even after one repair attempt"
            f" ({error.message}); try again, or try a simpler setting"
        )
    else:
        message = f"writing the {stage} failed: {error.message}"
    details: Mapping[str, Any] = {**error.details, "stage": stage}
    return StepError(
        code=error.code,
        message=message,
        retryable=error.retryable,
        retry_after_s=error.retry_after_s,
        error_id=error.error_id,
        details=details,
    )


def _or_list(items: list[str]) -> str:
    quoted = [f"'{i}'" for i in items]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
