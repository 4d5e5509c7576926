"""Buttons and modals: one listener for every component interaction (the handlers are in
`bot.buttons`), loaded beside the command cogs so the client needs no import of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.buttons import handle_component
from bot.cogs.base import StudioCog

if TYPE_CHECKING:
    from bot.client import StudioClient


class ButtonsCog(StudioCog):
    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        await handle_component(self.bot, interaction)


async def setup(bot: StudioClient) -> None:
    await bot.add_cog(ButtonsCog(bot))
