"""What one server's admins are told about their shows being carried over to a new vector
layout (`/admin stats`): the value the carrying part hands over, and the port it is read through.

After a layout change the servers' own shows come back in the background, page by page; until
they do, a server's shows look missing. A server sees only its own count and its own titles that
could not be carried, never another server's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

__all__ = ["CarryOverPhase", "CarryOverProgress", "ServerCarryOver"]


class CarryOverPhase(Enum):
    RUNNING = "running"
    DONE = "done"
    STOPPED = "stopped"  # part way; it resumes at the next start


@dataclass(frozen=True, slots=True)
class ServerCarryOver:
    phase: CarryOverPhase
    carried: int  # this server's shows in the new layout so far (this start's and earlier ones)
    not_carried: tuple[str, ...] = ()  # this server's titles that could not be carried
    error: str | None = None  # why it stopped (STOPPED only)


class CarryOverProgress(Protocol):
    def for_server(self, tenant: str) -> ServerCarryOver | None:
        """This server's carry-over; None when there is none (no earlier collection, or not
        known yet)."""
        ...
