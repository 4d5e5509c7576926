"""When to retry a Messages API call, and how long to wait first.

Exponential backoff with jitter (so many clients do not retry in step), unless the API says how
long to wait: `retry-after-ms` or `retry-after` (seconds or an HTTP date) always win.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Mapping

__all__ = ["RETRYABLE_STATUS", "backoff_s", "retry_after_s"]

# 408 timeout, 409 conflict, 429 rate limited, 5xx server errors, 529 overloaded.
RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504, 529})
# A retry-after longer than this is not honoured as a wait: the call gives up and says when.
_MAX_HONOURED_S = 600.0


def retry_after_s(headers: Mapping[str, str] | None, *, now: float | None = None) -> float | None:
    if not headers:
        return None
    lowered = {k.lower(): v for k, v in headers.items()}
    if (raw_ms := lowered.get("retry-after-ms")) is not None:
        try:
            return min(_MAX_HONOURED_S, max(0.0, float(raw_ms) / 1000.0))
        except ValueError:
            pass
    raw = lowered.get("retry-after")
    if raw is None:
        return None
    try:
        return min(_MAX_HONOURED_S, max(0.0, float(raw)))
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None  # neither seconds nor an HTTP date: back off as usual
    return min(_MAX_HONOURED_S, max(0.0, parsed.timestamp() - (now or time.time())))


def backoff_s(attempt: int, *, base_s: float, max_s: float, rng: random.Random) -> float:
    """Wait before retry number `attempt` (0-based): base * 2^attempt, capped, with "equal
    jitter" (half fixed, half random) so waits grow but never collapse to zero."""
    ceiling = min(max_s, base_s * 2.0**attempt)
    return ceiling / 2 + rng.uniform(0, ceiling / 2)
