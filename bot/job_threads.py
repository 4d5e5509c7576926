"""A job accepted from Discord gets a thread and one progress message in it.

The reply ("queued #3, ETA 40 s") is sent first; a thread is created from it (or the current
thread is used when the command ran in one); one progress message is posted there and its place
is handed to the progress sink and stored with the job, so edits continue after a restart.
"""

from __future__ import annotations

import discord

from bot.progress import DiscordProgressSink, Location, ProgressTransport
from bot.render.limits import fit_reply
from bot.render.model import Reply
from bot.render.progress import progress_message, queued_text, thread_name
from bot.respond import Replier
from bot.thread_store import ThreadStore
from core.config import Settings
from core.jobs.model import JobTicket
from core.logging import get_logger
from core.ports.jobs import JobService
from core.ports.progress import JobState, ProgressUpdate

__all__ = ["JobThreads"]

log = get_logger(__name__)


def _summary(ticket: JobTicket) -> str:
    params = ticket.job.params
    if params.get("setting") and params.get("title"):
        return f"{params['title']} → {params['setting']}"
    return str(params.get("prompt") or params.get("title") or "")


class JobThreads:
    def __init__(
        self,
        *,
        client: discord.Client,
        settings: Settings,
        jobs: JobService,
        sink: DiscordProgressSink,
        transport: ProgressTransport,
        threads: ThreadStore,
    ) -> None:
        self._client = client
        self._settings = settings
        self._jobs = jobs
        self._sink = sink
        self._transport = transport
        self._threads = threads

    async def open(self, replier: Replier, ticket: JobTicket) -> None:
        job = ticket.job
        sent = await replier.send(
            fit_reply(Reply.text(queued_text(ticket)), attachment_limit=replier.attachment_limit)
        )
        if job.message_id:
            # The same request again (the job service returned the existing job): it already has
            # its thread and progress message.
            log.info("job_already_has_message", job_id=job.id)
            return
        where = await self._thread_for(replier, sent[0] if sent else None, ticket)
        if where is None:
            log.warning("job_thread_unavailable", job_id=job.id)
            return
        thread_id, parent_id = where
        first = ProgressUpdate(
            job_id=job.id,
            kind=str(job.kind),
            state=JobState.QUEUED,
            stage="queued",
            queue_position=ticket.position or None,
            eta_s=ticket.eta_s,
            summary=_summary(ticket),
        )
        message_id = await self._transport.post(thread_id, progress_message(first))
        self._sink.track(
            job.id,
            Location(thread_id, message_id, parent_id),
            attachment_limit=replier.attachment_limit,
        )
        await self._jobs.attach_message(
            job.id,
            channel_id=str(parent_id) if parent_id else None,
            thread_id=str(thread_id),
            message_id=str(message_id),
        )

    async def _thread_for(
        self, replier: Replier, anchor: discord.Message | None, ticket: JobTicket
    ) -> tuple[int, int | None] | None:
        channel_id = replier.channel_id
        if channel_id is None:
            return None
        channel = self._client.get_channel(channel_id)
        if isinstance(channel, discord.Thread):
            return channel.id, channel.parent_id
        if anchor is None or anchor.guild is None:
            return channel_id, None
        try:
            thread = await anchor.create_thread(
                name=thread_name(ticket),
                auto_archive_duration=self._settings.discord.studio_thread_auto_archive_min,
            )
        except discord.HTTPException as exc:
            # No permission to create threads here: progress goes in the channel itself.
            log.warning("job_thread_not_created", status=exc.status, code=exc.code)
            return channel_id, None
        self._threads.add(
            thread.id, guild_id=anchor.guild.id, parent_id=channel_id, job_id=ticket.job.id
        )
        return thread.id, channel_id

    async def locate(self, job_id: int) -> Location | None:
        """Where a job's progress message is, from the job service (after a restart)."""
        ticket = await self._jobs.ticket(job_id)
        if ticket is None:
            return None
        job = ticket.job
        if not job.message_id or not (job.thread_id or job.channel_id):
            return None
        channel = int(job.thread_id or job.channel_id or 0)
        parent = int(job.channel_id) if job.channel_id and job.thread_id else None
        return Location(channel, int(job.message_id), parent)

    async def moved(self, job_id: int, location: Location) -> None:
        await self._jobs.attach_message(
            job_id,
            channel_id=str(location.parent_id) if location.parent_id else None,
            thread_id=str(location.channel_id),
            message_id=str(location.message_id),
        )
