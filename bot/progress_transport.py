"""The discord.py side of the progress sink: post and edit messages by channel and message id.

Uses partial messageables, so a restart needs no fetch before editing. discord.py's errors are
counted, then mapped to the few outcomes the sink acts on (`delivery_error()` in bot.errors).
"""

from __future__ import annotations

from typing import Any, Literal

import aiohttp
import discord

from bot.api_errors import count_api_error
from bot.errors import delivery_error
from bot.render.limits import ALLOWED_MENTIONS
from bot.render.model import OutMessage
from bot.views import static_view
from core.metrics import Metrics

__all__ = ["DiscordProgressTransport"]


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
