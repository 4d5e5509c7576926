"""Slash commands through the emulator: registration, deferral time, validation, limits."""

from __future__ import annotations

import asyncio
from typing import Any

from core.metrics import percentile
from tests.e2e.conftest import StudioFactory
from tests.e2e.doubles import JobScript
from tests.e2e.harness import Studio

EVERY_COMMAND = [
    "admin cache clear",
    "admin cache stats",
    "admin jobs",
    "admin limits",
    "admin stats",
    "animate",
    "help",
    "imagine",
    "job cancel",
    "job status",
    "show add",
    "show dna",
    "show similar",
    "transform",
]

EXAMPLE_OPTIONS: dict[str, dict[str, Any]] = {
    "imagine": {"prompt": "a lighthouse at dusk", "count": 2, "quality": "draft"},
    "animate": {"prompt": "a paper boat drifting", "seconds": 3},
    "show add": {"title": "Friends", "text": "Six friends in New York."},
    "show dna": {"title": "Friends"},
    "show similar": {"title": "Friends", "k": 3},
    "transform": {"title": "Friends", "setting": "a Mars colony in 2300", "scenes": 3},
    "job status": {},
    "job cancel": {"job_id": 1},
    "help": {},
    "admin stats": {},
    "admin jobs": {},
    "admin limits": {},
    "admin cache stats": {},
    "admin cache clear": {"name": "embeddings"},
}


def _options(studio: Studio, path: str) -> dict[str, str | int | bool | None]:
    command = studio.emu.command(path.split(maxsplit=1)[0])
    options = command.get("options") or []
    for part in path.split()[1:]:
        options = next(o for o in options if o["name"] == part).get("options") or []
    return {
        o["name"]: (o["type"], bool(o.get("required")), [c["value"] for c in o.get("choices", [])])
        for o in options
    }


async def test_every_command_is_registered_with_its_options(studio: Studio) -> None:
    assert studio.emu.command_names() == EVERY_COMMAND
    string, integer, boolean, attachment = 3, 4, 5, 11
    assert _options(studio, "imagine") == {
        "prompt": (string, True, []),
        "negative": (string, False, []),
        "quality": (string, False, ["draft", "final"]),
        "aspect": (string, False, ["square", "portrait", "landscape"]),
        "count": (integer, False, []),
        "seed": (integer, False, []),
    }
    imagine_count = next(
        o for o in studio.emu.command("imagine")["options"] if o["name"] == "count"
    )
    assert (imagine_count["min_value"], imagine_count["max_value"]) == (1, 4)
    assert _options(studio, "animate") == {
        "prompt": (string, True, []),
        "seconds": (integer, False, []),
        "quality": (string, False, ["draft", "final"]),
        "aspect": (string, False, ["square", "portrait", "landscape"]),
        "seed": (integer, False, []),
    }
    assert _options(studio, "show add") == {
        "title": (string, True, []),
        "text": (string, False, []),
        "file": (attachment, False, []),
    }
    assert set(_options(studio, "show similar")) == {"title", "text", "k", "facet"}
    assert _options(studio, "transform") == {
        "title": (string, True, []),
        "setting": (string, True, []),
        "scenes": (integer, False, []),
        "tone": (string, False, []),
        "storyboard": (boolean, False, []),
    }
    assert set(_options(studio, "job status")) == {"job_id"}
    assert set(_options(studio, "admin cache clear")) == {"name"}
    # The client-side gate: Discord hides /admin from members without Manage Server.
    assert studio.emu.command("admin")["default_member_permissions"] == str(1 << 5)
    assert all(c.get("dm_permission") is False for c in studio.emu.commands["global"])


