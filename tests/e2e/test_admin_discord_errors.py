"""Discord's errors, seen through the emulator, counted by code and shown to admins."""

from __future__ import annotations

from tests.e2e.conftest import OPERATOR, StudioFactory, add_operator
from tests.e2e.doubles import JobScript
from tests.e2e.test_admin_stats import fields


async def test_unknown_message_unknown_interaction_and_dead_tokens_are_counted(
    make_studio: StudioFactory,
) -> None:
    studio = await make_studio(script=JobScript(steps=10, step_s=0.15), overrides=OPERATOR)
    operator = add_operator(studio)  # the whole bot's Discord errors are the operator's to see
    emu = studio.emu
    metrics = studio.services.metrics

    def errors(code: str) -> float:
        return metrics.counter_by("discord_api_errors", "code").get(code, 0.0)

    # 10008: the job's progress message is deleted under it; the next edit finds it gone.
    (queued,) = await emu.wait_answered(await emu.invoke("bob", "imagine", prompt="a red fox"))
    thread = await emu.wait_until(lambda: emu.thread_of(queued), what="the job's thread")
    progress = await emu.wait_until(
        lambda: next((m for m in emu.visible(thread) if m.embeds), None), what="progress"
    )
    await emu.delete_message(progress)
    await emu.wait_until(lambda: errors("10008") == 1, what="the 10008 counted")

    # 50027: the interaction token expired before the reply.
    studio.commands.delay_s = 0.3
    slow = await emu.invoke("bob", "show dna", title="Friends")
    await emu.wait_until(lambda: slow.acked_at, what="the deferral")
    emu.expire_token(slow)
    await emu.wait_until(lambda: errors("50027") == 1, what="the 50027 counted")
    studio.commands.delay_s = 0.0

    # 10062: Discord no longer knows the interaction when the bot acknowledges it.
    studio.expected_violations.append("not acknowledged")
    emu.add_fault(
        r"/interactions/\d+/[^/]+/callback$",
        method="POST",
        status=404,
        code=10062,
        message="Unknown interaction",
    )
    await emu.invoke("bob", "help")
    await emu.wait_until(lambda: errors("10062") == 1, what="the 10062 counted")

    (reply,) = await emu.wait_answered(await emu.invoke(operator, "admin stats"))
    assert fields(reply)["Discord API errors"].startswith("429: 0 · 10008: 1 · 10062: 1 · 50027: 1")
    assert metrics.counter("discord_api_errors", status="404", code="10062") == 1
    assert metrics.counter("discord_api_errors", status="401", code="50027") == 1
