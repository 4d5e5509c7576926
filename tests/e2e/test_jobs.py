"""A job through the emulator: thread, throttled progress edits, result, faults, buttons."""

from __future__ import annotations

import asyncio
import itertools

from bot.render.limits import COLOR_DONE, COLOR_FAILED, COLOR_MUTED, COLOR_WORKING
from core.ports.progress import JobState
from tests.e2e.conftest import StudioFactory
from tests.e2e.doubles import JobScript
from tests.e2e.emulator import Message
from tests.e2e.emulator.model import Channel
from tests.e2e.harness import Studio

INTERVAL = 1.0  # discord.progress_min_interval_s, the default


async def start_job(
    studio: Studio, user: str = "bob", **options: object
) -> tuple[Message, Channel, Message]:
    """Run /imagine; return the reply, the job's thread and its progress message."""
    emu = studio.emu
    interaction = await emu.invoke(
        user, "imagine", **({"prompt": "a red fox in the snow"} | options)
    )
    (reply,) = await emu.wait_answered(interaction)
    thread = await emu.wait_until(lambda: emu.thread_of(reply), what="the job's thread")
    progress = await emu.wait_until(
        lambda: next((m for m in emu.visible(thread) if m.embeds), None), what="a progress message"
    )
    return reply, thread, progress


def progress_messages(studio: Studio, thread: Channel) -> list[Message]:
    return [
        m
        for m in studio.emu.visible(thread)
        if m.embeds and "job #" in m.embeds[0].get("title", "")
    ]


def result_message(studio: Studio, thread: Channel) -> Message | None:
    return next(
        (m for m in studio.emu.visible(thread) if m.attachments and "is done" in m.content), None
    )


async def wait_result(studio: Studio, thread: Channel, timeout: float = 15) -> Message:
    return await studio.emu.wait_until(
        lambda: result_message(studio, thread), timeout=timeout, what="the result"
    )


async def test_a_job_gets_a_thread_throttled_progress_and_its_result(studio: Studio) -> None:
    emu = studio.emu
    reply, thread, progress = await start_job(studio, quality="draft")
    assert "Queued image job #1" in reply.content and not reply.ephemeral
    assert thread.parent_id == emu.general.id and "#1 a red fox" in thread.name
    assert progress.custom_ids == ["studio:cancel:1"]
    result = await wait_result(studio, thread)

    # One progress message, edited in place at most once per second, ending green.
    (final,) = progress_messages(studio, thread)
    assert final.id == progress.id
    times = [edit.at for edit in final.history]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) >= 2 and min(gaps) >= INTERVAL - 0.02, gaps
    assert final.colors[-1] == COLOR_DONE and set(final.colors[1:-1]) == {COLOR_WORKING}
    assert "done" in final.embeds[0]["title"] and final.custom_ids == []
    working = [e for e in final.history[1:-1] if e.embeds]
    assert any(
        "step" in str(e.embeds[0].get("fields")) and "█" in str(e.embeds[0]) for e in working
    )
    assert any(e.attachments == ["preview.png"] for e in final.history)  # a preview was shown
    assert final.attachments == []  # and removed at the end

    # The result: the PNG, with its buttons, in the thread.
    (png,) = result.attachments
    assert png.filename == "job_1.png" and png.data.startswith(b"\x89PNG")
    assert result.custom_ids == [
        "studio:reroll:1",
        "studio:vary:1",
        "studio:final:1",
        "studio:info:1",
    ]
    # The job knows where its message is (to re-attach after a restart).
    assert studio.jobs.attached[-1] == (1, str(emu.general.id), str(thread.id), str(progress.id))


async def test_a_429_storm_loses_nothing_and_waits_out_every_retry_after(studio: Studio) -> None:
    emu = studio.emu
    _, thread, progress = await start_job(studio)
    # Six 429s in a row on the progress message: more than discord.py retries by itself, so the
    # sink's own back-off is exercised too; then a global 429 on the result post.
    edit_path = rf"/channels/{thread.id}/messages/{progress.id}$"
    emu.add_fault(edit_path, method="PATCH", status=429, retry_after=0.3, times=6)
    emu.add_fault(
        rf"/channels/{thread.id}/messages$",
        method="POST",
        status=429,
        retry_after=0.4,
        global_=True,
    )
    result = await wait_result(studio, thread, timeout=20)
    assert result.attachments[0].filename == "job_1.png"
    (final,) = progress_messages(studio, thread)
    assert final.colors[-1] == COLOR_DONE

    limited = [c for c in emu.calls if c.status == 429]
    assert len(limited) == 7
    for call in limited:
        retry_after = 0.4 if call.method == "POST" else 0.3
        later = [
            c
            for c in emu.calls
            if c.at > call.at and (c.bucket == call.bucket or call.method == "POST")
        ]
        assert later, f"nothing retried {call.path}"
        assert later[0].at >= call.done_at + retry_after - 0.005
    # (the fixture also asserts that no request reached a closed bucket)


