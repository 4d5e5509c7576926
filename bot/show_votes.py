"""The 👍 / 👎 / 🔎 buttons under a similar-shows answer (registered in `bot.buttons`).

A vote is answered privately, to the voter only, and is stored for the server the button was
pressed in (`Services.feedback`): the server's next answers re-rank with it. "More like this"
asks find_similar again with the pressed result as a second example, also privately, so a
member exploring does not fill the channel; its answer has buttons of its own. "Vote on 6–10"
sends the buttons of an answer's later results privately (Discord allows 25 buttons a message).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.cogs.base import begin, run_intent
from bot.custom_ids import Action, ButtonRef
from bot.render.errors import render_error
from bot.render.votes import answer_gone, vote_noted, votes_not_kept
from bot.render.votes import later_results as render_later_results
from core.intent.schema import Intent
from core.logging import get_logger
from core.ports.feedback import ShowFeedback, ShownAnswer, VoteValue

if TYPE_CHECKING:
    from bot.client import StudioClient
    from bot.respond import InteractionResponder

__all__ = ["later_results", "more_like", "vote"]

log = get_logger(__name__)

VOTES_REFUSED = "show_votes_refused_total"  # {code}: rate limited, too old, no such result


async def vote(bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef) -> None:
    pressed = await _pressed(bot, interaction, ref, command=f"button {ref.action}")
    if pressed is None:
        return
    responder, feedback, key, rank = pressed
    ctx = bot.request_context(interaction)
    value: VoteValue = 1 if ref.action is Action.SHOW_UP else -1
    noted = await feedback.vote_on(ctx.tenant, key, rank, ctx.user_id, value)
    if noted.error is not None:  # the store counts it too, for /admin stats
        bot.services.metrics.inc(VOTES_REFUSED, code=str(noted.error.code))
        await responder.send(render_error(noted.error))
        return
    receipt = noted.unwrap()
    bot.services.metrics.inc("show_votes_total", vote="up" if value > 0 else "down")
    log.info("show_vote", tenant=ctx.tenant, rank=rank, vote=value, replaced=receipt.previous)
    await responder.send(vote_noted(receipt))


async def more_like(
    bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef
) -> None:
    pressed = await _pressed_answer(bot, interaction, ref, command="button show-more")
    if pressed is None:
        return
    responder, shown, rank = pressed
    options = shown.more_like(rank)
    if options is None:
        await responder.send(answer_gone())
        return
    await run_intent(
        bot,
        interaction,
        Intent.FIND_SIMILAR,
        options,
        command="button show-more",
        responder=responder,
    )


async def later_results(
    bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef
) -> None:
    """ "Vote on 6–10": the buttons of the answer's later results, to the member alone."""
    pressed = await _pressed_answer(bot, interaction, ref, command="button show-rest")
    if pressed is None:
        return
    responder, shown, rank = pressed
    await responder.send(render_later_results(shown, rank))


async def _pressed_answer(
    bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef, *, command: str
) -> tuple[InteractionResponder, ShownAnswer, int] | None:
    """The pressed answer, as this server keeps it, and the pressed result's rank in it; None
    once the member has been told it is gone (too old, another server's, no such result)."""
    pressed = await _pressed(bot, interaction, ref, command=command)
    if pressed is None:
        return None
    responder, feedback, key, rank = pressed
    shown = await feedback.answer(bot.request_context(interaction).tenant, key)
    if shown is None or not 1 <= rank <= len(shown.results):
        await responder.send(answer_gone())
        return None
    return responder, shown, rank


async def _pressed(
    bot: StudioClient, interaction: discord.Interaction[Any], ref: ButtonRef, *, command: str
) -> tuple[InteractionResponder, ShowFeedback, str, int] | None:
    """Acknowledges the press privately; the responder, the vote store and the pressed answer's
    key and rank, or None once the member has been told why nothing can be done."""
    responder = await begin(bot, interaction, ephemeral=True, command=command)
    if responder is None:
        return None
    pressed = ref.answer_result
    if pressed is None:  # not an id this bot made
        await responder.send(answer_gone())
        return None
    feedback = bot.services.feedback
    if feedback is None:
        await responder.send(votes_not_kept())
        return None
    key, rank = pressed
    return responder, feedback, key, rank
