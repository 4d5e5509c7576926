"""Slash-command registration only when the definitions changed.

Discord allows 200 command creates a day per guild, and a bulk overwrite on every start-up would
spend them. The JSON of the command tree is hashed; the hash of what was last registered is kept
in the data dir per application and scope (global, or each dev guild). `discord.sync_commands`:
auto (sync when the hash differs), always, never.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import discord
from discord import app_commands

from core.logging import get_logger

__all__ = [
    "SyncReport",
    "command_payload",
    "command_tree_hash",
    "sync_commands",
    "translated_tree_hash",
]

log = get_logger(__name__)
STATE_FILE = "discord_command_hashes.json"


@dataclass(frozen=True, slots=True)
class SyncReport:
    scope: str
    synced: bool
    digest: str


def command_payload(tree: app_commands.CommandTree[Any], guild: discord.Object | None) -> list[Any]:
    """The JSON Discord receives for a scope, in a stable order."""
    commands = tree.get_commands(guild=guild)
    payload = [command.to_dict(tree) for command in commands]
    return sorted(payload, key=lambda c: (str(c.get("type", 1)), str(c["name"])))


def command_tree_hash(tree: app_commands.CommandTree[Any], guild: discord.Object | None) -> str:
    text = json.dumps(command_payload(tree, guild), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


async def translated_tree_hash(
    tree: app_commands.CommandTree[Any], guild: discord.Object | None
) -> str:
    """The hash of what `tree.sync` sends, localisations included, so that a new or changed
    translation is registered too (`command_tree_hash` sees the English definitions only)."""
    translator = tree.translator
    if translator is None:
        return command_tree_hash(tree, guild)
    commands = tree.get_commands(guild=guild)
    payload = [await command.get_translated_payload(tree, translator) for command in commands]
    payload.sort(key=lambda c: (str(c.get("type", 1)), str(c["name"])))
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _load(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _save(path: Path, hashes: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(hashes, indent=2, sort_keys=True))
    tmp.replace(path)  # atomic: a crash never leaves half a file


async def sync_commands(
    tree: app_commands.CommandTree[Any],
    *,
    application_id: int,
    data_dir: Path,
    mode: Literal["auto", "always", "never"],
    dev_guild_ids: tuple[int, ...] = (),
) -> list[SyncReport]:
    path = data_dir / STATE_FILE
    hashes = _load(path)
    guilds: list[discord.Object | None] = [discord.Object(id=g) for g in dev_guild_ids] or [None]
    reports = []
    for guild in guilds:
        if guild is not None:
            tree.copy_global_to(guild=guild)
        scope = f"guild:{guild.id}" if guild is not None else "global"
        key = f"{application_id}:{scope}"
        digest = await translated_tree_hash(tree, guild)
        changed = hashes.get(key) != digest
        do_sync = mode == "always" or (mode == "auto" and changed)
        if do_sync:
            await tree.sync(guild=guild)
            hashes[key] = digest
            _save(path, hashes)
        log.info(
            "commands_sync",
            scope=scope,
            synced=do_sync,
            changed=changed,
            mode=mode,
            digest=digest[:12],
        )
        reports.append(SyncReport(scope=scope, synced=do_sync, digest=digest))
    return reports
