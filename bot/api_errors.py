"""Counting Discord's API errors in `discord_api_errors`, by HTTP status and Discord code.

discord.py waits out and retries a 429 inside its HTTP client, so the bot's own code only sees
the rare one that outlasts the retries. An aiohttp trace on discord.py's session sees every 429
response, so they are counted there (and only there: `count_api_error` skips status 429). Other
errors carry a Discord code in their body and are counted where the bot handles them, with
`count_api_error` (the responder and the progress transport).
"""

from __future__ import annotations

from types import SimpleNamespace

import aiohttp
import discord

from core.metrics import Metrics
from core.stats import DISCORD_API_ERRORS

__all__ = ["count_api_error", "init_api_error_series", "rate_limit_trace"]

RATE_LIMITED = 429
NO_CODE = 0  # a 429's body carries no Discord error code
# The errors admins watch, as (status, code): rate limited, unknown message, unknown
# interaction, invalid webhook token.
WATCHED: tuple[tuple[int, int], ...] = ((429, 0), (404, 10008), (404, 10062), (401, 50027))


def count_api_error(metrics: Metrics, exc: discord.HTTPException) -> None:
    if exc.status == RATE_LIMITED:
        return  # already counted as a response by `rate_limit_trace`
    metrics.inc(DISCORD_API_ERRORS, status=exc.status, code=exc.code)


def init_api_error_series(metrics: Metrics) -> None:
    """Start the watched series at 0: a quiet bot shows 0 errors, not "not recorded"."""
    for status, code in WATCHED:
        metrics.inc(DISCORD_API_ERRORS, 0, status=status, code=code)


def rate_limit_trace(metrics: Metrics) -> aiohttp.TraceConfig:
    """A trace for discord.py's HTTP session (`http_trace=`) that counts each 429 response."""
    init_api_error_series(metrics)

    async def on_request_end(
        _session: aiohttp.ClientSession,
        _context: SimpleNamespace,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        if params.response.status == RATE_LIMITED:
            metrics.inc(DISCORD_API_ERRORS, status=RATE_LIMITED, code=NO_CODE)

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(on_request_end)
    return trace
