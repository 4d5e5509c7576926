"""/admin: stats, jobs, caches and limits, for members with Manage Server.

A server's admins see their own server's figures; the bot's operator (`discord.admin_user_ids`)
sees the whole bot's and is the only one who may clear the caches every server shares.

Two gates: `default_permissions(manage_guild=True)` hides the commands from other members in
Discord's UI, but a server can change that, so every /admin command also checks at run time
(Manage Server, or a user id in `discord.admin_user_ids`) and refuses everyone else, ephemerally,
before any admin data is read.

Admin commands do not go through the orchestrator, so this cog writes their canonical log line
(`admin_command_done`) and records them in `commands_total{via=admin}` / `command_seconds` itself.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.base import begin
from bot.render import admin as render_admin
from bot.render.charts import stats_chart
from bot.render.errors import render_error
from bot.render.model import Reply
from bot.tree import AdminRequired
from core.guild_limits import LIMIT_KEYS
from core.logging import bind_context, get_logger
from core.stats import COMMAND_SECONDS, COMMANDS, collect_stats

if TYPE_CHECKING:
    from bot.client import StudioClient

log = get_logger(__name__)

_SETTING_CHOICES = [app_commands.Choice(name=key, value=key) for key in LIMIT_KEYS]


class _Outcome:
    """What a command ended as, for its canonical line (set by the command when not "ok")."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = "ok"


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

    @contextmanager
    def _done(self, interaction: discord.Interaction[Any], command: str) -> Iterator[_Outcome]:
        """Time the command; at the end record it and write its one summary line."""
        started = time.perf_counter()
        outcome = _Outcome()
        ids = {"guild_id": str(interaction.guild_id), "user_id": str(interaction.user.id)}
        with bind_context(command=command, **ids):
            try:
                yield outcome
            except BaseException:
                outcome.value = "crashed"  # the tree's error handler logs it with an error id
                raise
            finally:
                seconds = time.perf_counter() - started
                metrics = self.bot.services.metrics
                metrics.inc(COMMANDS, command=command, via="admin", outcome=outcome.value)
                metrics.observe(COMMAND_SECONDS, seconds, command=command)
                log.info(
                    "admin_command_done",
                    command=command,
                    **ids,
                    outcome=outcome.value,
                    ms=round(seconds * 1000, 1),
                )

    @app_commands.command(name="stats", description="Uptime, commands, jobs, errors, latency")
    async def stats(self, interaction: discord.Interaction[Any]) -> None:
        with self._done(interaction, "admin stats") as outcome:
            responder = await begin(self.bot, interaction, ephemeral=True, command="admin stats")
            if responder is None:
                outcome.value = "not_acknowledged"
                return
            services = self.bot.services
            if not is_bot_owner(self.bot, interaction):  # a server sees only its own figures
                tenant = str(interaction.guild_id)
                usage = services.usage.get(tenant)
                active = await services.jobs.active(tenant)
                votes = None if services.feedback is None else await services.feedback.tally(tenant)
                carry = (
                    None if services.carry_over is None else services.carry_over.for_server(tenant)
                )
                await responder.send(render_admin.server_stats_reply(usage, active, votes, carry))
                return
            stats = collect_stats(services.metrics, services.caches)
            chart = await stats_chart(stats)
            votes = None if services.feedback is None else await services.feedback.tally_all()
            await responder.send(render_admin.stats_reply(stats, chart, votes))

    @app_commands.command(name="jobs", description="Queued and running jobs, with cancel buttons")
    async def jobs(self, interaction: discord.Interaction[Any]) -> None:
        with self._done(interaction, "admin jobs") as outcome:
            responder = await begin(self.bot, interaction, ephemeral=True, command="admin jobs")
            if responder is None:
                outcome.value = "not_acknowledged"
                return
            services = self.bot.services
            active = await services.jobs.active(str(interaction.guild_id))
            await responder.send(render_admin.jobs_list(active, now=services.clock.time()))

    @app_commands.command(name="limits", description="See this server's limits, or set one")
    @app_commands.describe(
        setting="The limit to change (leave out to see them all)",
        value="Its new value (e.g. 20, draft, +word, true; default removes the server's cap)",
    )
    @app_commands.choices(setting=_SETTING_CHOICES)
    async def limits(
        self,
        interaction: discord.Interaction[Any],
        setting: str | None = None,
        value: str | None = None,
    ) -> None:
        with self._done(interaction, "admin limits") as outcome:
            responder = await begin(self.bot, interaction, ephemeral=True, command="admin limits")
            if responder is None:
                outcome.value = "not_acknowledged"
                return
            await responder.send(await self._limits_reply(interaction, setting, value, outcome))

    async def _limits_reply(
        self,
        interaction: discord.Interaction[Any],
        setting: str | None,
        value: str | None,
        outcome: _Outcome,
    ) -> Reply:
        services = self.bot.services
        store = services.limits
        tenant = str(interaction.guild_id)
        if store is None:
            if setting is not None or value is not None:
                outcome.value = "unavailable"
            return render_admin.limits_view(services.settings, None)
        if setting is None and value is None:
            return render_admin.limits_view(services.settings, await store.get(tenant))
        if setting is None or value is None:
            outcome.value = "invalid_input"
            return render_admin.limit_usage(setting)
        by_user = str(interaction.user.id)
        updated = await store.update(tenant, setting, value, by_user=by_user)
        if updated.error is not None:
            outcome.value = updated.error.code.value
            return render_error(updated.error)
        log.info("guild_limit_changed", setting=setting, value=value, by=by_user)
        return render_admin.limits_view(services.settings, updated.unwrap(), changed=setting)

    @cache.command(name="stats", description="Entries, size and hit rate of each cache")
    async def cache_stats(self, interaction: discord.Interaction[Any]) -> None:
        with self._done(interaction, "admin cache stats") as outcome:
            responder = await begin(
                self.bot, interaction, ephemeral=True, command="admin cache stats"
            )
            if responder is None:
                outcome.value = "not_acknowledged"
                return
            await responder.send(render_admin.cache_stats(self.bot.services.caches.stats()))

    @cache.command(name="clear", description="Clear one cache, or all of them")
    @app_commands.describe(name="The cache to clear (default: all)")
    async def cache_clear(
        self, interaction: discord.Interaction[Any], name: str | None = None
    ) -> None:
        with self._done(interaction, "admin cache clear") as outcome:
            responder = await begin(
                self.bot, interaction, ephemeral=True, command="admin cache clear"
            )
            if responder is None:
                outcome.value = "not_acknowledged"
                return
            if not is_bot_owner(self.bot, interaction):
                outcome.value = "forbidden"
                await responder.send(render_admin.shared_cache_refusal())
                return
            known = self.bot.services.caches.names()
            if name is not None and name not in known:
                outcome.value = "not_found"
                await responder.send(render_admin.unknown_cache(name, known))
                return
            await responder.send(render_admin.cache_clear_confirm(name, known))


def is_bot_owner(bot: StudioClient, interaction: discord.Interaction[Any]) -> bool:
    """The bot's operator (`discord.admin_user_ids`): sees the whole bot and may change what
    every server shares. Manage Server makes someone an admin of one server only."""
    return interaction.user.id in bot.settings.discord.admin_user_ids


async def setup(bot: StudioClient) -> None:
    await bot.add_cog(AdminCog(bot))
