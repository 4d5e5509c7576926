"""Pacing the bot's REST calls under Discord's global limit (50 requests a second per bot).

discord.py only reacts to a global 429 after the fact, and every 429 counts towards Discord's
invalid-request ban (10,000 in 10 minutes). Under a burst (hundreds of jobs editing progress
messages) the bot would send several times the limit, so calls are paced ahead of time: at most
`per_s` start in any one second, in arrival order. Interaction responses and their follow-ups
(webhook routes) are exempt from the global limit and never wait, so a command is still
acknowledged at once.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from core.clock import Clock
from core.metrics import Metrics

__all__ = ["EXEMPT_PREFIXES", "GlobalPacer", "pace_http"]

EXEMPT_PREFIXES = ("/interactions/", "/webhooks/")
WINDOW_S = 1.0


class GlobalPacer:
    def __init__(self, per_s: int, *, clock: Clock, metrics: Metrics | None = None) -> None:
        if per_s < 1:
            raise ValueError("per_s must be at least 1")
        self._per_s = per_s
        self._clock = clock
        self._metrics = metrics
        if metrics is not None:
            metrics.describe(
                "discord_paced_calls_total", "REST calls held back by the global pacer"
            )
            metrics.describe("discord_pacing_wait_s", "Seconds a paced REST call waited")
        self._starts: deque[float] = deque()
        self._lock = asyncio.Lock()  # FIFO: callers go in the order they asked

    async def acquire(self) -> None:
        """Wait until one more call keeps the last second within `per_s` calls."""
        asked = self._clock.monotonic()
        async with self._lock:
            while True:
                now = self._clock.monotonic()
                while self._starts and now - self._starts[0] >= WINDOW_S:
                    self._starts.popleft()
                if len(self._starts) < self._per_s:
                    self._starts.append(now)
                    break
                await self._clock.sleep(WINDOW_S - (now - self._starts[0]))
        waited = now - asked  # in the queue and for the window
        if self._metrics is not None and waited > 0:
            self._metrics.inc("discord_paced_calls_total")
            self._metrics.observe("discord_pacing_wait_s", waited)


def pace_http(http: Any, pacer: GlobalPacer) -> None:
    """Route a discord.py HTTPClient's requests through the pacer (exempt routes excepted)."""
    request: Callable[..., Awaitable[Any]] = http.request

    async def paced(route: Any, **kwargs: Any) -> Any:
        if not str(route.path).startswith(EXEMPT_PREFIXES):
            await pacer.acquire()
        return await request(route, **kwargs)

    http.request = paced
