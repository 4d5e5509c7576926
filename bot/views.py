"""Buttons as discord.py views that are sent, never listened to by the view itself.

Every Studio button is handled by one global interaction listener (`bot.buttons`), keyed by its
custom id, so buttons keep working after a restart. The views are stopped before sending, which
keeps discord.py from holding one listening view per message for the life of the process.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.render.model import ButtonSpec

__all__ = ["static_view"]

_STYLES = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}


def static_view(buttons: Sequence[ButtonSpec]) -> discord.ui.View:
    """A view holding `buttons` (an empty one removes a message's buttons)."""
    view = discord.ui.View(timeout=None)
    for spec in buttons[:25]:
        view.add_item(
            discord.ui.Button(
                label=spec.label[:80],
                custom_id=spec.custom_id,
                style=_STYLES[spec.style],
                emoji=spec.emoji,
                disabled=spec.disabled,
                row=spec.row,
            )
        )
    view.stop()
    return view
