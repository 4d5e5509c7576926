from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Literal

import pytest

from bot.progress import DISCORD_EPOCH_S, DiscordProgressSink, Location
from bot.progress_transport import (
    MessageGone,
    MessageTooOld,
    RateLimited,
    TransientFailure,
    Unreachable,
)
from bot.render.limits import COLOR_DONE
from bot.render.model import OutMessage
from core.clock import FakeClock
from core.metrics import Metrics
from core.ports.progress import JobState, ProgressUpdate

INTERVAL = 1.0


class FakeTransport:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.edits: list[tuple[float, int, OutMessage, str]] = []
        self.posts: list[tuple[float, int, OutMessage]] = []
        self.failures: list[Exception] = []
        self._ids = iter(range(1000, 2000))

    async def post(self, channel_id: int, message: OutMessage) -> int:
        self.posts.append((self.clock.monotonic(), channel_id, message))
        return next(self._ids)

    async def edit(
        self,
        channel_id: int,
        message_id: int,
        message: OutMessage,
        *,
        attachments: Literal["keep", "replace"],
    ) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.edits.append((self.clock.monotonic(), message_id, message, attachments))


def running(step: int, **fields: object) -> ProgressUpdate:
    return ProgressUpdate(
        job_id=1, kind="image", state=JobState.RUNNING, step=step, total=20, **fields
    )  # type: ignore[arg-type]


def final(**fields: object) -> ProgressUpdate:
    return ProgressUpdate(job_id=1, kind="image", state=JobState.SUCCEEDED, **fields)  # type: ignore[arg-type]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def transport(clock: FakeClock) -> FakeTransport:
    return FakeTransport(clock)


@pytest.fixture
def sink(clock: FakeClock, transport: FakeTransport) -> DiscordProgressSink:
    return DiscordProgressSink(
        min_interval_s=INTERVAL, clock=clock, metrics=Metrics(), transport=transport
    )


async def drain(sink: DiscordProgressSink) -> None:
    """Let the delivery tasks run until they wait for more (the fake clock never sleeps)."""
    for _ in range(300):
        await asyncio.sleep(0)


def color(message: OutMessage) -> int | None:
    value = message.embeds[0].color
    return value.value if value is not None else None


async def test_a_burst_of_updates_becomes_one_edit_with_the_final_state(
    sink: DiscordProgressSink, transport: FakeTransport
) -> None:
    sink.track(1, Location(10, 100))
    for step in range(1, 21):
        await sink.publish(running(step))
    await sink.publish(final())
    await drain(sink)
    assert sink.active_jobs == 0  # done after the final state
    assert len(transport.edits) == 1
    assert color(transport.edits[0][2]) == COLOR_DONE
    assert sink._metrics.counter("progress_updates_coalesced") == 20


async def test_edits_are_spaced_by_the_interval_and_the_last_is_final(
    sink: DiscordProgressSink, transport: FakeTransport, clock: FakeClock
) -> None:
    sink.track(1, Location(10, 100))
    for step in range(1, 21):
        await sink.publish(running(step))
        await clock.sleep(0.3)
    await sink.publish(final())
    await drain(sink)
    times = [t for t, *_ in transport.edits]
    assert len(times) >= 4
    assert all(b - a >= INTERVAL for a, b in itertools.pairwise(times))
    assert color(transport.edits[-1][2]) == COLOR_DONE
    # the first edit waited a full interval after the message was posted
    assert times[0] >= INTERVAL


async def test_a_rate_limit_is_waited_out_and_nothing_is_lost(
    sink: DiscordProgressSink, transport: FakeTransport, clock: FakeClock
) -> None:
    sink.track(1, Location(10, 100))
    transport.failures = [RateLimited(2.5), TransientFailure("502")]
    await sink.publish(final())
    await drain(sink)
    assert 2.5 in clock.sleeps
    assert len(transport.edits) == 1 and color(transport.edits[0][2]) == COLOR_DONE


async def test_a_deleted_message_is_posted_again_and_edits_follow_it(
    clock: FakeClock, transport: FakeTransport
) -> None:
    moved: list[tuple[int, Location]] = []

    async def on_moved(job_id: int, where: Location) -> None:
        moved.append((job_id, where))

    sink = DiscordProgressSink(
        min_interval_s=INTERVAL, clock=clock, transport=transport, on_moved=on_moved
    )
    sink.track(1, Location(10, 100, parent_id=5))
    transport.failures = [MessageGone()]
    await sink.publish(running(1))
    await drain(sink)
    (posted,) = transport.posts
    assert posted[1] == 10  # in the same thread
    assert moved == [(1, Location(10, 1000, parent_id=5))]
    await clock.sleep(2)
    await sink.publish(final())
    await drain(sink)
    assert transport.edits[-1][1] == 1000


