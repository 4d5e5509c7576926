"""The real composition root behind the emulator: MiniLM, qdrant-edge, the SQLite job store, a
worker subprocess running a tiny diffusers pipeline, and the real orchestrator. What a server's
members and admins would see, end to end, with nothing doubled."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from bot.wiring import build_services
from tests.e2e.conftest import OPERATOR, StudioFactory, add_operator
from tests.e2e.emulator import Message
from tests.e2e.harness import Studio
from tests.support.tiny_pipelines import tiny_models

HEIST_ONE = (
    "A retired safecracker named Mara is pulled back for one last job: emptying the vault of a "
    "casino owner who ruined her brother. She assembles a crew of specialists, a forger, a "
    "driver and a young hacker, and plans the robbery over weeks. The plan goes wrong when a "
    "crew member betrays them to the police, and Mara must improvise an escape through the "
    "sewers while deciding whether revenge was worth the cost to her found family."
)
HEIST_TWO = (
    "An aging thief assembles a team of experts, a con artist, a getaway driver and a computer "
    "whiz, to rob the vault of a powerful gangster who wronged his family. Weeks of planning "
    "lead to a tense night inside the building, where a double-cross by one of the crew brings "
    "the police. The thief escapes through underground tunnels and learns that loyalty among "
    "his crew mattered more than the money or his revenge."
)
ROMANCE = (
    "Two rival bakers in a small seaside village compete for the prize at the summer fair. "
    "Their rivalry turns into friendship and then love as they share recipes, family secrets "
    "and long walks on the beach. A misunderstanding about a job offer in the city nearly "
    "separates them, but a heartfelt confession at the fair brings them together, and they "
    "open a bakery side by side."
)


def _settings(tmp_path: Path) -> dict[str, Any]:
    tiny = tiny_models()
    return {
        "catalog": {"load_starter": False},
        "jobs": {"heartbeat_s": 1.0, "max_queued_per_user": 10},
        "http": {"enabled": "off"},
        "media": {
            "image_model_draft": str(tiny.image),
            "device": "cpu",
            "cpu_threads": 1,
            "draft_size": 32,
            "draft_steps": 3,
            "preview_interval_s": 0.1,
        },
    }


async def _done(studio: Studio, interaction: Any, timeout: float = 60) -> Message:
    """The job's result message in its thread."""
    emu = studio.emu
    (reply,) = await emu.wait_answered(interaction, timeout=timeout)
    thread = await emu.wait_until(lambda: emu.thread_of(reply), timeout=timeout, what="thread")
    return await emu.wait_until(
        lambda: next((m for m in emu.visible(thread) if "is done" in m.content), None),
        timeout=timeout,
        what="the job's result",
    )


async def test_a_server_uses_the_whole_studio(make_studio: StudioFactory, tmp_path: Path) -> None:
    studio = await make_studio(
        factory=build_services, overrides={**_settings(tmp_path), **OPERATOR}
    )
    operator = add_operator(studio)
    emu = studio.emu

    # /imagine: a real (tiny) diffusers pipeline in the worker process; a PNG with provenance
    result = await _done(studio, await emu.invoke("bob", "imagine", prompt="a red fox", seed=7))
    (png,) = result.attachments
    image = Image.open(io.BytesIO(png.data))
    assert image.format == "PNG" and image.text.get("prompt") == "a red fox"

    # a plain message in the job's thread is read by the real analyzer and becomes a new job
    thread = emu.channels[result.channel_id]
    before = len(emu.visible(thread))
    await emu.post("bob", thread, "now draw a lighthouse at night, landscape")
    queued = await emu.wait_until(
        lambda: next((m for m in emu.visible(thread)[before:] if "#2" in m.content), None),
        timeout=30,
        what="the second job to be queued from plain text",
    )
    assert "image job #2" in queued.content.lower()

    # /show add analyses a synopsis as a job; /show similar then finds the retelling first
    for title, text in (("Vault", HEIST_ONE), ("Tunnels", HEIST_TWO), ("Crumbs", ROMANCE)):
        await _done(studio, await emu.invoke("carol", "show add", title=title, text=text))
    (similar,) = await emu.wait_answered(
        await emu.invoke("carol", "show similar", title="Vault", k=2), timeout=30
    )
    (embed,) = similar.embeds
    listed = embed["description"]
    assert embed["title"] == "Shows like Vault"
    assert listed.index("1. Tunnels") < listed.index("2. Crumbs")  # the retelling first
    assert "Vault" not in listed  # the query itself is never a result
    assert "heist gone wrong" in listed.split("2. Crumbs")[0]  # and it says why, in words

    # /show dna: the stored DNA as an embed with its chart
    (dna,) = await emu.wait_answered(await emu.invoke("carol", "show dna", title="Vault"))
    assert dna.embeds[0]["title"] == "Narrative DNA: Vault"
    fields = {f["name"] for f in dna.embeds[0]["fields"]}
    # Read offline (no key) from the text alone: a note says so, and every reading the offline
    # reader is not reliable at is labelled rough (or hidden, as an unreliable tone guess is).
    assert "About this reading" in fields
    assert {"Themes (rough reading)", "Structure (rough reading)"} <= fields
    assert "Tone" not in fields
    # The text names no period: its era is never stated as fact, only as a rough reading.
    assert "Era (rough reading)" in fields and "Era" not in fields
    (chart,) = dna.attachments
    assert Image.open(io.BytesIO(chart.data)).format == "PNG"

    # the server's admin reads this server's own use; the bot's operator the numbers of the run
    (own,) = await emu.wait_answered(await emu.invoke("alice", "admin stats"))
    assert own.embeds[0]["title"].endswith("this server")
    (stats,) = await emu.wait_answered(await emu.invoke(operator, "admin stats"))
    assert stats.embeds and any(a.filename.endswith(".png") for a in stats.attachments)
    shown = {f["name"]: f["value"] for f in stats.embeds[0]["fields"]}
    # the three shows: one point each (with its four facet vectors)
    assert shown["Vector store points"].endswith(": 3")
    assert "`find_similar` p50" in shown["Latency per tool"]
    assert "`show_dna` p50" in shown["Latency per tool"]
