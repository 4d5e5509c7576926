"""/admin: stats, jobs, caches and limits, for members with Manage Server.

Two gates: `default_permissions(manage_guild=True)` hides the commands from other members in
Discord's UI, but a server can change that, so every /admin command also checks at run time
(Manage Server, or a user id in `discord.admin_user_ids`) and refuses everyone else, ephemerally,
before any admin data is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render_admin
from bot.cogs.base import begin
from bot.errors import AdminRequired
from bot.render_types import Reply

if TYPE_CHECKING:
    from bot.client import StudioClient


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class AdminCog(commands.GroupCog, group_name="admin", group_description="Server admin tools"):
    cache = app_commands.Group(name="cache", description="The bot's caches")

    def __init__(self, bot: StudioClient) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        if not self.bot.is_admin(interaction):
            raise AdminRequired("Manage Server is required")
        return True

    @app_commands.command(name="stats", description="Uptime, commands, jobs, errors, latency")
    async def stats(self, interaction: discord.Interaction[Any]) -> None:
        responder = await begin(self.bot, interaction, ephemeral=True, command="admin stats")
        if responder is None:
            return
        embed = render_admin.stats_embed(self.bot.services.metrics.snapshot())
        await responder.send(Reply.embed(embed, ephemeral=True))

    @app_commands.command(name="jobs", description="Queued and running jobs, with cancel buttons")
    async def jobs(self, interaction: discord.Interaction[Any]) -> None:
        responder = await begin(self.bot, interaction, ephemeral=True, command="admin jobs")
        if responder is None:
            return
        active = await self.bot.services.jobs.active(str(interaction.guild_id))
        await responder.send(render_admin.jobs_list(active))

    @app_commands.command(name="limits", description="The limits on commands and jobs")
    async def limits(self, interaction: discord.Interaction[Any]) -> None:
        responder = await begin(self.bot, interaction, ephemeral=True, command="admin limits")
        if responder is None:
            return
        await responder.send(render_admin.limits_view(self.bot.settings))

    @cache.command(name="stats", description="Entries, size and hit rate of each cache")
    async def cache_stats(self, interaction: discord.Interaction[Any]) -> None:
        responder = await begin(self.bot, interaction, ephemeral=True, command="admin cache stats")
        if responder is None:
            return
        await responder.send(render_admin.cache_stats(self.bot.services.caches.stats()))

    @cache.command(name="clear", description="Clear one cache, or all of them")
    @app_commands.describe(name="The cache to clear (default: all)")
    async def cache_clear(
        self, interaction: discord.Interaction[Any], name: str | None = None
    ) -> None:
        responder = await begin(self.bot, interaction, ephemeral=True, command="admin cache clear")
        if responder is None:
            return
        known = self.bot.services.caches.names()
        if name is not None and name not in known:
            await responder.send(render_admin.unknown_cache(name, known))
            return
        await responder.send(render_admin.cache_clear_confirm(name, known))


async def setup(bot: StudioClient) -> None:
    await bot.add_cog(AdminCog(bot))
