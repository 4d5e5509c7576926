"""kill -9 of `studio bot` (its own process, the real composition root) with one job running and
two queued, then `studio bot` again on the same data dir, all through the emulator.

What the members see: each job's progress message is the same message before and after (the new
process re-attaches to it), the running one says it is being retried because the bot restarted,
every result arrives exactly once, and no worker outlives the killed bot. The integration test
tests/integration/test_jobs_restart.py checks the same below Discord, in CI; this one is slow.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.render.limits import COLOR_DONE
from tests.e2e.emulator import DiscordEmulator, Message
from tests.e2e.emulator.model import Channel
from tests.e2e.harness import BotProcess, bot_process_env
from tests.support.tiny_pipelines import tiny_models

RETRYING = "The bot restarted while making this; retrying (attempt 2 of 3)."


async def _gone(pid: int, timeout: float = 30.0) -> bool:
    for _ in range(int(timeout * 10)):
        if not Path(f"/proc/{pid}").exists():
            return True
        await asyncio.sleep(0.1)
    return False


async def _job(emu: DiscordEmulator, user: str, **options: object) -> tuple[Channel, Message]:
    (reply,) = await emu.wait_answered(await emu.invoke(user, "imagine", **options), timeout=30)
    thread = await emu.wait_until(lambda: emu.thread_of(reply), timeout=30, what="the thread")
    progress = await emu.wait_until(
        lambda: next((m for m in emu.visible(thread) if m.embeds), None),
        timeout=30,
        what="the progress message",
    )
    return thread, progress


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the worker through /proc")
async def test_the_bot_killed_mid_job_and_restarted_loses_nothing(tmp_path: Path) -> None:
    tiny = tiny_models()
    emu = DiscordEmulator()
    await emu.start()
    env = bot_process_env(
        emu,
        tmp_path / "data",
        {
            "STUDIO_CATALOG__LOAD_STARTER": "false",
            "STUDIO_JOBS__HEARTBEAT_S": "1",
            "STUDIO_MEDIA__IMAGE_MODEL_DRAFT": str(tiny.image),
            "STUDIO_MEDIA__IMAGE_MODEL_FINAL": str(tiny.image),
            "STUDIO_MEDIA__DEVICE": "cpu",
            "STUDIO_MEDIA__CPU_THREADS": "1",
            "STUDIO_MEDIA__DRAFT_SIZE": "32",
            "STUDIO_MEDIA__DRAFT_STEPS": "3",
            "STUDIO_MEDIA__FINAL_SIZE": "64",
            "STUDIO_MEDIA__FINAL_STEPS": "200",
            "STUDIO_MEDIA__PREVIEW_INTERVAL_S": "0.5",
        },
    )
    log = tmp_path / "bot.log"
    bot = await BotProcess.spawn(env, log)
    try:
        await bot.wait_ready()
        jobs = [await _job(emu, "bob", prompt="a lighthouse", quality="final", seed=1)]
        jobs += [
            await _job(emu, user, prompt=f"a paper boat {user}") for user in ("carol", "alice")
        ]
        running = jobs[0][1]
        await emu.wait_until(
            lambda: "step" in emu.messages[running.id].text(), timeout=60, what="denoising"
        )
        workers = bot.children()
        await bot.kill()
        assert workers and all([await _gone(pid) for pid in workers]), "a worker outlived it"

        bot = await BotProcess.spawn(env, log)
        await bot.wait_ready(count=2)
        for thread, progress in jobs:
            results = await emu.wait_until(
                lambda t=thread: [m for m in emu.visible(t) if "is done" in m.content],
                timeout=120,
                what="every job's result after the restart",
            )
            assert len(results) == 1 and results[0].attachments
            assert [m.id for m in emu.visible(thread) if m.embeds] == [progress.id]
            assert emu.messages[progress.id].colors[-1] == COLOR_DONE
        said = [str(edit.embeds) for edit in emu.messages[running.id].history]
        assert any(RETRYING in s for s in said), f"the retry was never shown: {said}"
        await asyncio.sleep(1.5)  # nothing posted twice after a second look either
        for thread, _ in jobs:
            assert len([m for m in emu.visible(thread) if "is done" in m.content]) == 1
        assert not emu.violations, emu.violations
    finally:
        await bot.stop()
        await emu.close()
