"""Fault injection and rate-limit bookkeeping.

A `Fault` matches requests by method and path (a regular expression searched in the path) and
answers them its way: a 429 with retry_after, a 5xx, a Discord error code (10008, 50027, 30046),
or a delay before the normal answer. After a 429 the emulator remembers until when its bucket (or
everything, for a global one) is closed; any request that arrives before is a violation.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

_ID = re.compile(r"/\d{6,}")
_TOKEN = re.compile(r"/(webhooks|interactions)/(\d+)/([^/]+)")


@dataclass
class Fault:
    path: str
    method: str | None = None
    status: int | None = None  # None: answer normally (after delay_s)
    code: int = 0
    message: str = "injected fault"
    retry_after: float | None = None  # for 429
    global_: bool = False
    delay_s: float = 0.0
    times: int | None = 1  # how many requests it applies to; None: until removed
    hits: int = 0
    _pattern: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._pattern = re.compile(self.path)

    def matches(self, method: str, path: str) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is not None and self.method != method:
            return False
        return self._pattern.search(path) is not None

    def body(self) -> dict[str, Any]:
        if self.status == 429:
            return {
                "message": "You are being rate limited.",
                "retry_after": self.retry_after or 1.0,
                "global": self.global_,
            }
        return {"message": self.message, "code": self.code}


def bucket_of(method: str, path: str) -> str:
    """Discord's bucket: the route with its major parameter (channel, guild or webhook)."""
    major = ""
    token = _TOKEN.search(path)
    if token:
        major = f"{token.group(2)}/{token.group(3)}"
    else:
        parts = path.strip("/").split("/")
        if len(parts) >= 2 and parts[0] in ("channels", "guilds") and parts[1].isdigit():
            major = parts[1]
    route = _ID.sub("/{id}", _TOKEN.sub(r"/\1/{id}/{token}", path))
    return f"{method} {route}:{major}"


@dataclass
class RateLimits:
    closed_until: dict[str, float] = field(default_factory=dict)
    global_until: float = 0.0

    def close(self, bucket: str, retry_after: float, *, global_: bool) -> None:
        until = time.monotonic() + retry_after
        if global_:
            self.global_until = max(self.global_until, until)
        else:
            self.closed_until[bucket] = max(self.closed_until.get(bucket, 0.0), until)

    def early_by(self, bucket: str) -> float:
        """Seconds this request came before its bucket reopened (0 when on time)."""
        now = time.monotonic()
        until = max(self.closed_until.get(bucket, 0.0), self.global_until)
        return max(0.0, until - now)
