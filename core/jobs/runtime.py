"""What the service and its lanes share: the store, the progress sink, metrics, clock and ETA."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.clock import Clock
from core.config import JobSettings
from core.errors import new_error_id
from core.jobs.eta import EtaModel
from core.jobs.model import Job
from core.jobs.store import JobStore
from core.logging import get_logger
from core.metrics import Metrics
from core.ports.progress import JobState, ProgressSink, ProgressUpdate
from core.result import StepError
from core.usage import TenantUsage

__all__ = ["JobRuntime", "summary_of"]

log = get_logger(__name__)
_SUMMARY_CHARS = 200


def summary_of(job: Job) -> str:
    """What the job is about, in a few words: the prompt, or the show's title."""
    for key in ("prompt", "title", "text"):
        value = job.params.get(key)
        if isinstance(value, str) and value:
            return value if len(value) <= _SUMMARY_CHARS else value[: _SUMMARY_CHARS - 1] + "…"
    return job.kind.value


@dataclass
class JobRuntime:
    store: JobStore
    sink: ProgressSink
    metrics: Metrics
    clock: Clock
    eta: EtaModel
    settings: JobSettings
    # Each server's Claude spend: a job's own calls are counted for the job's server.
    usage: TenantUsage | None = None

    async def publish(
        self,
        job: Job,
        *,
        state: JobState | None = None,
        error: StepError | None = None,
        result: Any = None,
        **fields: Any,
    ) -> None:
        update = ProgressUpdate(
            job_id=job.id,
            kind=job.kind.value,
            state=state or job.status,
            stage=fields.pop("stage", job.stage),
            error=error,
            result=result,
            summary=summary_of(job),
            tenant=job.tenant,
            user_id=job.user_id,
            channel_id=job.channel_id,
            thread_id=job.thread_id,
            message_id=job.message_id,
            **fields,
        )
        try:
            await self.sink.publish(update)
        except Exception:  # a frontend bug must not stop a job: the boundary logs it with an id
            log.exception(
                "progress_publish_failed",
                job_id=job.id,
                error_id=new_error_id(),
                state=update.state,
            )
