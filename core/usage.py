"""Per-server usage, for `/admin stats` seen by a server's own admins: its commands and the Claude
tokens and cost spent on its requests. The bot-wide figures (metrics) are the bot owner's.

Attribution: the orchestrator opens a `usage_scope` around each request, and the job service one
around each job's run; whatever runs inside (the intent stage's Claude call, a tool, a job's DNA
extraction or script) and records usage is counted for that server. A batch mixing servers, or
work outside any request or job, is counted bot-wide only.

Bounded: at most `max_servers` servers are kept, the least recently active dropped first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

__all__ = ["ServerUsage", "TenantUsage", "record_llm_usage", "usage_scope"]


@dataclass(frozen=True, slots=True)
class ServerUsage:
    commands: int = 0
    llm_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0


class TenantUsage:
    def __init__(self, *, max_servers: int = 10_000) -> None:
        self._max = max_servers
        self._by_tenant: OrderedDict[str, ServerUsage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, tenant: str) -> ServerUsage:
        with self._lock:
            return self._by_tenant.get(tenant, ServerUsage())

    def add_command(self, tenant: str) -> None:
        self._update(tenant, commands=1)

    def add_llm(self, tenant: str, input_tokens: int, output_tokens: int, cost_usd: float) -> None:
        self._update(tenant, llm_calls=1, input_tokens=input_tokens, output_tokens=output_tokens)
        with self._lock:
            now = self._by_tenant[tenant]
            self._by_tenant[tenant] = replace(now, cost_usd=now.cost_usd + cost_usd)

    def _update(self, tenant: str, **add: int) -> None:
        with self._lock:
            now = self._by_tenant.pop(tenant, ServerUsage())
            self._by_tenant[tenant] = replace(
                now, **{name: getattr(now, name) + value for name, value in add.items()}
            )
            while len(self._by_tenant) > self._max:
                self._by_tenant.popitem(last=False)


_SCOPE: ContextVar[tuple[TenantUsage, str] | None] = ContextVar("usage_scope", default=None)


@contextmanager
def usage_scope(usage: TenantUsage | None, tenant: str) -> Iterator[None]:
    """Count usage recorded inside this block for `tenant`."""
    if usage is None:
        yield
        return
    token = _SCOPE.set((usage, tenant))
    try:
        yield
    finally:
        _SCOPE.reset(token)


def record_llm_usage(input_tokens: int, output_tokens: int, cost_usd: float) -> None:
    """Called by the LLM client for each answered call; counted for the request's server."""
    scope = _SCOPE.get()
    if scope is not None:
        usage, tenant = scope
        usage.add_llm(tenant, input_tokens, output_tokens, cost_usd)
