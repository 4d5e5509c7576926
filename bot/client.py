"""The Discord client: a `commands.Bot` with one cog per command group, created from `Services`.

Endpoints come from settings (`DISCORD_API_BASE`, `DISCORD_GATEWAY_URL`) so an HTTP proxy or the
loopback emulator can stand in for Discord. `setup_hook` wires what the client owns (an HTTP
session for attachments, the thread store, the progress transport), adds the cogs and syncs the
commands when their definitions changed. `discord.sharded` picks `AutoShardedBot`.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

import aiohttp
import discord
import yarl
from discord.ext import commands

from bot.api_errors import rate_limit_trace
from bot.confirmations import Confirmations
from bot.i18n.language import MemberLanguages, load_model
from bot.i18n.translator import StudioTranslator
from bot.job_threads import JobThreads
from bot.pacer import GlobalPacer, pace_http
from bot.progress import DiscordProgressSink
from bot.progress_transport import DiscordProgressTransport
from bot.render.limits import ALLOWED_MENTIONS
from bot.render.replies import render_result
from bot.respond import InteractionResponder, MessageReplier, Replier
from bot.services import Services
from bot.sync import sync_commands
from bot.thread_store import ThreadStore
from bot.tree import StudioTree
from core.config import Settings
from core.context import RequestContext
from core.logging import bind_context, get_logger
from core.replies import Confirmation, JobAccepted
from core.result import StepResult
from core.stats import DISCORD_COMMANDS, DISCORD_ERRORS
from core.text_input import clean

__all__ = [
    "ShardedStudioBot",
    "StudioBot",
    "StudioClient",
    "configure_endpoints",
    "create_client",
    "studio_intents",
]

log = get_logger(__name__)

COGS = (
    "bot.cogs.media",
    "bot.cogs.show",
    "bot.cogs.transform",
    "bot.cogs.job",
    "bot.cogs.help",
    "bot.cogs.admin",
    "bot.buttons",
)


def configure_endpoints(settings: Settings) -> None:
    """Point discord.py at the configured REST base and gateway (empty: Discord itself)."""
    if settings.discord.api_base:
        discord.http.Route.BASE = settings.discord.api_base.rstrip("/")
    if settings.discord.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord.gateway_url)


def studio_intents() -> discord.Intents:
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = True  # plain sentences in studio threads are requests
    return intents


class _Studio:
    """What both the plain and the sharded client add to discord.py's bot."""

    services: Services
    sink: DiscordProgressSink
    threads: ThreadStore
    job_threads: JobThreads
    confirmations: Confirmations
    languages: MemberLanguages
    http_session: aiohttp.ClientSession

    def _studio_init(self, services: Services, sink: DiscordProgressSink) -> None:
        self.services = services
        self.sink = sink
        self.confirmations = Confirmations(clock=services.clock)
        self.languages = MemberLanguages()

    @property
    def settings(self) -> Settings:
        return self.services.settings

    async def _studio_setup(self, bot: commands.Bot | commands.AutoShardedBot) -> None:
        settings = self.settings
        self.http_session = aiohttp.ClientSession()
        pace_http(
            bot.http,
            GlobalPacer(
                settings.discord.global_rate_per_s,
                clock=self.services.clock,
                metrics=self.services.metrics,
            ),
        )
        self.threads = ThreadStore(settings.data_dir)
        transport = DiscordProgressTransport(bot, self.services.metrics)
        self.job_threads = JobThreads(
            client=bot,
            settings=settings,
            jobs=self.services.jobs,
            sink=self.sink,
            transport=transport,
            threads=self.threads,
        )
        self.sink.bind(
            transport,
            metrics=self.services.metrics,
            locate=self.job_threads.locate,
            on_moved=self.job_threads.moved,
        )
        await bot.tree.set_translator(StudioTranslator())  # localised command names (bot/i18n)
        # The language model of thread messages loads off the event loop, before the first one.
        self._language_model = asyncio.get_running_loop().run_in_executor(None, load_model)
        for name in COGS:
            await bot.load_extension(name)
        if bot.application_id is not None:
            await sync_commands(
                bot.tree,
                application_id=bot.application_id,
                data_dir=settings.data_dir,
                mode=settings.discord.sync_commands,
                dev_guild_ids=settings.discord.dev_guild_ids,
            )

    async def _studio_close(self) -> None:
        await self.sink.aclose()
        if hasattr(self, "http_session"):
            await self.http_session.close()
        if hasattr(self, "threads"):
            self.threads.close()

    # -- discord.py hooks (the mixin comes first in the MRO, so these override the bot's) ------
    async def setup_hook(self) -> None:
        await self._studio_setup(cast("commands.Bot", self))

    async def close(self) -> None:
        await self._studio_close()
        await super().close()  # type: ignore[misc]  # commands.Bot's, next in the MRO

    async def on_message(self, message: discord.Message) -> None:
        await self.route_message(message)

    # -- shared by the cogs -----------------------------------------------------
    def is_admin(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id in self.settings.discord.admin_user_ids:
            return True
        return interaction.guild_id is not None and interaction.permissions.manage_guild

    def request_context(self, interaction: discord.Interaction[Any]) -> RequestContext:
        channel = interaction.channel
        thread_id = channel.id if isinstance(channel, discord.Thread) else None
        parent = channel.parent if isinstance(channel, discord.Thread) else channel
        nsfw = bool(getattr(parent, "nsfw", False))
        return RequestContext(
            tenant=str(interaction.guild_id or f"dm:{interaction.user.id}"),
            user_id=str(interaction.user.id),
            channel_id=str(parent.id) if parent is not None else None,
            thread_id=str(thread_id) if thread_id else None,
            is_admin=self.is_admin(interaction),
            request_id=str(interaction.id),
            nsfw_channel=nsfw,
            attachment_limit_bytes=interaction.filesize_limit or None,
        )

    async def deliver(
        self,
        replier: Replier,
        result: StepResult[Any],
        *,
        ctx: RequestContext,
        source_text: str | None = None,
    ) -> None:
        """Show a command's or message's result: a job gets its thread, the rest is rendered."""
        value = result.value if result.ok else None
        if isinstance(value, JobAccepted):
            await self.job_threads.open(replier, value.ticket)
            return
        key = None
        if isinstance(value, Confirmation):
            key = self.confirmations.add(value.reading, text=source_text, user_id=ctx.user_id)
        locale = replier.interaction.locale if isinstance(replier, InteractionResponder) else None
        lang = self.languages.for_reply(locale, ctx, source_text)
        reply = render_result(
            result, attachment_limit=replier.attachment_limit, confirm_key=key, lang=lang
        )
        await replier.send(reply)

    async def route_message(self, message: discord.Message) -> None:
        """A plain message: only those in threads the bot created are requests."""
        if message.author.bot or message.guild is None or message.channel.id not in self.threads:
            return
        if not message.content.strip():
            return
        channel = message.channel
        parent_id = channel.parent_id if isinstance(channel, discord.Thread) else None
        ctx = RequestContext(
            tenant=str(message.guild.id),
            user_id=str(message.author.id),
            channel_id=str(parent_id) if parent_id else None,
            thread_id=str(channel.id),
            is_admin=message.author.id in self.settings.discord.admin_user_ids
            or (
                isinstance(message.author, discord.Member)
                and message.author.guild_permissions.manage_guild
            ),
            request_id=str(message.id),
            nsfw_channel=bool(getattr(getattr(channel, "parent", None), "nsfw", False)),
            attachment_limit_bytes=message.guild.filesize_limit,
        )
        with bind_context(command="message", guild_id=ctx.tenant, user_id=ctx.user_id):
            metrics = self.services.metrics
            metrics.inc(DISCORD_COMMANDS, command="message")
            text = clean(message.content)  # NFKC, as the console and slash options are
            result = await self.services.commands.handle_message(text, ctx)
            if result.error is not None:
                metrics.inc(DISCORD_ERRORS, command="message", code=result.error.code)
            await self.deliver(MessageReplier(message), result, ctx=ctx, source_text=text)


class StudioBot(_Studio, commands.Bot):
    def __init__(self, services: Services, sink: DiscordProgressSink, **options: Any) -> None:
        commands.Bot.__init__(self, **_bot_options(services.settings, options))
        self._studio_init(services, sink)


class ShardedStudioBot(_Studio, commands.AutoShardedBot):
    def __init__(self, services: Services, sink: DiscordProgressSink, **options: Any) -> None:
        commands.AutoShardedBot.__init__(self, **_bot_options(services.settings, options))
        self._studio_init(services, sink)


def _bot_options(settings: Settings, extra: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {
        # No prefix commands: everything is a slash command or a sentence in a studio thread.
        "command_prefix": commands.when_mentioned,
        "help_command": None,
        "intents": studio_intents(),
        "allowed_mentions": ALLOWED_MENTIONS,
        # Members are not needed (permissions arrive with each interaction): no chunking.
        "chunk_guilds_at_startup": False,
        "member_cache_flags": discord.MemberCacheFlags.none(),
        # Checks each slash command's payload against the registered definitions first.
        "tree_cls": StudioTree,
    }
    if settings.discord.sharded and settings.discord.shard_count:
        options["shard_count"] = settings.discord.shard_count
    options.update(extra)
    return options


StudioClient = StudioBot | ShardedStudioBot


def create_client(services: Services, sink: DiscordProgressSink, **options: Any) -> StudioClient:
    """The client for these settings; `options` go to discord.py (tests shorten timeouts)."""
    configure_endpoints(services.settings)
    options.setdefault("http_trace", rate_limit_trace(services.metrics))
    if services.settings.discord.sharded:
        return ShardedStudioBot(services, sink, **options)
    return StudioBot(services, sink, **options)
