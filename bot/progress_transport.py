"""The discord.py side of the progress sink: post and edit messages by channel and message id.

Uses partial messageables, so a restart needs no fetch before editing. discord.py's HTTP errors
are mapped to the few outcomes the sink acts on (bot.progress).
"""

from __future__ import annotations

from typing import Any, Literal

import aiohttp
import discord

from bot.api_errors import count_api_error
from bot.errors import MessageGone, MessageTooOld, RateLimited, TransientFailure, Unreachable
from bot.render.limits import ALLOWED_MENTIONS
from bot.render.model import OutMessage
from bot.views import static_view
from core.logging import get_logger
from core.metrics import Metrics

__all__ = ["DiscordProgressTransport"]

log = get_logger(__name__)

UNKNOWN_CHANNEL = 10003
UNKNOWN_MESSAGE = 10008
TOO_MANY_OLD_EDITS = 30046
THREAD_ARCHIVED = 50083


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
            raise self._translate(exc, channel_id) from exc
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
            raise self._translate(exc, channel_id) from exc

    def _translate(self, exc: BaseException, channel_id: int) -> Exception:
        if isinstance(exc, discord.RateLimited):
            return RateLimited(exc.retry_after)
        if not isinstance(exc, discord.HTTPException):
            return TransientFailure(str(exc))
        count_api_error(self._metrics, exc)
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
