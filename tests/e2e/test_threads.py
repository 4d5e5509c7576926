"""Plain messages in studio threads, confirmations (buttons and a modal), and mentions."""

from __future__ import annotations

import structlog

from tests.e2e.harness import Studio
from tests.e2e.test_jobs import start_job, wait_result


async def test_plain_messages_are_requests_only_in_studio_threads(studio: Studio) -> None:
    emu = studio.emu
    _, thread, _ = await start_job(studio)
    await emu.post("carol", emu.general, "hello channel")
    await emu.post("carol", thread, "hello thread")
    reply = await emu.wait_until(
        lambda: next(
            (m for m in emu.visible(thread) if m.content == "You said: hello thread"), None
        ),
        what="the reply",
    )
    assert reply.author.bot
    assert [
        text for _, text, _ in [(k, o.get("text"), c) for k, o, c in studio.commands.calls] if text
    ] == ["hello thread"]
    ctx = studio.commands.calls[-1][2]
    assert ctx.thread_id == str(thread.id) and ctx.channel_id == str(emu.general.id)


async def test_a_long_answer_is_split_at_paragraphs_within_2000_characters(studio: Studio) -> None:
    emu = studio.emu
    _, thread, _ = await start_job(studio)
    await emu.post("carol", thread, "tell me everything")
    parts = await emu.wait_until(
        lambda: [m for m in emu.visible(thread) if m.content.startswith("This is a long answer")],
        what="the answer",
    )
    await emu.wait_until(
        lambda: len([m for m in emu.visible(thread) if m.content.startswith("This is")]) >= 3
    )
    parts = [m for m in emu.visible(thread) if m.content.startswith("This is")]
    assert all(len(m.content) <= 2000 for m in parts)
    assert all(m.content.endswith("going.") for m in parts)  # cut at a boundary, not mid-word
    assert sum(m.content.count("keeps going") for m in parts) == 12 * 9


async def test_an_unsure_reading_asks_run_edit_cancel(studio: Studio) -> None:
    emu = studio.emu
    _, thread, _ = await start_job(studio)
    await emu.post("carol", thread, "maybe a cat on a hat")
    question = await emu.wait_until(
        lambda: next((m for m in emu.visible(thread) if "Did you mean" in m.text()), None),
        what="the question",
    )
    run, edit, _cancel = question.custom_ids
    assert run.startswith("studio:confirm-run:")

    (not_yours,) = await emu.wait_answered(await emu.click("bob", question, run))
    assert not_yours.ephemeral and "Only the person who asked" in not_yours.content

    opened = await emu.click("carol", question, edit)
    await emu.wait_until(lambda: opened.modal, what="the modal")
    assert opened.modal["components"][0]["components"][0]["value"] == "maybe a cat on a hat"
    submitted = await emu.submit_modal("carol", opened, {"text": "draw a cat on a mat"})
    (queued,) = await emu.wait_answered(submitted)
    assert "Queued image job #2" in queued.content
    assert studio.jobs.submitted[-1].params["prompt"] == "a cat on a mat"

    (expired,) = await emu.wait_answered(await emu.click("carol", question, run))
    assert expired.ephemeral and "expired" in expired.content
    await emu.post("carol", thread, "maybe a dog")
    second = await emu.wait_until(
        lambda: [m for m in emu.visible(thread) if "Did you mean" in m.text()][1:], what="question"
    )
    click = await emu.click("carol", second[0], second[0].custom_ids[2])
    await emu.wait_until(lambda: "won't" in emu.messages[second[0].id].content, what="cancelled")
    assert emu.messages[second[0].id].custom_ids == [] and click.ack_type == 6


async def test_user_text_never_pings_anyone(studio: Studio) -> None:
    emu = studio.emu
    _, thread, _ = await start_job(studio, prompt="@everyone look at this @here")
    await wait_result(studio, thread)
    await emu.post("carol", thread, "shout @everyone")
    await emu.wait_until(lambda: any("You said: shout" in m.content for m in emu.visible(thread)))
    echoed = [m for m in emu.messages.values() if m.author.bot and "@everyone" in m.text()]
    assert len(echoed) >= 2
    assert not any(m.mention_everyone for m in emu.messages.values() if m.author.bot)


async def test_an_internal_error_shows_an_apology_with_the_logged_id(studio: Studio) -> None:
    emu = studio.emu
    _, thread, _ = await start_job(studio)
    await emu.post("carol", thread, "crash please")
    apology = await emu.wait_until(
        lambda: next((m for m in emu.visible(thread) if "Sorry" in m.content), None), what="apology"
    )
    assert "feedc0de" in apology.content and "KeyError" not in apology.content


async def test_a_crashing_command_apologises_with_the_id_that_is_in_the_log(studio: Studio) -> None:
    emu = studio.emu
    studio.commands.crash = True
    with structlog.testing.capture_logs() as logs:
        interaction = await emu.invoke("bob", "show dna", title="Friends")
        (reply,) = await emu.wait_answered(interaction)
    assert reply.ephemeral and "Sorry" in reply.content and "secret internals" not in reply.content
    (crash,) = [line for line in logs if line["event"] == "command_crashed"]
    assert f"`{crash['error_id']}`" in reply.content and crash["command"] == "show dna"
    studio.commands.crash = False
    (fine,) = await emu.wait_answered(await emu.invoke("bob", "show dna", title="Friends"))
    assert "Narrative DNA: Friends" in fine.text()
