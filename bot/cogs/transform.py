"""/transform: re-imagine a show in a new setting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.cogs.base import StudioCog, run_intent
from core.intent.schema import Intent

if TYPE_CHECKING:
    from bot.client import StudioClient


class TransformCog(StudioCog):
    @app_commands.command(name="transform", description="Re-imagine a show in a new setting")
    @app_commands.guild_only()
    @app_commands.describe(
        title="The show to transform",
        setting="The new setting, e.g. a Mars colony in 2300",
        scenes="How many scenes (1-12)",
        tone="The tone, e.g. darker, comic",
        storyboard="Also draw a storyboard",
    )
    async def transform(  # noqa: PLR0917 (each parameter is a slash-command option)
        self,
        interaction: discord.Interaction[Any],
        title: str,
        setting: str,
        scenes: app_commands.Range[int, 1, 12] | None = None,
        tone: str | None = None,
        storyboard: bool | None = None,
    ) -> None:
        options = {
            "title": title,
            "setting": setting,
            "scenes": scenes,
            "tone": tone,
            "storyboard": storyboard,
        }
        await run_intent(self.bot, interaction, Intent.TRANSFORM_SHOW, options, command="transform")


async def setup(bot: StudioClient) -> None:
    await bot.add_cog(TransformCog(bot))
