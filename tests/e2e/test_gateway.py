"""The connection itself: a dropped gateway resumes, sharding, slow and failing REST calls."""

from __future__ import annotations

import asyncio
import time

from bot.render.limits import COLOR_DONE
from tests.e2e.conftest import StudioFactory
from tests.e2e.harness import Studio
from tests.e2e.test_jobs import progress_messages, start_job, wait_result


async def test_a_dropped_gateway_resumes_and_no_interaction_is_lost(studio: Studio) -> None:
    emu = studio.emu
    await emu.gateway.drop()
    interaction = await emu.invoke("bob", "help")  # sent while the bot is disconnected
    (reply,) = await emu.wait_answered(interaction)
    assert "what I can do" in reply.text()
    assert emu.gateway.count("resume") == 1 and emu.gateway.count("identify") == 1
    assert not interaction.failed


async def test_the_sharded_client_serves_commands(make_studio: StudioFactory) -> None:
    studio = await make_studio(shards=2, overrides={"discord": {"sharded": True}})
    emu = studio.emu
    assert emu.gateway.count("identify") == 2
    assert sorted(s.shard for s in emu.gateway.sessions.values()) == [(0, 2), (1, 2)]
    (reply,) = await emu.wait_answered(await emu.invoke("bob", "help"))
    assert "what I can do" in reply.text()


async def test_server_errors_on_edits_are_retried_and_the_final_state_lands(studio: Studio) -> None:
    emu = studio.emu
    _, thread, progress = await start_job(studio)
    emu.add_fault(rf"/messages/{progress.id}$", method="PATCH", status=502, times=2)
    await wait_result(studio, thread, timeout=20)
    (final,) = progress_messages(studio, thread)
    assert final.colors[-1] == COLOR_DONE
    assert [c.status for c in emu.calls if c.status >= 500] == [502, 502]


async def test_a_slow_discord_never_slows_the_job(studio: Studio) -> None:
    emu = studio.emu
    _, thread, progress = await start_job(studio)
    emu.add_fault(rf"/messages/{progress.id}$", method="PATCH", delay_s=1.5, times=None)
    started = time.monotonic()
    await emu.wait_until(lambda: studio.jobs.jobs[1].status.terminal, what="the job to finish")
    assert time.monotonic() - started < 3.5  # the job ran at its own pace (about 2.6 s)
    await wait_result(studio, thread)
    (final,) = progress_messages(studio, thread)
    assert final.colors[-1] == COLOR_DONE
    await asyncio.sleep(0)
