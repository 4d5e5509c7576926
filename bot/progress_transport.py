"""Posting and editing progress messages in Discord, and what can go wrong doing it.

`DiscordProgressTransport` is the discord.py side of the progress sink (`bot.progress`): it posts
and edits messages by channel and message id, through partial messageables, so a restart needs no
fetch before editing. discord.py's errors are counted, then turned by `delivery_error()` into the
few outcomes the sink acts on differently (wait out a 429, retry a 5xx, post anew when the
message is gone or too old, stop for a thread it cannot reach), which the transport raises.
"""

from __future__ import annotations

from typing import Any, Literal

import aiohttp
import discord

from bot.api_errors import count_api_error
from bot.render.limits import ALLOWED_MENTIONS
from bot.render.model import OutMessage, static_view
from core.logging import get_logger
from core.metrics import Metrics

__all__ = [
    "DiscordProgressTransport",
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


class DiscordProgressTransport:
    def __init__(self, client: discord.Client, metrics: Metrics) -> None:
        self._client = client
        self._metrics = metrics

    async def post(self, channel_id: int, message: OutMessage) -> int:
        channel = self._client.get_partial_messageable(channel_id)
        kwargs: dict[str, Any] = {
            "content": message.content,
            "embeds": message.embeds,
            "files": [f.to_discord() for f in message.files],
            "allowed_mentions": ALLOWED_MENTIONS,
        }
        if message.buttons:
            kwargs["view"] = static_view(message.buttons)
        try:
            sent = await channel.send(**kwargs)
        except (discord.HTTPException, discord.RateLimited, aiohttp.ClientError, OSError) as exc:
            if isinstance(exc, discord.HTTPException):
                count_api_error(self._metrics, exc)
            raise delivery_error(exc, channel_id) from exc
        return sent.id

    async def edit(
        self,
        channel_id: int,
        message_id: int,
        message: OutMessage,
        *,
        attachments: Literal["keep", "replace"],
    ) -> None:
        partial = self._client.get_partial_messageable(channel_id).get_partial_message(message_id)
        kwargs: dict[str, Any] = {
            "content": message.content,
            "embeds": message.embeds,
            "view": static_view(message.buttons),
            "allowed_mentions": ALLOWED_MENTIONS,
        }
        if attachments == "replace":
            kwargs["attachments"] = [f.to_discord() for f in message.files]
        try:
            await partial.edit(**kwargs)
        except (discord.HTTPException, discord.RateLimited, aiohttp.ClientError, OSError) as exc:
            if isinstance(exc, discord.HTTPException):
                count_api_error(self._metrics, exc)
            raise delivery_error(exc, channel_id) from exc
