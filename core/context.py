"""Who asked, where: the typed context every request, tool call and job carries."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CONSOLE_TENANT", "RequestContext"]

CONSOLE_TENANT = "console"


@dataclass(frozen=True, slots=True)
class RequestContext:
    tenant: str  # the guild id as text; "console" in the terminal frontend
    user_id: str
    channel_id: str | None = None
    thread_id: str | None = None
    is_admin: bool = False
    # Discord's interaction id (or a console counter): the same id never creates two jobs.
    request_id: str | None = None
    # Whether the channel is marked NSFW (per-server limits can require it for generation).
    nsfw_channel: bool = False
    # The biggest attachment this channel accepts, in bytes, when the platform says.
    attachment_limit_bytes: int | None = None

    @property
    def conversation_key(self) -> str:
        """Key of the per-thread context ("make it darker" means the thread's last job). Outside
        a thread each user has their own, so one member never edits another's request."""
        if self.thread_id:
            return f"{self.tenant}:{self.thread_id}"
        return f"{self.tenant}:{self.channel_id or '-'}:{self.user_id}"
