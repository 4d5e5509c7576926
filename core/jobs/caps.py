"""How many active (queued or running) jobs one submit may find before it is refused, and the
message that says which cap was reached."""

from __future__ import annotations

from dataclasses import dataclass

from core.config import JobSettings
from core.jobs.model import JobTicket
from core.jobs.store import CapReached
from core.result import ErrorCode, StepResult

__all__ = ["JobCaps"]


@dataclass(frozen=True, slots=True)
class JobCaps:
    """Active jobs allowed per member and per server for one submit, and whose rule the member
    cap is (the server's `/admin limits jobs_per_user`, or the bot-wide setting)."""

    member: int
    server: int
    member_cap_is_the_servers: bool

    @classmethod
    def of(cls, settings: JobSettings, server_member_cap: int | None) -> JobCaps:
        """The bot-wide caps, with the member cap lowered to the server's own when smaller."""
        bot_wide = settings.max_queued_per_user
        lowered = server_member_cap is not None and server_member_cap < bot_wide
        return cls(
            member=server_member_cap if lowered and server_member_cap else bot_wide,
            server=settings.max_queued_per_guild,
            member_cap_is_the_servers=lowered,
        )

    def refusal(self, reached: CapReached) -> StepResult[JobTicket]:
        if reached.scope == "member" and self.member_cap_is_the_servers:
            message = (
                f"This server allows {self.member} queued or running job(s) per member and you "
                "have that many. Wait for one to finish or cancel one with /job cancel."
            )
        elif reached.scope == "member":
            message = (
                f"You already have {reached.count} jobs queued or running (the most one person "
                "may have). Wait for one to finish, or cancel one with /job cancel."
            )
        else:
            message = (
                f"This server already has {reached.count} jobs queued or running (its limit). "
                "Try again when some have finished."
            )
        return StepResult.failure(ErrorCode.RATE_LIMITED, message, retryable=True)
