"""The data dir's disk full when a job is written, through the real stack.

The job store cannot grow: `PRAGMA max_page_count` is set to its current size on the bot's own
connection, so the next write that needs a new page fails with SQLITE_FULL ("database or disk is
full"), the very error SQLite raises when the disk itself is full (write() returning ENOSPC). It
runs everywhere, without root; tests/integration/test_faults_disk_full.py fills a real small
filesystem where the machine allows one. The member is told plainly, nothing half-written is
left, the store passes SQLite's integrity check, and the next request works once there is room.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.wiring import build_services
from bot.wiring.jobs import STORE_FILE
from tests.e2e.conftest import StudioFactory
from tests.e2e.emulator import Message
from tests.e2e.harness import Studio, share_embedder
from tests.e2e.test_full_stack import HEIST_ONE, HEIST_TWO

SQLITE_MAX_PAGES = 1_073_741_823


async def _analysed(studio: Studio, interaction: object) -> Message:
    emu = studio.emu
    (reply,) = await emu.wait_answered(interaction, timeout=30)  # type: ignore[arg-type]
    thread = await emu.wait_until(lambda: emu.thread_of(reply), timeout=30, what="a thread")
    return await emu.wait_until(
        lambda: next((m for m in emu.visible(thread) if "is done" in m.content), None),
        timeout=30,
        what="the analysis",
    )


def _integrity(path: Path) -> tuple[str, int]:
    """What a fresh reader finds: SQLite's verdict on the file, and how many jobs it holds."""
    with sqlite3.connect(path) as db:
        verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
        jobs = db.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]
    return verdict, jobs


async def test_a_full_disk_refuses_the_job_clearly_and_leaves_the_store_intact(
    make_studio: StudioFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    studio = await make_studio(
        factory=build_services,
        overrides={"catalog": {"load_starter": False}, "http": {"enabled": "off"}},
    )
    emu = studio.emu
    await _analysed(studio, await emu.invoke("carol", "show add", title="Vault", text=HEIST_ONE))
    path = studio.settings.data_dir / STORE_FILE
    assert _integrity(path) == ("ok", 1)

    # The bot's own connection to its job store (private: no public API fills a disk).
    db = studio.services.jobs._rt.store._db  # type: ignore[attr-defined]
    (pages,) = await (await db.execute("PRAGMA page_count")).fetchone()
    await db.execute(f"PRAGMA max_page_count = {pages}")
    # A synopsis file long enough that its job needs new pages of the store.
    synopsis = emu.upload("tunnels.txt", ((HEIST_TWO + "\n\n") * 16).encode())
    refused = await emu.invoke("carol", "show add", title="Tunnels", file=synopsis)
    (reply,) = await emu.wait_answered(refused, timeout=30)
    assert "disk is full" in reply.content and "nothing was queued" in reply.content
    assert "try again" in reply.content.lower()
    assert emu.thread_of(reply) is None  # no job thread for a job that does not exist
    assert _integrity(path) == ("ok", 1)

    # What was stored before is still there, and the bot still answers.
    (status,) = await emu.wait_answered(await emu.invoke("carol", "job status"), timeout=30)
    assert "#1" in status.text() and "succeeded" in status.text().lower()

    await db.execute(f"PRAGMA max_page_count = {SQLITE_MAX_PAGES}")  # space freed
    again = emu.upload("tunnels.txt", ((HEIST_TWO + "\n\n") * 16).encode())
    await _analysed(studio, await emu.invoke("carol", "show add", title="Tunnels", file=again))
    assert _integrity(path) == ("ok", 2)
