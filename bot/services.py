"""What the frontends (Discord client, console) are given at start-up by the composition root
(`bot.wiring`): `Services` for the Discord client, `ConsoleServices` for the console."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.cache import CacheRegistry
from core.carry_over import CarryOverProgress
from core.clock import Clock
from core.config import Settings
from core.guild_limits import GuildLimitsStore
from core.metrics import Metrics
from core.ports.commands import CommandHandler
from core.ports.feedback import ShowFeedback
from core.ports.jobs import JobService
from core.usage import TenantUsage

__all__ = ["ConsoleServices", "Services"]


@dataclass
class Services:
    settings: Settings
    metrics: Metrics
    caches: CacheRegistry
    clock: Clock
    commands: CommandHandler
    jobs: JobService
    # Called in reverse order at shutdown (stores, worker process, HTTP clients).
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # Per-server caps set with /admin limits (None: not configured in this deployment).
    limits: GuildLimitsStore | None = None
    # Named readiness checks for /readyz: each answers None when healthy, else a short reason.
    readiness: dict[str, Callable[[], Awaitable[str | None]]] = field(default_factory=dict)
    # Each server's own commands and Claude spend (what its admins see in /admin stats).
    usage: TenantUsage = field(default_factory=TenantUsage)
    # Members' 👍/👎 on similar-show answers, per server (None: not kept in this deployment).
    feedback: ShowFeedback | None = None
    # Servers' shows being carried over to a new vector layout (None: no show library here).
    carry_over: CarryOverProgress | None = None

    async def aclose(self) -> None:
        for close in reversed(self.closers):
            await close()
        self.closers.clear()


@dataclass
class ConsoleServices:
    """What the console runs on (built from the composition root when the console starts)."""

    commands: CommandHandler
    data_dir: Path
    jobs: JobService | None = None
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # Votes on similar-show answers (like / dislike / more under an answer).
    feedback: ShowFeedback | None = None

    async def aclose(self) -> None:
        for close in reversed(self.closers):
            await close()
        self.closers.clear()
