from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import Studio, start_studio

os.environ.setdefault("HF_HUB_OFFLINE", "1")

StudioFactory = Callable[..., Awaitable[Studio]]


@pytest.fixture
async def make_studio(tmp_path: Path) -> AsyncIterator[StudioFactory]:
    """Start the emulator and the bot (options: script, shards, overrides). At the end, every
    Discord limit must have been kept unless the test listed the breach as expected."""
    started: list[Studio] = []

    async def make(**options: Any) -> Studio:
        studio = await start_studio(tmp_path / f"studio{len(started)}", **options)
        started.append(studio)
        return studio

    try:
        yield make
        for studio in started:
            unexpected = [
                v
                for v in studio.emu.violations
                if not any(e in v for e in studio.expected_violations)
            ]
            assert not unexpected, f"Discord limits broken: {unexpected}"
    finally:
        for studio in started:
            await studio.stop()


@pytest.fixture
async def studio(make_studio: StudioFactory) -> Studio:
    return await make_studio()


# The bot's operator (`discord.admin_user_ids`): sees the whole bot and may clear shared caches.
OPERATOR_ID = 515_151_515_151_515_151
OPERATOR = {"discord": {"admin_user_ids": [OPERATOR_ID]}}


def add_operator(studio: Studio) -> str:
    """ "olga", the bot's operator, also an admin of the test server; returns her name."""
    admins = [role.id for role in studio.emu.guild.roles.values() if role.name == "Admins"]
    studio.emu.add_member("olga", user_id=OPERATOR_ID, roles=admins)
    return "olga"


@pytest.fixture
async def operated(make_studio: StudioFactory) -> Studio:
    """A studio whose operator, "olga", is a member of its server."""
    studio = await make_studio(overrides=OPERATOR)
    add_operator(studio)
    return studio