async def test_every_command_defers_within_250_ms_at_p99(make_studio: StudioFactory) -> None:
    studio = await make_studio(
        script=JobScript(steps=2, step_s=0.05, preview_every=99),
        overrides={"limits": {"commands_per_minute": 1000}, "jobs": {"max_queued_per_user": 1000}},
    )
    emu = studio.emu
    plan = [EVERY_COMMAND[i % len(EVERY_COMMAND)] for i in range(100)]
    interactions = []
    for wave in range(0, len(plan), 10):
        batch = [
            emu.invoke("alice", path, **EXAMPLE_OPTIONS[path]) for path in plan[wave : wave + 10]
        ]
        interactions += await asyncio.gather(*batch)
        await asyncio.sleep(0.05)
    await emu.wait_until(
        lambda: all(i.acked_at is not None for i in interactions), timeout=10, what="all acks"
    )
    latencies = sorted(i.ack_latency for i in interactions if i.ack_latency is not None)
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    print(f"\ndeferral of {len(latencies)}: p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    assert len(latencies) == 100
    assert p99 < 0.250
    assert not any(i.failed for i in interactions)
    for interaction in interactions:
        replies = await emu.wait_answered(interaction)
        assert replies, interaction.name


async def test_invalid_options_are_refused_ephemerally_and_nothing_is_queued(
    studio: Studio,
) -> None:
    emu = studio.emu
    cases = [
        ({"prompt": "x" * 5000}, "imagine", "prompt", "5000 characters"),
        ({"prompt": "a fox", "count": 9}, "imagine", "count", "4"),
        ({"prompt": "a fox", "seconds": 60}, "animate", "seconds", "10"),
    ]
    for options, command, name, detail in cases:
        interaction = await emu.invoke("bob", command, **options)
        (reply,) = await emu.wait_answered(interaction)
        assert reply.ephemeral and reply.visible_to == emu.user("bob").id
        assert name in reply.content.lower() and detail in reply.content
    big = emu.upload("synopsis.txt", b"a" * (20 * 1024 * 1024))
    binary = emu.upload("synopsis.txt", bytes(range(256)) * 64)
    pdf = emu.upload("synopsis.pdf", b"%PDF-1.7", content_type="application/pdf")
    for upload, detail in ((big, "20.0 MiB"), (binary, "binary"), (pdf, ".txt")):
        interaction = await emu.invoke("bob", "show add", title="Friends", file=upload)
        (reply,) = await emu.wait_answered(interaction)
        assert reply.ephemeral, reply.content
        assert "synopsis" in reply.content and detail in reply.content
    # The 20 MiB file was refused from its declared size: never downloaded.
    assert not any(str(big.id) in path for path in emu.downloads)
    assert studio.jobs.submitted == []
    # No public trace is left: the "thinking…" placeholder of a refused command is removed.
    assert [m for m in emu.visible(emu.general) if m.author.bot] == []
    # ...and the bot keeps serving.
    interaction = await emu.invoke("bob", "imagine", prompt="a fox in the snow")
    (reply,) = await emu.wait_answered(interaction)
    assert "Queued image job #1" in reply.content and not reply.ephemeral


async def test_a_text_file_becomes_the_synopsis(studio: Studio) -> None:
    emu = studio.emu
    synopsis = "Six friends share apartments, a coffee shop and ten years of their lives.\n"
    upload = emu.upload("friends.txt", synopsis.encode())
    interaction = await emu.invoke("carol", "show add", title="Friends", file=upload)
    (reply,) = await emu.wait_answered(interaction)
    assert "Queued show analysis job #1" in reply.content
    assert studio.jobs.submitted[0].params == {"title": "Friends", "text": synopsis.strip()}


async def test_commands_per_minute_limit_is_an_ephemeral_error(make_studio: StudioFactory) -> None:
    studio = await make_studio(overrides={"limits": {"commands_per_minute": 2}})
    emu = studio.emu
    for _ in range(2):
        await emu.wait_answered(await emu.invoke("bob", "show dna", title="Friends"))
    interaction = await emu.invoke("bob", "show dna", title="Friends")
    (reply,) = await emu.wait_answered(interaction)
    assert reply.ephemeral
    assert "2 commands a minute" in reply.content and "Try again in" in reply.content


async def test_queued_jobs_cap_is_an_ephemeral_error(make_studio: StudioFactory) -> None:
    studio = await make_studio(
        script=JobScript(steps=40, step_s=0.1), overrides={"jobs": {"max_queued_per_user": 1}}
    )
    emu = studio.emu
    await emu.wait_answered(await emu.invoke("bob", "imagine", prompt="one"))
    interaction = await emu.invoke("bob", "imagine", prompt="two")
    (reply,) = await emu.wait_answered(interaction)
    assert reply.ephemeral and "limit is 1" in reply.content
    assert len(studio.jobs.submitted) == 1


async def test_a_duplicate_interaction_never_makes_a_second_job(studio: Studio) -> None:
    emu = studio.emu
    studio.expected_violations.append("acknowledged twice")
    interaction = await emu.invoke("bob", "imagine", prompt="a lighthouse")
    await emu.wait_answered(interaction)
    await emu.redeliver(interaction)
    await asyncio.sleep(0.5)
    assert len(studio.jobs.submitted) == 1
    bot_messages = [m for m in emu.visible(emu.general) if m.author.bot]
    assert len(bot_messages) == 1


async def test_commands_are_synced_only_when_their_definitions_change(
    make_studio: StudioFactory,
) -> None:
    studio = await make_studio()
    assert studio.emu.command_syncs == ["global"]
    await studio.restart()
    assert studio.emu.command_syncs == ["global"]  # same definitions: no second overwrite
    studio.settings = studio.settings.model_copy(
        update={"discord": studio.settings.discord.model_copy(update={"sync_commands": "always"})}
    )
    await studio.restart()
    assert studio.emu.command_syncs == ["global", "global"]
