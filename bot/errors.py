"""Errors as a Discord user sees them, and the one app-command tree error handler.

A user error (ErrorCode.user_caused) is shown only to them and says what to change. A service
error (unavailable, timeout, cancelled) shows its message. Anything else is a bug or an unexpected
failure: the user sees a short apology with an error id, and the same id is in the log line with
the traceback, so an operator can find it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.i18n.catalog import DEFAULT_LANGUAGE, message
from bot.i18n.refusals import localise_refusal
from bot.i18n.translator import language_of_locale
from bot.payload_check import outdated_text
from bot.render_types import Reply
from core.errors import new_error_id
from core.logging import get_logger
from core.result import ErrorCode, StepError

if TYPE_CHECKING:
    from bot.respond import InteractionResponder

__all__ = [
    "AdminRequired",
    "apology",
    "handle_tree_error",
    "refusal",
    "render_error",
]

log = get_logger(__name__)

_ICONS = {
    ErrorCode.INVALID_INPUT: "⚠️",
    ErrorCode.NOT_FOUND: "🔍",
    ErrorCode.FORBIDDEN: "⛔",
    ErrorCode.RATE_LIMITED: "⏳",
    ErrorCode.UNAVAILABLE: "🛠️",
    ErrorCode.TIMEOUT: "⌛",
    ErrorCode.CANCELLED: "✋",
}


class AdminRequired(app_commands.CheckFailure):
    """An /admin command from someone without Manage Server (the client-side gate can be changed
    by a server, so the bot checks again at run time)."""


def apology(error_id: str, lang: str = DEFAULT_LANGUAGE) -> Reply:
    return Reply.text(message(lang, "error.apology", error_id=error_id), ephemeral=True)


def refusal(lang: str = DEFAULT_LANGUAGE) -> Reply:
    return Reply.text(message(lang, "error.admin_only"), ephemeral=True)


def render_error(error: StepError, lang: str = DEFAULT_LANGUAGE) -> Reply:
    if error.code is ErrorCode.INTERNAL:
        error_id = error.error_id or new_error_id()
        if error.error_id is None:
            # The producer did not log it under an id: log it now so the id the user sees exists.
            log.error(
                "command_failed", error_id=error_id, code=str(error.code), detail=error.message
            )
        return apology(error_id, lang)
    text = f"{_ICONS.get(error.code, '⚠️')} {localise_refusal(error.message, lang)}"
    # Some messages say when already (the rate limiter's does): say it once.
    says_when = "try again" in error.message.lower()
    if error.code is ErrorCode.RATE_LIMITED and error.retry_after_s and not says_when:
        text += " " + message(lang, "error.try_again_in", wait=_seconds(error.retry_after_s))
    elif error.retryable and not error.code.user_caused and not says_when:
        text += " " + message(lang, "error.try_later")
    return Reply.text(text, ephemeral=True)


def _seconds(value: float) -> str:
    whole = max(1, round(value))
    return f"{whole} s" if whole < 120 else f"{round(whole / 60)} min"


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
