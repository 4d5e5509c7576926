"""The bot's app-command tree: every slash-command payload is checked before discord.py parses
it, and nothing discord.py raises while parsing escapes unanswered.

discord.py runs each command in a task of its own (`CommandTree._from_interaction`) and routes
only `AppCommandError`s to `on_error`; anything else its parsing raises (a missing option value,
a malformed attachment) ends as "Task exception was never retrieved" and the member sees "This
interaction failed". `interaction_check`, the tree's documented global check, refuses a payload
that is out of date or carries a value its option does not allow, answering privately in the
first response; the `_call` guard answers whatever still slips through as out of date. No option
of this bot autocompletes, so an autocomplete request is answered with no suggestions.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.i18n.catalog import DEFAULT_LANGUAGE, message
from bot.i18n.refusals import localise_refusal
from bot.i18n.translator import language_of_locale
from bot.payload_check import PayloadProblem, check_command_payload, outdated_text
from bot.render.errors import apology, refusal
from bot.render.model import Reply
from bot.respond import InteractionResponder, responder_for
from bot.services import Services
from core.errors import new_error_id
from core.logging import get_logger

__all__ = ["StudioTree", "handle_tree_error"]

log = get_logger(__name__)


class AdminRequired(app_commands.CheckFailure):
    """An /admin command from someone without Manage Server (the client-side gate can be changed
    by a server, so the bot checks again at run time)."""


class StudioTree(app_commands.CommandTree[Any]):
    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        if interaction.type is discord.InteractionType.autocomplete:
            await _no_suggestions(interaction)
            return False
        if interaction.type is not discord.InteractionType.application_command:
            return True
        problem = check_command_payload(self, interaction.data)
        if problem is None:
            return True
        await self._refuse(interaction, problem)
        return False

    async def _call(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await super()._call(interaction)
        except app_commands.AppCommandError:
            raise  # discord.py's invoker hands these to on_error
        except Exception as exc:
            # A payload discord.py could not parse (the command itself never ran: its own
            # exceptions arrive wrapped in CommandInvokeError). No traceback: it is the input's
            # fault, and a client sending many must not buy a rendered traceback with each.
            log.warning("command_payload_unparsed", error=repr(exc)[:300])
            await self._refuse(interaction, PayloadProblem(True, outdated_text(None)))

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError, /
    ) -> None:
        await handle_tree_error(responder_for(interaction, self._services), error)

    @property
    def _services(self) -> Services:
        services: Services = self.client.services  # the Studio client's (bot.client)
        return services

    async def _refuse(self, interaction: discord.Interaction[Any], problem: PayloadProblem) -> None:
        services = self._services
        reason = "outdated" if problem.outdated else "invalid_value"
        services.metrics.inc("discord_payloads_refused", reason=reason)
        log.info(
            "command_payload_refused",
            reason=reason,
            option=problem.option,
            user_id=interaction.user.id,
            guild_id=interaction.guild_id,
        )
        if interaction.response.is_done():
            return
        responder = responder_for(interaction, services)
        try:
            lang = language_of_locale(interaction.locale) or DEFAULT_LANGUAGE
            await responder.send(Reply.text(localise_refusal(problem.text, lang), ephemeral=True))
        except discord.HTTPException as exc:
            log.warning("payload_refusal_not_delivered", status=exc.status, code=exc.code)


async def _no_suggestions(interaction: discord.Interaction[Any]) -> None:
    """No option of this bot autocompletes, so an autocomplete request (from an old definition
    or a patched client) gets an empty list at once rather than silence or an error."""
    try:
        await interaction.response.autocomplete([])
    except discord.HTTPException as exc:
        log.warning("autocomplete_not_answered", status=exc.status, code=exc.code)


async def handle_tree_error(
    responder: InteractionResponder, error: app_commands.AppCommandError
) -> None:
    """The tree's `on_error`: every exception a command raises ends here."""
    interaction = responder.interaction
    lang = language_of_locale(interaction.locale) or DEFAULT_LANGUAGE
    if isinstance(error, AdminRequired):
        log.info("admin_refused", user_id=interaction.user.id, guild_id=interaction.guild_id)
        await responder.send(refusal(lang))
        return
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        # The member's app holds an older definition: nothing went wrong on the bot's side.
        command = getattr(getattr(error, "command", None), "qualified_name", None)
        log.info("command_outdated", command=command, error=type(error).__name__)
        text = localise_refusal(outdated_text(command), lang)
        await responder.send(Reply.text(text, ephemeral=True))
        return
    if isinstance(error, app_commands.TransformerError):
        name = getattr(error.transformer, "_error_display_name", "option")
        text = message(lang, "error.bad_value", name=name, value=repr(error.value))
        await responder.send(Reply.text(text, ephemeral=True))
        return
    if isinstance(error, app_commands.CheckFailure):
        await responder.send(Reply.text(message(lang, "error.not_here"), ephemeral=True))
        return
    original: BaseException = getattr(error, "original", error)
    error_id = new_error_id()
    log.error(
        "command_crashed",
        error_id=error_id,
        command=_command_name(interaction),
        exc_info=(type(original), original, original.__traceback__),
    )
    try:
        await responder.send(apology(error_id, lang))
    except discord.HTTPException as exc:
        log.warning("apology_not_delivered", error_id=error_id, status=exc.status, code=exc.code)


def _command_name(interaction: discord.Interaction[Any]) -> str | None:
    command = interaction.command
    return command.qualified_name if command is not None else None
