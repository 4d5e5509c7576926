"""Job follow-ups in a studio thread, through the real stack: a cancellation typed as a message
waits for its click, and the next message ("what about 3?") reads on from it, so the member is
asked about that job too; a click cancels only the job it names.

The jobs must stay unfinished for a cancellation to be asked at all: they are /transforms whose
first call to Claude (a loopback server) is held until the test ends."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.context import RequestContext
from core.ports.progress import JobState
from tests.e2e.conftest import StudioFactory
from tests.e2e.stalled_claude import StalledClaude, studio_on_stalled_claude
from tests.e2e.test_full_stack import HEIST_ONE
from tests.e2e.test_hostile_mentions import added_show, say


@pytest.fixture
async def claude() -> AsyncIterator[StalledClaude]:
    async with StalledClaude() as server:
        yield server


async def test_what_about_another_job_after_a_typed_cancellation_asks_about_that_job(
    make_studio: StudioFactory, monkeypatch: pytest.MonkeyPatch, claude: StalledClaude
) -> None:
    studio = await studio_on_stalled_claude(make_studio, monkeypatch, claude)
    emu, services = studio.emu, studio.services
    await added_show(studio, "carol", "Vault", HEIST_ONE)
    queued = []
    for setting in ("a Mars colony in 2300", "a whaling ship"):
        asked_for = await emu.invoke("carol", "transform", title="Vault", setting=setting)
        queued.append((await emu.wait_answered(asked_for))[0])
    first, second = (int(q.content.split("#")[1].split(":")[0]) for q in queued)
    thread = await emu.wait_until(lambda: emu.thread_of(queued[0]), what="the job's thread")

    asked = await say(studio, "carol", thread, f"cancel job {first}")
    assert "cancel a job" in asked.text() and f"“{first}”" in asked.text()
    again = await say(studio, "carol", thread, f"what about {second}?")
    assert "cancel a job" in again.text() and f"“{second}”" in again.text()

    run = again.custom_ids[0]
    assert run.startswith("studio:confirm-run:")
    (done,) = await emu.wait_answered(await emu.click("carol", again, run))
    assert f"Cancelled transformation job #{second}" in done.text(), done.text()
    carol = RequestContext(tenant=str(emu.guild.id), user_id=str(emu.user("carol").id))
    jobs = services.jobs
    assert (await jobs.get(second, carol)).unwrap().status is JobState.CANCELLED
    assert (await jobs.get(first, carol)).unwrap().status is not JobState.CANCELLED
