"""Sending rendered replies: to an interaction (deferred at once) or into a studio thread.

Interactions: the first reply replaces the deferred "thinking…" message. Discord keeps the
visibility chosen at defer time for that first reply, so an ephemeral reply (a user error) after
a public deferral deletes the public placeholder and is sent as an ephemeral follow-up instead.
An interaction token lives 15 minutes; when Discord says it is gone (50027 and friends) the
responder never uses it again (no retry storm) and posts public replies to the channel with the
bot's own token.
"""

from __future__ import annotations

from typing import Any, Protocol

import discord

from bot.api_errors import count_api_error
from bot.render.limits import ALLOWED_MENTIONS
from bot.render.model import OutMessage, Reply, static_view
from bot.services import Services
from core.logging import get_logger
from core.metrics import Metrics

__all__ = ["InteractionResponder", "MessageReplier", "Replier", "responder_for"]

log = get_logger(__name__)

# Codes that mean the interaction token cannot be used any more.
DEAD_TOKEN_CODES = frozenset({50027, 10015, 10062})
ALREADY_ACKNOWLEDGED = 40060


class Replier(Protocol):
    """Where a reply goes; what a job flow needs to know about it."""

    @property
    def channel_id(self) -> int | None: ...

    @property
    def attachment_limit(self) -> int | None: ...

    async def send(self, reply: Reply) -> list[discord.Message]: ...


def _kwargs(message: OutMessage) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "content": message.content,
        "embeds": message.embeds,
        "allowed_mentions": ALLOWED_MENTIONS,
    }
    if message.buttons:
        kwargs["view"] = static_view(message.buttons)
    return kwargs


class InteractionResponder:
    def __init__(self, interaction: discord.Interaction[Any], metrics: Metrics) -> None:
        self.interaction = interaction
        self._metrics = metrics
        self._deferred_ephemeral: bool | None = None
        self._placeholder = False  # a deferred "thinking…" message awaits its content
        self._token_dead = False

    @property
    def channel_id(self) -> int | None:
        return self.interaction.channel_id

    @property
    def attachment_limit(self) -> int | None:
        return self.interaction.filesize_limit or None

    async def defer(self, *, ephemeral: bool, thinking: bool = True) -> bool:
        """Acknowledge now. False when the interaction is already answered or gone (another
        instance took it, or it arrived too late): the caller then does nothing at all."""
        if self.interaction.response.is_done():
            return True
        try:
            await self.interaction.response.defer(ephemeral=ephemeral, thinking=thinking)
        except discord.HTTPException as exc:
            count_api_error(self._metrics, exc)
            log.warning("interaction_not_acknowledged", status=exc.status, code=exc.code)
            if exc.code == ALREADY_ACKNOWLEDGED or exc.code in DEAD_TOKEN_CODES:
                return False
            raise
        self._deferred_ephemeral = ephemeral
        self._placeholder = thinking
        return True

    async def update(self, message: OutMessage) -> None:
        """Edit the message whose button was clicked (after `defer(thinking=False)`)."""
        if self._token_dead:
            return
        kwargs = _kwargs(message)
        kwargs["view"] = static_view(message.buttons)  # none given: the buttons go away
        try:
            await self.interaction.edit_original_response(
                **kwargs, attachments=[f.to_discord() for f in message.files]
            )
        except discord.HTTPException as exc:
            count_api_error(self._metrics, exc)
            if exc.code not in DEAD_TOKEN_CODES:
                raise
            self._token_dead = True

    async def send(self, reply: Reply) -> list[discord.Message]:
        sent: list[discord.Message] = []
        for message in reply.messages:
            result = await self._send_one(message, reply.ephemeral)
            if result is not None:
                sent.append(result)
        return sent

    async def _send_one(self, message: OutMessage, ephemeral: bool) -> discord.Message | None:
        if self._token_dead:
            return await self._to_channel(message, ephemeral)
        try:
            return await self._via_token(message, ephemeral)
        except discord.HTTPException as exc:
            count_api_error(self._metrics, exc)
            if exc.code not in DEAD_TOKEN_CODES:
                raise
            self._token_dead = True
            log.warning("interaction_token_dead", code=exc.code, interaction_id=self.interaction.id)
            return await self._to_channel(message, ephemeral)

    async def _via_token(self, message: OutMessage, ephemeral: bool) -> discord.Message | None:
        interaction = self.interaction
        kwargs = _kwargs(message)
        files = [f.to_discord() for f in message.files]
        if not interaction.response.is_done():
            response = await interaction.response.send_message(
                **kwargs, files=files, ephemeral=ephemeral
            )
            resource = response.resource if response is not None else None
            return resource if isinstance(resource, discord.Message) else None
        if self._placeholder:
            self._placeholder = False
            if ephemeral and not self._deferred_ephemeral:
                await interaction.delete_original_response()
            else:
                return await interaction.edit_original_response(**kwargs, attachments=files)
        return await interaction.followup.send(
            **{k: v for k, v in kwargs.items() if v is not None},
            files=files,
            ephemeral=ephemeral,
            wait=True,
        )

    async def _to_channel(self, message: OutMessage, ephemeral: bool) -> discord.Message | None:
        channel_id = self.interaction.channel_id
        if ephemeral or channel_id is None:
            log.info("ephemeral_reply_dropped", interaction_id=self.interaction.id)
            return None
        client: discord.Client = self.interaction.client
        channel = client.get_partial_messageable(channel_id, guild_id=self.interaction.guild_id)
        return await channel.send(**_kwargs(message), files=[f.to_discord() for f in message.files])


def responder_for(
    interaction: discord.Interaction[Any], services: Services
) -> InteractionResponder:
    """The responder of this interaction (cogs store theirs, so errors know the defer state)."""
    responder = interaction.extras.get("responder")
    if not isinstance(responder, InteractionResponder):
        responder = InteractionResponder(interaction, services.metrics)
        interaction.extras["responder"] = responder
    return responder


class MessageReplier:
    """Replies to a plain message in a studio thread (there is no ephemeral there)."""

    def __init__(self, message: discord.Message) -> None:
        self._message = message

    @property
    def channel_id(self) -> int | None:
        return self._message.channel.id

    @property
    def attachment_limit(self) -> int | None:
        guild = self._message.guild
        return guild.filesize_limit if guild is not None else None

    async def send(self, reply: Reply) -> list[discord.Message]:
        sent = []
        for i, message in enumerate(reply.messages):
            kwargs = _kwargs(message)
            files = [f.to_discord() for f in message.files]
            if i == 0:
                sent.append(await self._message.reply(**kwargs, files=files, mention_author=False))
            else:
                sent.append(await self._message.channel.send(**kwargs, files=files))
        return sent
