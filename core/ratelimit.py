"""Commands per minute per user: a sliding window of the last minute's commands.

A user over the limit is told how long to wait (the time until their oldest command in the window
is a minute old). Memory stays bounded by the users active in the last minute.
"""

from __future__ import annotations

import threading
from collections import deque

from core.clock import Clock, SystemClock

__all__ = ["RateLimiter"]

_WINDOW_S = 60.0


class RateLimiter:
    def __init__(self, *, per_minute: int, clock: Clock | None = None) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self._per_minute = per_minute
        self._clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._hits: dict[str, deque[float]] = {}

    def check(self, key: str, *, limit: int | None = None) -> float | None:
        """Count one command for `key`. None when allowed; else seconds to wait (not counted).

        `limit` overrides the default (a server may set a lower one)."""
        allowed = limit if limit is not None else self._per_minute
        now = self._clock.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - _WINDOW_S:
                hits.popleft()
            if len(hits) >= allowed:
                return max(0.001, hits[0] + _WINDOW_S - now)
            hits.append(now)
            self._prune(now)
            return None

    def _prune(self, now: float) -> None:
        # Drop users idle for a whole window, so the map only holds the recently active.
        if len(self._hits) < 1024:
            return
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - _WINDOW_S]:
            del self._hits[key]
