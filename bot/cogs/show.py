"""/show add, /show dna, /show similar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.attachments import read_text_attachment, refuse_by_metadata
from bot.cogs.base import begin, refuse, refuse_invalid, run_intent
from bot.render.errors import render_error
from core.intent.schema import Intent

if TYPE_CHECKING:
    from bot.client import StudioClient

Facet = Literal["plot", "theme", "structure", "character", "all"]


@app_commands.guild_only()
class ShowCog(commands.GroupCog, group_name="show", group_description="Shows and their DNA"):
    def __init__(self, bot: StudioClient) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="add", description="Add a show and extract its narrative DNA")
    @app_commands.describe(
        title="The show's title",
        text="A synopsis or description",
        file="A .txt file with the synopsis",
    )
    async def add(
        self,
        interaction: discord.Interaction[Any],
        title: str,
        text: str | None = None,
        file: discord.Attachment | None = None,
    ) -> None:
        # What can be refused without reading the file is refused before deferring: privately,
        # with no public "thinking…" first.
        given = {k: v for k, v in {"title": title, "text": text}.items() if v is not None}
        if await refuse_invalid(
            self.bot, interaction, Intent.ANALYZE_SHOW, given, command="show add"
        ):
            return
        max_bytes = self.bot.settings.limits.max_text_attachment_bytes
        refused = None if file is None else refuse_by_metadata(file, max_bytes=max_bytes)
        if refused is not None and refused.error is not None:
            await refuse(self.bot, interaction, refused.error, command="show add")
            return
        responder = await begin(self.bot, interaction, ephemeral=False, command="show add")
        if responder is None:
            return
        if file is not None:
            # The attachment is checked (name, declared size, type, first bytes) before it is
            # read, and read no further than the limit.
            read = await read_text_attachment(
                self.bot.http_session,
                file,
                max_bytes=max_bytes,
            )
            if read.error is not None:
                await responder.send(render_error(read.error))
                return
            text = "\n\n".join(part for part in (text, read.value) if part)
        options = {"title": title, "text": text}
        await run_intent(
            self.bot,
            interaction,
            Intent.ANALYZE_SHOW,
            options,
            command="show add",
            responder=responder,
        )

    @app_commands.command(name="dna", description="Show a show's narrative DNA")
    @app_commands.describe(title="The show's title")
    async def dna(self, interaction: discord.Interaction[Any], title: str) -> None:
        await run_intent(
            self.bot, interaction, Intent.SHOW_DNA, {"title": title}, command="show dna"
        )

    @app_commands.command(name="similar", description="Find shows alike")
    @app_commands.describe(
        title="A show to compare with",
        text="Or a description to compare with",
        k="How many shows (1-10)",
        facet="Compare by plot, theme, structure, character or all",
    )
    async def similar(
        self,
        interaction: discord.Interaction[Any],
        title: str | None = None,
        text: str | None = None,
        k: app_commands.Range[int, 1, 10] | None = None,
        facet: Facet | None = None,
    ) -> None:
        options = {"title": title, "text": text, "k": k, "facet": facet}
        await run_intent(
            self.bot, interaction, Intent.FIND_SIMILAR, options, command="show similar"
        )


async def setup(bot: StudioClient) -> None:
    await bot.add_cog(ShowCog(bot))
