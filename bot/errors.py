"""What can go wrong between the bot and Discord, as exceptions the bot acts on.

How an error looks to a member is `bot.render.errors`; these are the conditions themselves: an
/admin command from someone who may not use it, and the few outcomes of posting or editing a
progress message that the progress sink (`bot.progress`) handles differently, and
`delivery_error`, which says which of them a discord.py error is (the transport,
`bot.progress_transport`, raises what it returns).
"""

from __future__ import annotations

import discord
from discord import app_commands

from core.logging import get_logger

__all__ = [
    "AdminRequired",
    "MessageGone",
    "MessageTooOld",
    "RateLimited",
    "TransientFailure",
    "Unreachable",
    "delivery_error",
]

log = get_logger(__name__)

UNKNOWN_MESSAGE = 10008
TOO_MANY_OLD_EDITS = 30046
THREAD_ARCHIVED = 50083


class AdminRequired(app_commands.CheckFailure):
    """An /admin command from someone without Manage Server (the client-side gate can be changed
    by a server, so the bot checks again at run time)."""


class MessageGone(Exception):
    """10008: the progress message was deleted."""


class MessageTooOld(Exception):
    """30046: too many edits to a message older than an hour."""


class RateLimited(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited for {retry_after:.2f} s")
        self.retry_after = retry_after


class TransientFailure(Exception):
    """5xx or a network error: worth another try later."""


class Unreachable(Exception):
    """The thread is gone or the bot may not post there: stop publishing this job."""


def delivery_error(exc: BaseException, channel_id: int) -> Exception:
    """What posting or editing in `channel_id` failing with `exc` means for the progress sink."""
    if isinstance(exc, discord.RateLimited):
        return RateLimited(exc.retry_after)
    if not isinstance(exc, discord.HTTPException):
        return TransientFailure(str(exc))
    if exc.code == UNKNOWN_MESSAGE:
        return MessageGone()
    if exc.code in (TOO_MANY_OLD_EDITS, THREAD_ARCHIVED):
        # Archived threads accept new messages (sending unarchives them), not edits.
        return MessageTooOld()
    if exc.status == 429:
        return RateLimited(_retry_after(exc))
    if exc.status >= 500:
        return TransientFailure(f"{exc.status}")
    log.warning(
        "progress_channel_unusable",
        channel_id=channel_id,
        status=exc.status,
        code=exc.code,
        detail=exc.text[:200],
    )
    return Unreachable(f"{exc.status} {exc.code}")


def _retry_after(exc: discord.HTTPException) -> float:
    header = exc.response.headers.get("Retry-After") if exc.response is not None else None
    try:
        return max(0.0, float(header)) if header else 1.0
    except ValueError:
        return 1.0
