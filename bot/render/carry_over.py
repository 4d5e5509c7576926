"""The `/admin stats` field that tells a server's admins their shows are being carried over to a
new vector layout (core.carry_over.ServerCarryOver): shows missing right after an upgrade are
coming back, or which ones will not and must be added again."""

from __future__ import annotations

import discord

from bot.render.limits import MAX_FIELD_VALUE, truncate
from core.carry_over import CarryOverPhase, ServerCarryOver

__all__ = ["CARRY_OVER_FIELD", "MAX_TITLES", "add_carry_over"]

CARRY_OVER_FIELD = "Shows from before the upgrade"
MAX_TITLES = 10  # named one by one; the rest are counted


def add_carry_over(embed: discord.Embed, carry: ServerCarryOver | None) -> None:
    """Add this server's carry-over to the embed; nothing when there is none."""
    if carry is not None:
        embed.add_field(name=CARRY_OVER_FIELD, value=carry_over_text(carry), inline=False)


def carry_over_text(carry: ServerCarryOver) -> str:
    shows = _shows(carry.carried)
    if carry.phase is CarryOverPhase.RUNNING:
        text = (
            f"⏳ Being carried over to the new vector layout: **{shows}** back so far. "
            "The rest come back in the background while the bot answers; nothing to do."
        )
    elif carry.phase is CarryOverPhase.DONE:
        text = f"✅ Carried over to the new vector layout: **{shows}**."
    else:
        text = (
            f"⚠️ Stopped part way with **{shows}** back: {carry.error or 'no reason given'}. "
            "It resumes at the next start; the shows not back yet are missing until then."
        )
    if carry.not_carried:
        named = [f"“{discord.utils.escape_markdown(t)}”" for t in carry.not_carried[:MAX_TITLES]]
        more = len(carry.not_carried) - len(named)
        text += (
            f"\nCould not be carried over (add {'it' if len(carry.not_carried) == 1 else 'them'}"
            " again with `/show add`): " + ", ".join(named) + (f" and {more} more" if more else "")
        )
    return truncate(text, MAX_FIELD_VALUE)


def _shows(count: int) -> str:
    return f"{count:,} show" + ("" if count == 1 else "s")
