"""A server's own shows as known titles for that server's messages: "analyze Harbor Lights" finds
"Harbor Lights" once the server has indexed it, as the starter catalog's titles are found.

The titles come from the server's show library (`TitleSource`, given by the composition root),
read on the server's first message and again when the last reading is older than `refresh_s`,
so a show indexed since is known within that time. A library that cannot answer keeps the titles
read before; reading messages never waits on it failing.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence

from core.intent.known_titles import TitleIndex
from core.logging import get_logger

__all__ = ["ServerTitles", "TitleSource"]

log = get_logger(__name__)

# A server's show titles, or an exception when its library cannot say.
TitleSource = Callable[[str], Awaitable[Sequence[str]]]


class ServerTitles:
    def __init__(
        self,
        source: TitleSource,
        *,
        refresh_s: float = 30.0,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._source = source
        self._refresh_s = refresh_s
        self._now = now
        self._read_at: dict[str, float] = {}

    async def refresh(self, tenant: str, index: TitleIndex) -> None:
        """Read `tenant`'s titles into `index` unless they were read less than refresh_s ago."""
        now = self._now()
        last = self._read_at.get(tenant)
        if last is not None and now - last < self._refresh_s:
            return
        self._read_at[tenant] = now
        try:
            titles = await self._source(tenant)
        except Exception as exc:  # the library is down: keep what was read before
            log.warning("server_titles_unavailable", tenant=tenant, error=str(exc)[:200])
            return
        index.replace_tenant(tenant, titles)
