"""`DiscordProgressSink`: a job's progress, edited into one message in its thread.

`publish` never waits on Discord: it stores the update as the job's latest and wakes the job's
delivery task. That task edits the message at most once per `progress_min_interval_s`, always
with the newest state (older ones are coalesced away), and never drops the final state. It
honours rate limits (sleeps the server's retry_after before trying again; discord.py retries
within a request, this covers a request that gave up), and when the message is gone (10008) or
too old to edit (30046, or older than an hour) it posts a fresh message and carries on. When a
job succeeds its results are posted in the thread.

The sink talks to Discord through a small `ProgressTransport` (bot.progress_transport has the
discord.py one), so the throttling is tested with a fake transport and a fake clock.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from bot.progress_transport import (
    MessageGone,
    MessageTooOld,
    RateLimited,
    TransientFailure,
    Unreachable,
)
from bot.render.limits import DEFAULT_ATTACHMENT_LIMIT, fit_reply
from bot.render.model import OutMessage, Reply
from bot.render.progress import progress_message, result_messages
from core.clock import Clock, SystemClock
from core.logging import get_logger
from core.metrics import Metrics
from core.ports.progress import JobState, ProgressUpdate

__all__ = ["DiscordProgressSink", "Location", "ProgressTransport"]

log = get_logger(__name__)

# Discord throttles edits of messages older than an hour (30046): post anew a little before.
MAX_MESSAGE_AGE_S = 55 * 60
# How long updates wait for the bot to post the job's progress message before asking the job
# service where it is (a job can start before the interaction's reply is out).
LOCATE_WAIT_S = 10.0
FINAL_ATTEMPTS = 6
PROGRESS_EDITS = "progress_edits"  # counter {outcome: ok|rate_limited|transient}
BACKOFF_S = (1.0, 2.0, 4.0, 8.0)


DISCORD_EPOCH_S = 1_420_070_400.0


def snowflake_seconds(snowflake: int) -> float:
    """When a Discord id was made (epoch seconds): a message id tells the message's age."""
    return (snowflake >> 22) / 1000.0 + DISCORD_EPOCH_S


class ProgressTransport(Protocol):
    async def post(self, channel_id: int, message: OutMessage) -> int:
        """Send a message; return its id."""
        ...

    async def edit(
        self,
        channel_id: int,
        message_id: int,
        message: OutMessage,
        *,
        attachments: Literal["keep", "replace"],
    ) -> None:
        """Edit in place; "replace" sets the attachments to `message.files` (maybe none)."""
        ...


@dataclass(frozen=True, slots=True)
class Location:
    channel_id: int  # the thread (or channel) the progress message is in
    message_id: int
    parent_id: int | None = None  # the channel the thread hangs from


Locator = Callable[[int], Awaitable[Location | None]]
MovedHook = Callable[[int, Location], Awaitable[None]]


@dataclass(eq=False)
class _Track:
    job_id: int
    location: Location | None = None
    located: asyncio.Event = field(default_factory=asyncio.Event)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    pending: ProgressUpdate | None = None
    final_seen: bool = False
    posted_at: float | None = None  # wall-clock seconds, to know the message's age
    last_edit_at: float | None = None
    has_preview: bool = False
    attachment_limit: int | None = None
    task: asyncio.Task[None] | None = None


