"""/help."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.cogs.base import StudioCog, run_intent
from core.intent.schema import Intent

if TYPE_CHECKING:
    from bot.client import StudioClient


class HelpCog(StudioCog):
    @app_commands.command(name="help", description="What Studio can do")
    @app_commands.guild_only()
    async def help(self, interaction: discord.Interaction[Any]) -> None:
        await run_intent(self.bot, interaction, Intent.HELP, {}, command="help", ephemeral=True)


async def setup(bot: StudioClient) -> None:
    await bot.add_cog(HelpCog(bot))
