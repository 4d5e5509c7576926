"""Discord's global limit paced ahead of time: never more than the configured calls in any one
second, callers served in order, and interaction responses never held back."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest

from bot.pacer import GlobalPacer, pace_http
from core.clock import FakeClock
from core.metrics import Metrics


def most_in_one_second(times: list[float]) -> int:
    peak, lo = 0, 0
    for hi, at in enumerate(times):
        while at - times[lo] >= 1.0:
            lo += 1
        peak = max(peak, hi - lo + 1)
    return peak


async def test_a_burst_is_spread_so_no_second_carries_more_than_the_limit() -> None:
    clock, metrics = FakeClock(), Metrics()
    pacer = GlobalPacer(10, clock=clock, metrics=metrics)
    started: list[tuple[int, float]] = []

    async def call(i: int) -> None:
        await pacer.acquire()
        started.append((i, clock.monotonic()))

    await asyncio.gather(*(call(i) for i in range(35)))
    times = [at for _, at in started]
    assert most_in_one_second(times) == 10
    assert [i for i, _ in started] == list(range(35))  # first come, first served
    assert times[-1] == pytest.approx(3.0)  # 35 calls at 10/s: the last one starts at 3 s
    assert metrics.counter("discord_paced_calls_total") > 0  # operators see the pacing


async def test_calls_under_the_limit_never_wait() -> None:
    clock = FakeClock()
    pacer = GlobalPacer(50, clock=clock)
    for _ in range(50):
        await pacer.acquire()
    assert clock.sleeps == []


@dataclass
class Route:
    path: str


class FakeHTTP:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def request(self, route: Route, **kwargs: Any) -> str:
        self.sent.append(route.path)
        return route.path


async def test_interaction_responses_skip_the_queue() -> None:
    clock = FakeClock()
    http = FakeHTTP()
    pace_http(http, GlobalPacer(1, clock=clock))
    await http.request(Route("/channels/{channel_id}/messages"))
    await http.request(Route("/interactions/{interaction_id}/{interaction_token}/callback"))
    await http.request(Route("/webhooks/{webhook_id}/{webhook_token}"))
    assert clock.sleeps == []  # the window is full, but these two are exempt
    await http.request(Route("/channels/{channel_id}/messages/{message_id}"))
    assert clock.sleeps == [pytest.approx(1.0)]
    assert len(http.sent) == 4