async def test_a_message_older_than_an_hour_is_replaced_not_edited(
    sink: DiscordProgressSink, transport: FakeTransport, clock: FakeClock
) -> None:
    sink.track(1, Location(10, 100))
    clock.advance(3600)
    await sink.publish(running(3))
    await drain(sink)
    assert transport.edits == [] and len(transport.posts) == 1
    transport.failures = [MessageTooOld()]
    await clock.sleep(2)
    await sink.publish(final())
    await drain(sink)
    progress_posts = [p for p in transport.posts if p[2].embeds]
    assert len(progress_posts) == 2  # the final state went to a fresh message too
    assert color(progress_posts[-1][2]) == COLOR_DONE


async def test_an_unreachable_thread_stops_publishing_for_that_job(
    sink: DiscordProgressSink, transport: FakeTransport
) -> None:
    sink.track(1, Location(10, 100))
    transport.failures = [Unreachable("403 50001")]
    await sink.publish(running(1))
    await drain(sink)
    await sink.publish(final())
    await drain(sink)
    assert transport.edits == [] and transport.posts == []


async def test_after_a_restart_the_job_tells_where_its_message_is(
    sink: DiscordProgressSink, transport: FakeTransport, clock: FakeClock
) -> None:
    message_id = int((clock.time() - DISCORD_EPOCH_S - 60) * 1000) << 22  # posted a minute ago
    await sink.publish(final(thread_id="10", channel_id="5", message_id=str(message_id)))
    await drain(sink)
    assert [e[1] for e in transport.edits] == [message_id]


async def test_a_job_without_a_message_is_dropped_after_waiting(
    clock: FakeClock, transport: FakeTransport
) -> None:
    async def nowhere(job_id: int) -> Location | None:
        return None

    sink = DiscordProgressSink(
        min_interval_s=INTERVAL,
        clock=clock,
        transport=transport,
        locate=nowhere,
        locate_wait_s=0.01,
    )
    await sink.publish(running(1))
    await asyncio.sleep(0.05)
    await drain(sink)
    await sink.publish(final())
    assert transport.edits == [] and sink.active_jobs == 0


async def test_publish_never_waits_on_discord(clock: FakeClock) -> None:
    class Stuck(FakeTransport):
        async def edit(self, *args: object, **kwargs: object) -> None:
            await asyncio.Event().wait()

    sink = DiscordProgressSink(min_interval_s=INTERVAL, clock=clock, transport=Stuck(clock))
    sink.track(1, Location(10, 100))
    await sink.publish(running(1))
    await asyncio.sleep(0)
    await asyncio.wait_for(sink.publish(running(2)), timeout=0.1)
    await sink.aclose(timeout_s=0.01)
    assert sink.active_jobs == 0


async def test_a_success_posts_the_result_files(
    sink: DiscordProgressSink, transport: FakeTransport, tmp_path: Path
) -> None:
    png = tmp_path / "job_1.png"
    png.write_bytes(b"\x89PNG result")
    sink.track(1, Location(10, 100))
    await sink.publish(final(result={"files": [str(png)]}))
    await drain(sink)
    (post,) = transport.posts
    assert [f.filename for f in post[2].files] == ["job_1.png"]
    assert next(b.label for b in post[2].buttons) == "Reroll"


@pytest.mark.parametrize("delivered_first", [False, True])
async def test_a_cancelled_job_still_posts_what_it_finished(
    sink: DiscordProgressSink, transport: FakeTransport, tmp_path: Path, delivered_first: bool
) -> None:
    script = tmp_path / "friends-edo.fountain"
    script.write_text("Title: Friends\n")
    sink.track(1, Location(10, 100))
    cancelled = ProgressUpdate(job_id=1, kind="transform", state=JobState.CANCELLED)
    await sink.publish(cancelled)
    if delivered_first:  # the cancel went out before the runner stopped
        await drain(sink)
        sink.track(1, Location(10, 100))
    partial = ProgressUpdate(
        job_id=1,
        kind="transform",
        state=JobState.CANCELLED,
        result={"files": [str(script)], "incomplete_reason": "cancelled after 2 of 4 scenes"},
    )
    await sink.publish(partial)
    await sink.publish(cancelled)  # a duplicate final without the result changes nothing
    await drain(sink)
    (post,) = transport.posts
    assert [f.filename for f in post[2].files] == ["friends-edo.fountain"]
    assert "was cancelled" in post[2].content and "2 of 4 scenes" in post[2].content
