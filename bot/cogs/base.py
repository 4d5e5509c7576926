"""The one path every slash command takes: defer, build the context, call core, deliver."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.client import responder_for
from bot.respond import InteractionResponder
from core.intent.schema import Intent
from core.logging import bind_context, get_logger

if TYPE_CHECKING:
    from bot.client import StudioClient

__all__ = ["StudioCog", "begin", "run_intent"]

log = get_logger(__name__)


class StudioCog(commands.Cog):
    def __init__(self, bot: StudioClient) -> None:
        self.bot = bot


async def begin(
    bot: StudioClient,
    interaction: discord.Interaction[Any],
    *,
    ephemeral: bool,
    command: str,
    thinking: bool = True,
) -> InteractionResponder | None:
    """Acknowledge the interaction before any I/O; None when it must not be answered at all.
    `thinking=False` (buttons only): acknowledge without a new message, to edit the clicked one."""
    started = time.perf_counter()
    responder = responder_for(interaction, bot.services)
    if not await responder.defer(ephemeral=ephemeral, thinking=thinking):
        return None
    metrics = bot.services.metrics
    metrics.observe("discord_defer_seconds", time.perf_counter() - started, command=command)
    metrics.inc("discord_commands", command=command)
    return responder


async def run_intent(
    bot: StudioClient,
    interaction: discord.Interaction[Any],
    intent: Intent,
    options: Mapping[str, Any],
    *,
    command: str,
    ephemeral: bool = False,
    responder: InteractionResponder | None = None,
) -> None:
    """Defer (unless done), call `run_command` with the given options (unset ones left out), and
    show the result."""
    if responder is None:
        responder = await begin(bot, interaction, ephemeral=ephemeral, command=command)
        if responder is None:
            return
    started = time.perf_counter()
    ctx = bot.request_context(interaction)
    given = {k: v for k, v in options.items() if v is not None}
    with bind_context(command=command, guild_id=ctx.tenant, user_id=ctx.user_id):
        result = await bot.services.commands.run_command(intent, given, ctx)
        if result.error is not None:
            bot.services.metrics.inc("discord_errors", command=command, code=result.error.code)
        await bot.deliver(responder, result, ctx=ctx)
        # The one summary line of a command as Discord saw it.
        log.info(
            "discord_command",
            intent=intent.value,
            request_id=ctx.request_id,
            outcome="ok" if result.error is None else result.error.code.value,
            ms=round((time.perf_counter() - started) * 1000, 1),
        )
