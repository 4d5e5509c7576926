"""Every Studio button and modal, handled by one interaction listener, a cog beside the commands.

Custom ids carry the job id (or a confirmation key), so a button works after a restart: nothing
is looked up in memory except pending confirmations. Permission checks stay in core (cancelling
someone else's job is FORBIDDEN there) except for cache clearing, which is admin-only here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot import custom_ids
from bot.cogs.base import StudioCog, begin, run_intent
from bot.custom_ids import Action, ButtonRef
from bot.i18n.catalog import DEFAULT_LANGUAGE
from bot.i18n.translator import language_of_locale
from bot.render import admin as render_admin
from bot.render.errors import apology, refusal, render_error
from bot.render.model import OutMessage, Reply
from bot.render.progress import job_info_embed
from bot.render.replies import (
    confirmation_cancelled,
    confirmation_expired,
    edit_modal_texts,
    not_yours,
)
from bot.rerun import RERUN_INTENT, rerun_options
from bot.respond import responder_for
from bot.show_votes import later_results, more_like, vote
from core.errors import new_error_id
from core.intent.schema import Intent
from core.logging import bind_context, get_logger
from core.text_input import clean

if TYPE_CHECKING:
    from bot.client import StudioClient

__all__ = ["ButtonsCog", "handle_component", "rerun_options"]

log = get_logger(__name__)

Handler = Callable[["StudioClient", discord.Interaction[Any], ButtonRef], Awaitable[None]]


async def handle_component(bot: StudioClient, interaction: discord.Interaction[Any]) -> None:
    if interaction.type not in (
        discord.InteractionType.component,
        discord.InteractionType.modal_submit,
    ):
        return
    data: dict[str, Any] = dict(interaction.data or {})
    ref = custom_ids.parse(str(data.get("custom_id", "")))
    if ref is None:
        return
    with bind_context(button=ref.action.value, user_id=str(interaction.user.id)):
        try:
            await _HANDLERS[ref.action](bot, interaction, ref)
        except Exception:  # the outer boundary of a click: log with an id, apologise
            error_id = new_error_id()
            log.exception("button_crashed", error_id=error_id, action=ref.action.value)
            try:
                await responder_for(interaction, bot.services).send(
                    apology(error_id, _lang(interaction))
                )
            except discord.HTTPException:
                log.warning("apology_not_delivered", error_id=error_id)


async def _cancel(bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef) -> None:
    await run_intent(
        bot,
        interaction,
        Intent.JOB_CANCEL,
        {"job_id": ref.job_id},
        command="button cancel",
        ephemeral=True,
    )


async def _rerun(bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef) -> None:
    responder = await begin(bot, interaction, ephemeral=False, command=f"button {ref.action}")
    if responder is None or ref.job_id is None:
        return
    found = await bot.services.jobs.get(ref.job_id, bot.request_context(interaction))
    if found.error is not None:
        await responder.send(render_error(found.error, _lang(interaction)))
        return
    job = found.unwrap()
    intent = RERUN_INTENT.get(job.kind)
    if intent is None:
        return
    await run_intent(
        bot,
        interaction,
        intent,
        rerun_options(job, ref.action),
        command=f"button {ref.action}",
        responder=responder,
    )


async def _info(bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef) -> None:
    responder = await begin(bot, interaction, ephemeral=True, command="button info")
    if responder is None or ref.job_id is None:
        return
    found = await bot.services.jobs.get(ref.job_id, bot.request_context(interaction))
    if found.error is not None:
        await responder.send(render_error(found.error, _lang(interaction)))
        return
    await responder.send(Reply.embed(job_info_embed(found.unwrap()), ephemeral=True))


async def _confirm_run(
    bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef
) -> None:
    responder = await begin(bot, interaction, ephemeral=False, command="button confirm")
    if responder is None:
        return
    pending = bot.confirmations.get(ref.argument)
    if pending is None:
        await responder.send(confirmation_expired(_lang(interaction)))
        return
    if pending.user_id != str(interaction.user.id):
        await responder.send(not_yours(_lang(interaction)))
        return
    bot.confirmations.pop(ref.argument)
    reading = pending.reading
    await run_intent(
        bot, interaction, reading.intent, reading.params, command="confirm", responder=responder
    )


async def _confirm_edit(
    bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef
) -> None:
    pending = bot.confirmations.get(ref.argument)
    if pending is None or pending.user_id != str(interaction.user.id):
        # Answer at once (a modal must be the first response, so there is no defer here).
        lang = _lang(interaction)
        reply = confirmation_expired(lang) if pending is None else not_yours(lang)
        await responder_for(interaction, bot.services).send(reply)
        return
    title, label = edit_modal_texts(_lang(interaction))
    modal = discord.ui.Modal(
        title=title, custom_id=custom_ids.make(Action.CONFIRM_MODAL, ref.argument)
    )
    modal.add_item(
        discord.ui.TextInput(
            label=label,
            custom_id="text",
            style=discord.TextStyle.paragraph,
            default=(pending.text or "")[:4000] or None,
            max_length=4000,
        )
    )
    modal.stop()  # answered by the global listener, not by this object
    await interaction.response.send_modal(modal)


async def _confirm_modal(
    bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef
) -> None:
    responder = await begin(bot, interaction, ephemeral=False, command="modal edit")
    if responder is None:
        return
    pending = bot.confirmations.pop(ref.argument)
    if pending is None:
        await responder.send(confirmation_expired(_lang(interaction)))
        return
    text = clean(_modal_value(dict(interaction.data or {}), "text"))
    ctx = bot.request_context(interaction)
    result = await bot.services.commands.handle_message(text, ctx)
    await bot.deliver(responder, result, ctx=ctx, source_text=text)


def _lang(interaction: discord.Interaction[Any]) -> str:
    """The language of the member who clicked (their Discord locale; English if we lack it)."""
    return language_of_locale(interaction.locale) or DEFAULT_LANGUAGE


def _modal_value(data: dict[str, Any], custom_id: str) -> str:
    for row in data.get("components", []):
        for component in row.get("components", [row.get("component", {})]):
            if component.get("custom_id") == custom_id:
                return str(component.get("value", ""))
    return ""


async def _confirm_cancel(
    bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef
) -> None:
    responder = await begin(bot, interaction, ephemeral=True, command="button no", thinking=False)
    if responder is None:
        return
    pending = bot.confirmations.get(ref.argument)
    if pending is not None and pending.user_id != str(interaction.user.id):
        await responder.send(not_yours(_lang(interaction)))
        return
    bot.confirmations.pop(ref.argument)
    await responder.update(confirmation_cancelled(_lang(interaction)))


async def _cache(bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef) -> None:
    responder = await begin(
        bot, interaction, ephemeral=True, command="button cache", thinking=False
    )
    if responder is None:
        return
    if not bot.is_admin(interaction):
        await responder.send(refusal(_lang(interaction)))
        return
    if interaction.user.id not in bot.settings.discord.admin_user_ids:  # shared by every server
        await responder.send(render_admin.shared_cache_refusal())
        return
    if ref.action is Action.CACHE_KEEP:
        await responder.update(OutMessage(content=render_admin.cache_kept()))
        return
    name = None if ref.argument == "*" else ref.argument
    try:
        reports = bot.services.caches.clear(name)
    except KeyError:
        await responder.send(render_admin.unknown_cache(ref.argument, bot.services.caches.names()))
        return
    log.info("caches_cleared", names=[r.name for r in reports], by=str(interaction.user.id))
    await responder.update(OutMessage(content=render_admin.cache_cleared(reports)))


_HANDLERS: dict[Action, Handler] = {
    Action.CANCEL: _cancel,
    Action.REROLL: _rerun,
    Action.VARY: _rerun,
    Action.FINAL: _rerun,
    Action.INFO: _info,
    Action.CONFIRM_RUN: _confirm_run,
    Action.CONFIRM_EDIT: _confirm_edit,
    Action.CONFIRM_MODAL: _confirm_modal,
    Action.CONFIRM_CANCEL: _confirm_cancel,
    Action.CACHE_CLEAR: _cache,
    Action.CACHE_KEEP: _cache,
    Action.SHOW_UP: vote,
    Action.SHOW_DOWN: vote,
    Action.SHOW_MORE: more_like,
    Action.SHOW_REST: later_results,
}


class ButtonsCog(StudioCog):
    """Every component interaction (a click, a submitted modal) comes here."""

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        await handle_component(self.bot, interaction)


async def setup(bot: StudioClient) -> None:
    await bot.add_cog(ButtonsCog(bot))
