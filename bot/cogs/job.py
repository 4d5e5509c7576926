"""/job status and /job cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.base import run_intent
from core.intent.schema import Intent

if TYPE_CHECKING:
    from bot.client import StudioClient

JobId = app_commands.Range[int, 1, 2**53]


@app_commands.guild_only()
class JobCog(commands.GroupCog, group_name="job", group_description="Your jobs"):
    def __init__(self, bot: StudioClient) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="status", description="How a job is going")
    @app_commands.describe(job_id="The job's number (default: your latest)")
    async def status(
        self, interaction: discord.Interaction[Any], job_id: JobId | None = None
    ) -> None:
        await run_intent(
            self.bot,
            interaction,
            Intent.JOB_STATUS,
            {"job_id": job_id},
            command="job status",
            ephemeral=True,
        )

    @app_commands.command(name="cancel", description="Cancel a job")
    @app_commands.describe(job_id="The job's number (default: your latest)")
    async def cancel(
        self, interaction: discord.Interaction[Any], job_id: JobId | None = None
    ) -> None:
        await run_intent(
            self.bot,
            interaction,
            Intent.JOB_CANCEL,
            {"job_id": job_id},
            command="job cancel",
            ephemeral=True,
        )


async def setup(bot: StudioClient) -> None:
    await bot.add_cog(JobCog(bot))
