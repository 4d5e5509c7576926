"""The one path every slash command takes: check the options, defer, build the context, call
core, deliver.

Options are checked against the intent's parameters (pure, no I/O) before anything is deferred:
a refusal is then the first response, private to the member, and the channel never sees a
public "thinking…" appear and vanish for someone's mistake."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.i18n.catalog import DEFAULT_LANGUAGE
from bot.i18n.translator import language_of_locale
from bot.render.errors import render_error
from bot.respond import ALREADY_ACKNOWLEDGED, InteractionResponder, responder_for
from core.intent.schema import Intent
from core.intent.validate import validate_params
from core.logging import bind_context, get_logger
from core.result import StepError
from core.stats import DISCORD_COMMANDS, DISCORD_DEFER_SECONDS, DISCORD_ERRORS
from core.text_input import clean_options

if TYPE_CHECKING:
    from bot.client import StudioClient

__all__ = ["StudioCog", "begin", "refuse", "refuse_invalid", "run_intent"]

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
    metrics.observe(DISCORD_DEFER_SECONDS, time.perf_counter() - started, command=command)
    metrics.inc(DISCORD_COMMANDS, command=command)
    return responder


async def refuse(
    bot: StudioClient, interaction: discord.Interaction[Any], error: StepError, *, command: str
) -> None:
    """Answer a refusal privately, as the first response (nothing was deferred)."""
    metrics = bot.services.metrics
    metrics.inc(DISCORD_COMMANDS, command=command)
    metrics.inc(DISCORD_ERRORS, command=command, code=error.code)
    try:
        lang = language_of_locale(interaction.locale) or DEFAULT_LANGUAGE
        await responder_for(interaction, bot.services).send(render_error(error, lang))
    except discord.HTTPException as exc:
        if exc.code != ALREADY_ACKNOWLEDGED:  # a duplicate delivery: the first one answered
            raise
        log.info("refusal_already_answered", interaction_id=interaction.id)


async def refuse_invalid(
    bot: StudioClient,
    interaction: discord.Interaction[Any],
    intent: Intent,
    options: Mapping[str, Any],
    *,
    command: str,
) -> bool:
    """Refuse options the intent does not allow (a pure check, no I/O), privately in the first
    response; True when refused (the caller then stops)."""
    checked = validate_params(intent, options, bot.settings.limits)
    if checked.error is None:
        return False
    await refuse(bot, interaction, checked.error, command=command)
    return True


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
    """Check the options, defer (unless done), call `run_command` with the given options (unset
    ones left out), and show the result."""
    # NFKC and no control characters, as the console does (core.text_input).
    given = clean_options({k: v for k, v in options.items() if v is not None})
    if responder is None:
        if await refuse_invalid(bot, interaction, intent, given, command=command):
            return
        responder = await begin(bot, interaction, ephemeral=ephemeral, command=command)
        if responder is None:
            return
    started = time.perf_counter()
    ctx = bot.request_context(interaction)
    with bind_context(command=command, guild_id=ctx.tenant, user_id=ctx.user_id):
        result = await bot.services.commands.run_command(intent, given, ctx)
        if result.error is not None:
            bot.services.metrics.inc(DISCORD_ERRORS, command=command, code=result.error.code)
        await bot.deliver(responder, result, ctx=ctx)
        # The one summary line of a command as Discord saw it.
        log.info(
            "discord_command",
            intent=intent.value,
            request_id=ctx.request_id,
            outcome="ok" if result.error is None else result.error.code.value,
            ms=round((time.perf_counter() - started) * 1000, 1),
        )
