"""Input hygiene on the Discord side, shared with the console (core.text_input): slash options
reach core NFKC-folded, without control characters."""

from __future__ import annotations

from tests.e2e.harness import Studio


async def test_full_width_options_reach_core_as_plain_text(studio: Studio) -> None:
    emu = studio.emu
    await emu.wait_answered(await emu.invoke("bob", "show dna", title="Ｂｒｅａｋｉｎｇ Ｂａｄ"))
    await emu.wait_answered(await emu.invoke("bob", "imagine", prompt="a ﬁre\x1b[31m fox"))
    received = [options for _, options, _ in studio.commands.calls]
    assert received[0] == {"title": "Breaking Bad"}
    assert received[1]["prompt"] == "a fire[31m fox"