class DiscordProgressSink:
    def __init__(
        self,
        *,
        min_interval_s: float,
        clock: Clock | None = None,
        metrics: Metrics | None = None,
        transport: ProgressTransport | None = None,
        locate: Locator | None = None,
        on_moved: MovedHook | None = None,
        locate_wait_s: float = LOCATE_WAIT_S,
        max_message_age_s: float = MAX_MESSAGE_AGE_S,
    ) -> None:
        self._clock = clock or SystemClock()
        # Replaced by the process's registry in bind(); the sink exists before the services do.
        self._metrics = metrics or Metrics()
        self._interval = min_interval_s
        self._transport = transport
        self._locate = locate
        self._on_moved = on_moved
        self._locate_wait_s = locate_wait_s
        self._max_age = max_message_age_s
        self._tracks: dict[int, _Track] = {}
        # Jobs whose thread is gone or that have no progress message: their updates are ignored.
        self._dead: set[int] = set()
        self._ready = asyncio.Event()
        if transport is not None:
            self._ready.set()

    # -- wiring ---------------------------------------------------------------------------------
    def bind(
        self,
        transport: ProgressTransport,
        *,
        metrics: Metrics | None = None,
        locate: Locator | None = None,
        on_moved: MovedHook | None = None,
    ) -> None:
        """Called by the Discord client once it can send; updates published before wait."""
        self._transport = transport
        self._metrics = metrics or self._metrics
        self._locate = locate or self._locate
        self._on_moved = on_moved or self._on_moved
        self._ready.set()

    def track(
        self,
        job_id: int,
        location: Location,
        *,
        attachment_limit: int | None = None,
    ) -> None:
        """The bot posted the job's progress message: edits go there from now on."""
        track = self._track(job_id)
        track.location = location
        track.posted_at = self._clock.time()
        # Posting counts as the message's first write: the next edit waits a full interval.
        track.last_edit_at = self._clock.monotonic()
        track.attachment_limit = attachment_limit
        track.located.set()

    @property
    def active_jobs(self) -> int:
        return sum(1 for t in self._tracks.values() if t.task is not None and not t.task.done())

    # -- the port -------------------------------------------------------------------------------
    async def publish(self, update: ProgressUpdate) -> None:
        if update.job_id in self._dead:
            return
        track = self._track(update.job_id)
        if track.final_seen and not _partial_result(update, track):
            return  # nothing after the final state (late or duplicate updates)
        if track.location is None and update.message_id and (update.thread_id or update.channel_id):
            # The job knows its message (posted before a restart): carry on editing it.
            track.location = Location(
                int(update.thread_id or update.channel_id or 0),
                int(update.message_id),
                int(update.channel_id) if update.thread_id and update.channel_id else None,
            )
            track.posted_at = snowflake_seconds(track.location.message_id)
            track.located.set()
        if track.pending is not None:
            self._metrics.inc("progress_updates_coalesced")
            update = _carry_over(track.pending, update)
        track.pending = update
        track.final_seen = update.state.terminal
        track.wake.set()
        if track.task is None:
            track.task = asyncio.create_task(self._run(track), name=f"progress-{update.job_id}")

    async def aclose(self, timeout_s: float = 5.0) -> None:
        """Give final states a moment to go out, then stop every delivery task (a job still
        running has nothing final to say; after a restart it re-attaches to its message)."""
        live = [t for t in self._tracks.values() if t.task is not None and not t.task.done()]
        finishing = [t.task for t in live if t.final_seen and t.task is not None]
        still = {t.task for t in live if not t.final_seen and t.task is not None}
        if finishing:
            _, late = await asyncio.wait(finishing, timeout=timeout_s)
            still |= late
        for task in still:
            task.cancel()
        for task in still:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # -- delivery -------------------------------------------------------------------------------
    def _track(self, job_id: int) -> _Track:
        track = self._tracks.get(job_id)
        if track is None:
            track = self._tracks[job_id] = _Track(job_id)
        return track

    async def _run(self, track: _Track) -> None:
        try:
            await self._ready.wait()
            if not await self._find(track):
                log.info("progress_unlocated", job_id=track.job_id)
                self._dead.add(track.job_id)
                return
            while True:
                await track.wake.wait()
                track.wake.clear()
                await self._throttle(track)
                update, track.pending = track.pending, None
                if update is None:
                    continue
                delivered = await self._deliver(track, update)
                if update.state.terminal:
                    if delivered and (
                        update.state is JobState.SUCCEEDED or _has_partial_result(update)
                    ):
                        await self._post_results(track, update)
                    return
        except Unreachable as exc:
            log.warning("progress_unreachable", job_id=track.job_id, reason=str(exc))
            self._dead.add(track.job_id)
        finally:
            if track.final_seen or track.job_id in self._dead:
                self._tracks.pop(track.job_id, None)
            else:
                track.task = None

    async def _find(self, track: _Track) -> bool:
        if track.location is not None:
            return True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(track.located.wait(), timeout=self._locate_wait_s)
        if track.location is None and self._locate is not None:
            track.location = await self._locate(track.job_id)
            if track.location is not None:
                track.posted_at = snowflake_seconds(track.location.message_id)
        return track.location is not None

    async def _throttle(self, track: _Track) -> None:
        if track.last_edit_at is None:
            return
        wait = track.last_edit_at + self._interval - self._clock.monotonic()
        if wait > 0:
            await self._clock.sleep(wait)

    async def _deliver(self, track: _Track, update: ProgressUpdate) -> bool:
        """Show `update`; True once it is on screen. Non-final updates get one try (a newer one
        is coming); the final state is retried until it lands or the thread is unreachable."""
        attempts = FINAL_ATTEMPTS if update.state.terminal else 2
        for attempt in range(attempts):
            newer = track.pending
            if newer is not None and not update.state.terminal:
                return False  # superseded while we waited: the loop sends the newer one
            try:
                await self._show(track, update)
            except RateLimited as exc:
                self._metrics.inc(PROGRESS_EDITS, outcome="rate_limited")
                await self._clock.sleep(exc.retry_after)
                continue
            except TransientFailure:
                self._metrics.inc(PROGRESS_EDITS, outcome="transient")
                await self._clock.sleep(BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)])
                continue
            self._metrics.inc(PROGRESS_EDITS, outcome="ok")
            return True
        log.warning("progress_update_not_delivered", job_id=track.job_id, state=update.state.value)
        return False

    async def _show(self, track: _Track, update: ProgressUpdate) -> None:
        assert self._transport is not None and track.location is not None
        keep_preview = track.has_preview and not update.preview_png and not update.state.terminal
        message = progress_message(update, keep_preview=keep_preview)
        replace = bool(message.files) or (track.has_preview and update.state.terminal)
        location = track.location
        age = self._clock.time() - track.posted_at if track.posted_at is not None else 0.0
        too_old = age > self._max_age
        try:
            if too_old:
                raise MessageTooOld
            try:
                await self._transport.edit(
                    location.channel_id,
                    location.message_id,
                    message,
                    attachments="replace" if replace else "keep",
                )
            finally:
                # Timed from when the edit is done, not sent: Discord then sees edits at least
                # an interval apart even when this one was slow to leave or to arrive.
                track.last_edit_at = self._clock.monotonic()
        except (MessageGone, MessageTooOld) as exc:
            reason = "deleted" if isinstance(exc, MessageGone) else "too_old"
            if keep_preview:
                message = progress_message(update)  # a fresh message has no preview to keep
            message_id = await self._transport.post(location.channel_id, message)
            track.location = Location(location.channel_id, message_id, location.parent_id)
            track.posted_at = self._clock.time()
            track.last_edit_at = self._clock.monotonic()
            log.info("progress_message_reposted", job_id=track.job_id, reason=reason)
            if self._on_moved is not None:
                await self._on_moved(track.job_id, track.location)
        if message.files:
            track.has_preview = True
        elif replace:
            track.has_preview = False

    async def _post_results(self, track: _Track, update: ProgressUpdate) -> None:
        assert self._transport is not None and track.location is not None
        limit = track.attachment_limit or DEFAULT_ATTACHMENT_LIMIT
        reply = fit_reply(Reply(result_messages(update)), attachment_limit=limit)
        for message in reply.messages:
            for attempt in range(FINAL_ATTEMPTS):
                try:
                    await self._transport.post(track.location.channel_id, message)
                    break
                except RateLimited as exc:
                    await self._clock.sleep(exc.retry_after)
                except TransientFailure:
                    await self._clock.sleep(BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)])
            else:
                log.warning("job_result_not_posted", job_id=track.job_id)
                return
        self._metrics.inc("job_results_posted", kind=update.kind)


def _carry_over(older: ProgressUpdate, newer: ProgressUpdate) -> ProgressUpdate:
    """What a newer update replacing an unsent one must keep: its note, something the user must
    see ("the worker stopped; retrying"), and its preview image, when the newer one (a new place
    in line, the next step) has none. A final state starts clean."""
    if newer.state.terminal:
        return newer
    return replace(
        newer,
        note=newer.note if newer.note is not None else older.note,
        preview_png=newer.preview_png if newer.preview_png is not None else older.preview_png,
    )


def _has_partial_result(update: ProgressUpdate) -> bool:
    """A job cancelled mid-way whose runner kept what it finished (e.g. the scenes written)."""
    return update.state is JobState.CANCELLED and bool(update.result)


def _partial_result(update: ProgressUpdate, track: _Track) -> bool:
    # The cancel is published at once; the runner's partial result follows when it stops. It
    # replaces the cancel that is still waiting to go out, or arrives after it on a new track.
    pending = track.pending
    return _has_partial_result(update) and pending is not None and not pending.result
