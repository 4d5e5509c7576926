"""/admin stats through the emulator: after a scripted run, the embed's numbers are the metrics
registry's, the chart is attached, and the same figures reach Prometheus."""

from __future__ import annotations

import io
from typing import Any

import aiohttp
from PIL import Image
from prometheus_client.parser import text_string_to_metric_families

from bot.http_server import HealthServer
from bot.render.charts import CHART_FILENAME
from core.stats import watch_caches
from tests.e2e.conftest import OPERATOR, StudioFactory, add_operator
from tests.e2e.doubles import JobScript
from tests.e2e.emulator import Message
from tests.e2e.harness import Studio

EDIT_ORIGINAL = r"/webhooks/\d+/[^/]+/messages/@original$"


def observe(studio: Studio) -> None:
    """Let the doubles record what the real orchestrator and job service record."""
    doubles = studio.doubles
    if doubles is not None and doubles.commands is not None and doubles.jobs is not None:
        doubles.commands.metrics = doubles.jobs.metrics = studio.services.metrics


def fields(message: Message) -> dict[str, str]:
    (embed,) = message.embeds
    return {f["name"]: f["value"] for f in embed["fields"]}


async def scripted_run(studio: Studio) -> None:
    """Two /show dna (one unknown), two /imagine, an admin cancelling one of them from
    /admin jobs, one rate limit on a reply; returns when both jobs have finished."""
    emu = studio.emu
    metrics = studio.services.metrics
    emu.add_fault(EDIT_ORIGINAL, method="PATCH", status=429, retry_after=0.2)
    (dna,) = await emu.wait_answered(await emu.invoke("bob", "show dna", title="Friends"))
    assert "Friends" in dna.text()  # arrived after discord.py waited out the 429
    await emu.wait_answered(await emu.invoke("bob", "show dna", title="Nope"))
    await emu.wait_answered(await emu.invoke("bob", "imagine", prompt="a red fox"))
    await emu.wait_answered(await emu.invoke("carol", "imagine", prompt="a grey wave"))

    (jobs,) = await emu.wait_answered(await emu.invoke("alice", "admin jobs"))
    text = jobs.text()
    assert f"<@{emu.user('bob').id}>" in text and f"<@{emu.user('carol').id}>" in text
    assert " old" in text and "**2. Image job #2**" in text
    assert jobs.custom_ids == ["studio:cancel:1", "studio:cancel:2"]
    (cancelled,) = await emu.wait_answered(await emu.click("alice", jobs, "studio:cancel:2"))
    assert "Cancelled image job #2" in cancelled.content
    await emu.wait_until(
        lambda: metrics.counter_total("jobs_total") >= 2, timeout=15, what="both jobs finished"
    )


async def test_the_stats_embed_and_chart_match_the_metrics_after_a_run(
    make_studio: StudioFactory,
) -> None:
    studio = await make_studio(script=JobScript(steps=20, step_s=0.05), overrides=OPERATOR)
    operator = add_operator(studio)
    observe(studio)
    emu = studio.emu
    metrics = studio.services.metrics
    await scripted_run(studio)
    commands = metrics.counter_total("commands_total")
    # show dna x2, imagine x2, the cancel button, /admin jobs
    assert commands == 6

    (reply,) = await emu.wait_answered(await emu.invoke(operator, "admin stats"))
    assert reply.ephemeral and reply.visible_to == emu.user(operator).id
    (chart,) = reply.attachments
    assert chart.filename == CHART_FILENAME
    image = Image.open(io.BytesIO(chart.data))
    assert image.format == "PNG" and image.size[0] > 0 and image.size[1] > 0
    assert reply.embeds[0]["image"]["url"] == f"attachment://{CHART_FILENAME}"

    shown = fields(reply)
    assert shown["Commands"] == "**6** in the last hour\n6 since start"
    assert metrics.counter("jobs_total", kind="image", outcome="succeeded") == 1
    assert metrics.counter("jobs_total", kind="image", outcome="cancelled") == 1
    assert shown["Jobs"] == (
        "**2** finished in the last hour\nsucceeded 1 · failed 0 · cancelled 1"
    )
    assert shown["Queue"].startswith("depth 0\n")
    show_dna = metrics.timing("command_seconds", command="show_dna")
    assert show_dna.count == 2
    assert (
        f"`show_dna` p50 {ms(show_dna.p50)} · p95 {ms(show_dna.p95)} (n=2)"
        in (shown["Latency per command"])
    )
    assert "`admin jobs`" in shown["Latency per command"]
    assert metrics.counter("discord_api_errors", status="429", code="0") == 1
    assert shown["Discord API errors"].startswith("429: 1 · 10008: 0 · 10062: 0 · 50027: 0")
    assert "tool_seconds" in reply.embeds[0]["footer"]["text"]  # nothing records it here

    # The stats command itself is counted once it is done, with its own canonical series.
    await emu.wait_until(  # counted as the command returns, just after its reply went out
        lambda: (
            metrics.counter("commands_total", command="admin stats", via="admin", outcome="ok") == 1
        ),
        what="the admin stats command counted",
    )


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


async def test_metrics_endpoint_has_the_job_command_cache_and_discord_error_series(
    make_studio: StudioFactory,
) -> None:
    studio = await make_studio(script=JobScript(steps=20, step_s=0.05))
    observe(studio)
    metrics = studio.services.metrics
    watch_caches(metrics, studio.services.caches)
    await scripted_run(studio)

    server = HealthServer(metrics, port=0)
    port = await server.start()
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/metrics") as response,
        ):
            assert response.status == 200
            text = await response.text()
    finally:
        await server.stop()
    samples: dict[tuple[str, frozenset[tuple[str, str]]], Any] = {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }

    def value(name: str, **labels: str) -> Any:
        return samples[(name, frozenset(labels.items()))]

    assert value("studio_jobs_total", kind="image", outcome="succeeded") == 1
    assert value("studio_commands_total", command="show_dna", via="slash", outcome="ok") == 1
    assert value("studio_commands_total", command="show_dna", via="slash", outcome="not_found") == 1
    assert value("studio_command_seconds_count", command="show_dna") == 2
    assert value("studio_discord_api_errors_total", status="429", code="0") == 1
    assert value("studio_discord_api_errors_total", status="401", code="50027") == 0
    assert value("studio_cache_entries", cache="llm_responses") == 1
    assert value("studio_cache_hits", cache="llm_responses") == 0
