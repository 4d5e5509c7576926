"""What can go wrong between the bot and Discord, as exceptions the bot acts on.

How an error looks to a member is `bot.render.errors`; these are the conditions themselves: an
/admin command from someone who may not use it, and the few outcomes of posting or editing a
progress message that the progress sink (`bot.progress`) handles differently. The discord.py
transport (`bot.progress_transport`) maps Discord's HTTP errors onto them.
"""

from __future__ import annotations

from discord import app_commands

__all__ = [
    "AdminRequired",
    "MessageGone",
    "MessageTooOld",
    "RateLimited",
    "TransientFailure",
    "Unreachable",
]


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
