from __future__ import annotations

from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.sync import command_tree_hash, sync_commands


def make_tree(extra_option: bool = False) -> app_commands.CommandTree[Any]:
    client = discord.Client(intents=discord.Intents.none())
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)

    if extra_option:

        @tree.command(name="imagine", description="Make an image")
        async def imagine_more(
            interaction: discord.Interaction[Any], prompt: str, seed: int = 0
        ) -> None: ...

    else:

        @tree.command(name="imagine", description="Make an image")
        async def imagine(interaction: discord.Interaction[Any], prompt: str) -> None: ...

    return tree


class Recorder:
    def __init__(self) -> None:
        self.scopes: list[int | None] = []

    async def __call__(self, *, guild: discord.abc.Snowflake | None = None) -> list[Any]:
        self.scopes.append(guild.id if guild else None)
        return []


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(
        app_commands.CommandTree, "sync", lambda self, *, guild=None: recorder(guild=guild)
    )
    return recorder


async def test_the_hash_changes_only_with_the_definitions() -> None:
    assert command_tree_hash(make_tree(), None) == command_tree_hash(make_tree(), None)
    assert command_tree_hash(make_tree(), None) != command_tree_hash(
        make_tree(extra_option=True), None
    )


async def test_auto_syncs_once_per_definition(tmp_path: Path, recorded: Recorder) -> None:
    for tree in (make_tree(), make_tree(), make_tree(extra_option=True)):
        await sync_commands(tree, application_id=1, data_dir=tmp_path, mode="auto")
    assert recorded.scopes == [None, None]  # first run, then after the change


async def test_always_and_never(tmp_path: Path, recorded: Recorder) -> None:
    await sync_commands(make_tree(), application_id=1, data_dir=tmp_path, mode="never")
    assert recorded.scopes == []
    for _ in range(2):
        await sync_commands(make_tree(), application_id=1, data_dir=tmp_path, mode="always")
    assert recorded.scopes == [None, None]


async def test_dev_guilds_get_their_own_scope(tmp_path: Path, recorded: Recorder) -> None:
    reports = await sync_commands(
        make_tree(), application_id=1, data_dir=tmp_path, mode="auto", dev_guild_ids=(11, 22)
    )
    assert [r.scope for r in reports] == ["guild:11", "guild:22"] and recorded.scopes == [11, 22]
    # a different application in the same data dir syncs on its own
    await sync_commands(
        make_tree(), application_id=2, data_dir=tmp_path, mode="auto", dev_guild_ids=(11,)
    )
    assert recorded.scopes == [11, 22, 11]
