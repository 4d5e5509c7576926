"""Servers stay apart in the real composition root (SQLite job store, qdrant-edge, MiniLM, the
orchestrator), by slash command and by plain message, before and after a restart (when jobs are
read back from the store rather than from memory): another server's job is "no such job", its
shows are unknown, and inside a server only the owner (or an admin) cancels a job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.services import Services
from bot.wiring import build_services
from core.config import Settings, load_settings
from core.context import RequestContext
from core.intent.schema import Intent
from core.replies import JobAccepted, JobInfo, ToolOutput
from core.result import ErrorCode, StepResult
from tests.e2e.harness import share_embedder
from tests.e2e.test_full_stack import HEIST_ONE, HEIST_TWO
from tests.support.jobs import RecordingSink

CAROL = RequestContext(tenant="guild-a", user_id="carol", channel_id="a1", thread_id="a-thread")
BOB = RequestContext(tenant="guild-a", user_id="bob", channel_id="a1", thread_id="a-thread-2")
DAVE = RequestContext(tenant="guild-b", user_id="dave", channel_id="b1", thread_id="b-thread")
ERIN = RequestContext(
    tenant="guild-b", user_id="erin", channel_id="b1", thread_id="b-thread-2", is_admin=True
)


def _settings(data_dir: Path) -> Settings:
    return load_settings(
        env={},
        overrides={
            "data_dir": str(data_dir),
            "catalog": {"load_starter": False},
            "http": {"enabled": "off"},
        },
    )


def _not_found(result: StepResult[Any], *words: str) -> None:
    assert result.error is not None and result.error.code is ErrorCode.NOT_FOUND, result
    for word in words:
        assert word in result.error.message, result.error.message


async def _guild_b_sees_nothing(services: Services, job_id: int) -> None:
    commands = services.commands
    for ctx in (DAVE, ERIN):  # a member and an admin of the other server
        for intent in (Intent.JOB_STATUS, Intent.JOB_CANCEL):
            found = await commands.run_command(intent, {"job_id": job_id}, ctx)
            _not_found(found, f"no job #{job_id} in this server")
        for text in (f"how is job {job_id} going?", f"cancel job {job_id}"):
            _not_found(await commands.handle_message(text, ctx))
        _not_found(await commands.run_command(Intent.JOB_STATUS, {}, ctx), "no jobs")
        assert await services.jobs.active(ctx.tenant) == []
        dna = await commands.run_command(Intent.SHOW_DNA, {"title": "Secret Heist"}, ctx)
        _not_found(dna, "Secret Heist")
        alike = await commands.run_command(Intent.FIND_SIMILAR, {"text": HEIST_TWO}, ctx)
        assert alike.error is None and "Secret Heist" not in repr(alike.value)


async def test_servers_never_see_each_others_jobs_or_shows_even_after_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    settings = _settings(tmp_path / "data")
    sink = RecordingSink()
    services = await build_services(settings, sink)
    try:
        accepted = await services.commands.run_command(
            Intent.ANALYZE_SHOW, {"title": "Secret Heist", "text": HEIST_ONE}, CAROL
        )
        assert isinstance(accepted.value, JobAccepted)
        job_id = accepted.value.ticket.job.id
        await sink.wait_final(job_id, timeout=60)

        await _guild_b_sees_nothing(services, job_id)
        # In its own server: the owner sees it; another member may not cancel it.
        mine = await services.commands.run_command(Intent.JOB_STATUS, {"job_id": job_id}, CAROL)
        assert isinstance(mine.value, JobInfo) and mine.value.job.id == job_id
        theirs = await services.commands.run_command(Intent.JOB_CANCEL, {"job_id": job_id}, BOB)
        assert theirs.error is not None and theirs.error.code is ErrorCode.FORBIDDEN
        home = await services.commands.run_command(Intent.FIND_SIMILAR, {"text": HEIST_TWO}, BOB)
        assert isinstance(home.value, ToolOutput) and "Secret Heist" in repr(home.value)
    finally:
        await services.aclose()

    # A restart: the same data, read back from disk.
    services = await build_services(settings, RecordingSink())
    try:
        await _guild_b_sees_nothing(services, job_id)
        mine = await services.commands.run_command(Intent.JOB_STATUS, {}, CAROL)
        assert isinstance(mine.value, JobInfo) and mine.value.job.id == job_id
        dna = await services.commands.run_command(Intent.SHOW_DNA, {"title": "Secret Heist"}, CAROL)
        assert dna.error is None
    finally:
        await services.aclose()
