"""A refused command is answered privately in its first response: the channel never sees a public
"thinking…" appear and vanish for a member's mistake.

Bad options are found by pure checks before anything is deferred: the registered option ranges
and choices (a count of 9), the intent's own limits (a 5000-character prompt, a 300-character
title) and what Discord declares about an attached file (its name, size and type)."""

from __future__ import annotations

from typing import Any

from tests.e2e.emulator import DiscordEmulator
from tests.e2e.harness import Studio

DEFERRED_MESSAGE = 5  # the callback type of a "thinking…" deferral
MESSAGE = 4  # the callback type of an answer with content


def _bot_messages_ever(emu: DiscordEmulator) -> list[Any]:
    """Every message the bot posted in public, deleted ones included."""
    return [m for m in emu.messages.values() if m.author.bot and not m.ephemeral]


async def test_refused_options_are_answered_privately_first_with_nothing_public(
    studio: Studio,
) -> None:
    emu = studio.emu
    pdf = emu.upload("synopsis.pdf", b"%PDF-1.7", content_type="application/pdf")
    big = emu.upload("synopsis.txt", b"a" * 64, declared_size=20 * 1024 * 1024)
    cases: list[tuple[str, dict[str, Any], str]] = [
        ("imagine", {"prompt": "x" * 5000}, "prompt"),
        ("imagine", {"prompt": "a fox", "count": 9}, "count"),
        ("imagine", {"prompt": "a fox", "quality": "ultra"}, "quality"),
        ("animate", {"prompt": "a paper boat", "seconds": 60}, "seconds"),
        ("transform", {"title": "Friends", "setting": "Mars", "scenes": 40}, "scenes"),
        ("transform", {"title": "Friends", "setting": "x"}, "setting"),
        ("show add", {"title": "T" * 300, "text": "Six friends."}, "title"),
        ("show add", {"title": "Friends", "file": pdf}, "synopsis.pdf"),
        ("show add", {"title": "Friends", "file": big}, "synopsis.txt"),
        ("show similar", {"title": "Friends", "k": 50}, "k"),
    ]
    for command, options, named in cases:
        interaction = await emu.invoke("bob", command, **options)
        (reply,) = await emu.wait_answered(interaction)
        where = f"/{command} {sorted(options)}"
        # The first response is the refusal itself, private, not a public deferral.
        assert interaction.ack_type == MESSAGE, where
        assert interaction.ack_ephemeral, where
        assert reply.ephemeral and reply.visible_to == emu.user("bob").id, where
        assert named in reply.content, (where, reply.content)
    assert _bot_messages_ever(emu) == []
    assert not [c for c in emu.calls if c.method == "DELETE"]
    assert not [i for i in emu.interactions.values() if i.ack_type == DEFERRED_MESSAGE]
    if studio.doubles is not None:  # (the real job service has no such list)
        assert studio.jobs.submitted == []
    assert emu.downloads == []  # the file refusals read nothing
    # Other members never saw any of it.
    assert [m for m in emu.visible(emu.general, "carol") if m.author.bot] == []


async def test_a_valid_command_still_defers_in_public_and_queues(studio: Studio) -> None:
    emu = studio.emu
    interaction = await emu.invoke("bob", "imagine", prompt="a fox in the snow", count=2)
    (reply,) = await emu.wait_answered(interaction)
    assert interaction.ack_type == DEFERRED_MESSAGE and not interaction.ack_ephemeral
    if studio.doubles is not None:  # (the real stack here has no image model to queue for)
        assert "Queued image job #1" in reply.content and not reply.ephemeral
        assert len(studio.jobs.submitted) == 1
