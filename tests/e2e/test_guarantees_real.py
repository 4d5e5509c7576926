"""README guarantees through the loopback Discord on the real composition root (the real
orchestrator, the real job service on SQLite, a real tiny pipeline in the worker process), not on
doubles that re-implement them."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bot.wiring import build_services
from tests.e2e.conftest import StudioFactory
from tests.e2e.test_full_stack import _done, _settings


async def test_a_duplicate_interaction_never_makes_a_second_job_on_the_real_stack(
    make_studio: StudioFactory, tmp_path: Path
) -> None:
    studio = await make_studio(factory=build_services, overrides=_settings(tmp_path))
    studio.expected_violations.append("acknowledged twice")
    emu = studio.emu
    interaction = await emu.invoke("bob", "imagine", prompt="a lighthouse", seed=3)
    await emu.wait_answered(interaction)
    await emu.redeliver(interaction)  # Discord delivers the same interaction again
    await asyncio.sleep(0.5)
    await emu.redeliver(interaction)
    result = await _done(studio, interaction)  # the one job ran to its end
    await asyncio.sleep(0.5)
    with sqlite3.connect(studio.settings.data_dir / "jobs.sqlite3") as db:
        (jobs,) = db.execute("SELECT COUNT(*) FROM jobs").fetchone()
    assert jobs == 1
    bot_messages = [m for m in emu.visible(emu.general) if m.author.bot]
    assert len(bot_messages) == 1
    thread = emu.channels[result.channel_id]
    assert sum("is done" in m.content for m in emu.visible(thread)) == 1  # posted once