async def test_a_deleted_progress_message_is_posted_again_and_the_job_carries_on(
    studio: Studio,
) -> None:
    emu = studio.emu
    _, thread, progress = await start_job(studio)
    await emu.delete_message(progress)
    await wait_result(studio, thread)
    (fresh,) = progress_messages(studio, thread)
    assert fresh.id != progress.id and fresh.colors[-1] == COLOR_DONE
    assert any(c.status == 404 and str(progress.id) in c.path for c in emu.calls)
    assert studio.jobs.jobs[1].status is JobState.SUCCEEDED
    assert studio.jobs.attached[-1][3] == str(fresh.id)  # the job knows its new message


async def test_an_archived_thread_gets_a_new_message_instead_of_an_edit(studio: Studio) -> None:
    emu = studio.emu
    _, thread, progress = await start_job(studio)
    emu.archive(thread.id)
    await wait_result(studio, thread)
    (fresh,) = [m for m in progress_messages(studio, thread) if m.id != progress.id]
    assert fresh.colors[-1] == COLOR_DONE and not thread.archived


async def test_an_expired_token_is_used_once_and_the_reply_still_arrives(studio: Studio) -> None:
    emu = studio.emu
    studio.commands.delay_s = 0.3
    interaction = await emu.invoke("bob", "imagine", prompt="a slow lighthouse")
    await emu.wait_until(lambda: interaction.acked_at, what="the deferral")
    emu.expire_token(interaction)
    queued = await emu.wait_until(
        lambda: next(
            (m for m in emu.visible(emu.general) if "Queued image job" in m.content), None
        ),
        what="the reply in the channel",
    )
    thread = await emu.wait_until(lambda: emu.thread_of(queued), what="the thread")
    await wait_result(studio, thread)
    await asyncio.sleep(0.2)
    assert interaction.token_uses_after_expiry == 1  # one try, no retry storm


async def test_cancel_is_for_the_owner_or_an_admin(make_studio: StudioFactory) -> None:
    studio = await make_studio(script=JobScript(steps=60, step_s=0.1))
    emu = studio.emu
    _, thread, progress = await start_job(studio, user="bob")
    click = await emu.click("carol", progress, "studio:cancel:1")
    (refusal,) = await emu.wait_answered(click)
    assert refusal.ephemeral and refusal.visible_to == emu.user("carol").id
    assert "Only the person who started" in refusal.content
    assert studio.jobs.jobs[1].status is not JobState.CANCELLED

    click = await emu.click("bob", progress, "studio:cancel:1")
    (done,) = await emu.wait_answered(click)
    assert done.ephemeral and "Cancelled image job #1" in done.content
    await emu.wait_until(lambda: emu.messages[progress.id].colors[-1] == COLOR_MUTED, what="grey")
    assert emu.messages[progress.id].custom_ids == []
    assert result_message(studio, thread) is None

    _, _, other = await start_job(studio, user="carol", prompt="a second job")
    click = await emu.click("alice", other, "studio:cancel:2")  # alice has Manage Server
    (done,) = await emu.wait_answered(click)
    assert "Cancelled image job #2" in done.content


async def test_a_failed_job_turns_red_and_says_why(make_studio: StudioFactory) -> None:
    studio = await make_studio(script=JobScript(steps=2, step_s=0.1, fail=True))
    _, thread, progress = await start_job(studio)
    emu = studio.emu
    await emu.wait_until(lambda: emu.messages[progress.id].colors[-1] == COLOR_FAILED, what="red")
    assert "no model is configured" in emu.messages[progress.id].text()
    assert result_message(studio, thread) is None


async def test_progress_and_buttons_survive_a_restart(make_studio: StudioFactory) -> None:
    studio = await make_studio(script=JobScript(steps=15, step_s=0.2))
    emu = studio.emu
    _, thread, progress = await start_job(studio, seed=7)
    await asyncio.sleep(0.5)
    await studio.restart()  # mid-job: the new process re-attaches to the same message
    result = await wait_result(studio, thread)
    assert emu.messages[progress.id].colors[-1] == COLOR_DONE
    assert len(progress_messages(studio, thread)) == 1

    await studio.restart()
    for button, expected in (
        ("studio:reroll:1", {"prompt": "a red fox in the snow", "quality": "draft"}),
        ("studio:vary:1", {"seed": 8}),
        ("studio:final:1", {"quality": "final", "seed": 7}),
    ):
        click = await emu.click("carol", result, button)
        (reply,) = await emu.wait_answered(click)
        assert "Queued image job" in reply.content and reply.channel_id == thread.id
        params = studio.jobs.submitted[-1].params
        assert expected.items() <= params.items(), (button, params)
        if button == "studio:reroll:1":
            assert "seed" not in params
    click = await emu.click("carol", result, "studio:info:1")
    (info,) = await emu.wait_answered(click)
    assert info.ephemeral and "seed: 7" in info.text()
    # Plain messages in the job's thread still reach the analyzer after the restart.
    await emu.post("carol", thread, "thanks, lovely")
    await emu.wait_until(
        lambda: any(m.content == "You said: thanks, lovely" for m in emu.visible(thread)),
        what="the reply in the thread",
    )
