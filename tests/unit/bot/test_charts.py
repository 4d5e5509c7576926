"""The /admin stats chart: a real PNG, drawn off the event loop."""

from __future__ import annotations

import asyncio
import io
import threading

import pytest
from PIL import Image

from bot.render import charts
from core.stats import AdminStats, Latency

BUSY = AdminStats(
    uptime_s=4000,
    commands_total=90,
    commands_last_hour=42,
    commands_per_minute=tuple(float(i % 5) for i in range(60)),
    jobs_per_minute=tuple(1.0 if i % 10 == 0 else 0.0 for i in range(60)),
    jobs_succeeded=5,
    jobs_failed=1,
    jobs_cancelled=0,
    command_latency=tuple(Latency(f"command_{i}", 10 - i, 0.01 * i, 0.02 * i) for i in range(10)),
)


async def test_the_chart_is_a_png_drawn_on_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real = charts.render_stats_chart

    def spy(stats: AdminStats) -> bytes:
        threads.append(threading.current_thread())
        return real(stats)

    monkeypatch.setattr(charts, "render_stats_chart", spy)
    data = await charts.stats_chart(BUSY)
    assert threads and threads[0] is not threading.main_thread()
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (900, 600)
    image.verify()


async def test_the_loop_keeps_running_while_the_chart_is_drawn() -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.001)
            ticks += 1

    task = asyncio.create_task(ticker())
    try:
        await charts.stats_chart(BUSY)
    finally:
        task.cancel()
    assert ticks > 0


def test_an_empty_registry_still_draws_a_chart() -> None:
    data = charts.render_stats_chart(AdminStats(uptime_s=1))
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (900, 600)
