"""/imagine and /animate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands

from bot.cogs.base import StudioCog, run_intent
from core.intent.schema import Intent

if TYPE_CHECKING:
    from bot.client import StudioClient

Quality = Literal["draft", "final"]
Aspect = Literal["square", "portrait", "landscape"]
Seed = app_commands.Range[int, 0, 2**32 - 1]


class MediaCog(StudioCog):
    @app_commands.command(name="imagine", description="Make an image from a description")
    @app_commands.guild_only()
    @app_commands.describe(
        prompt="What the image should show",
        negative="What it should not show",
        quality="draft (fast) or final (slower, better)",
        aspect="square, portrait or landscape",
        count="How many images (1-4)",
        seed="A number that makes the result repeatable",
    )
    async def imagine(  # noqa: PLR0917 (each parameter is a slash-command option)
        self,
        interaction: discord.Interaction[Any],
        prompt: str,
        negative: str | None = None,
        quality: Quality | None = None,
        aspect: Aspect | None = None,
        count: app_commands.Range[int, 1, 4] | None = None,
        seed: Seed | None = None,
    ) -> None:
        options = {
            "prompt": prompt,
            "negative_prompt": negative,
            "quality": quality,
            "aspect": aspect,
            "count": count,
            "seed": seed,
        }
        await run_intent(self.bot, interaction, Intent.GENERATE_IMAGE, options, command="imagine")

    @app_commands.command(name="animate", description="Make a short video from a description")
    @app_commands.guild_only()
    @app_commands.describe(
        prompt="What the video should show",
        seconds="Length in seconds (1-10)",
        quality="draft (fast) or final (slower, better)",
        aspect="square, portrait or landscape",
        seed="A number that makes the result repeatable",
    )
    async def animate(  # noqa: PLR0917 (each parameter is a slash-command option)
        self,
        interaction: discord.Interaction[Any],
        prompt: str,
        seconds: app_commands.Range[int, 1, 10] | None = None,
        quality: Quality | None = None,
        aspect: Aspect | None = None,
        seed: Seed | None = None,
    ) -> None:
        options = {
            "prompt": prompt,
            "seconds": seconds,
            "quality": quality,
            "aspect": aspect,
            "seed": seed,
        }
        await run_intent(self.bot, interaction, Intent.GENERATE_VIDEO, options, command="animate")


async def setup(bot: StudioClient) -> None:
    await bot.add_cog(MediaCog(bot))
