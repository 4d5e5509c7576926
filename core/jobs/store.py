"""The job store: SQLite (aiosqlite, WAL), the source of truth for every job a user submitted.

A job is committed here before the user is told it is queued, and every state change is
committed before it is published, so a crash or restart loses nothing: on start the service
re-reads the queued and running jobs. `synchronous=FULL` makes each commit durable against power
loss too, not only against the process dying; commits are few (submit, start, finish, and
throttled progress), so the fsync is cheap in practice.

The per-member and per-server caps on active jobs are checked in the insert's own transaction
(`CapReached`); `JobCaps` says which caps apply to one submit and words the refusal.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from core.config import JobSettings
from core.jobs.eta import ShapeStats
from core.jobs.model import Job, JobKind, JobTicket, Priority
from core.migrations import Step, migrate_async
from core.ports.progress import JobState
from core.result import ErrorCode, StepResult

__all__ = ["CapReached", "JobCaps", "JobStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    tenant TEXT NOT NULL,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    priority INTEGER NOT NULL,
    channel_id TEXT,
    thread_id TEXT,
    message_id TEXT,
    request_id TEXT,
    progress REAL NOT NULL DEFAULT 0,
    stage TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL,
    result TEXT NOT NULL DEFAULT '{}',
    error_code TEXT,
    error_message TEXT,
    parent_id INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_request ON jobs (tenant, request_id)
    WHERE request_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_active ON jobs (status) WHERE status IN ('queued', 'running');
CREATE INDEX IF NOT EXISTS jobs_user ON jobs (tenant, user_id, id);
CREATE TABLE IF NOT EXISTS eta_stats (
    shape_key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    work_per_step REAL NOT NULL,
    step_s REAL NOT NULL,
    fixed_s REAL NOT NULL,
    samples INTEGER NOT NULL
);
"""
# Schema versions, oldest first (core.migrations): append a step, never edit a released one.
STEPS = (Step("jobs and ETA history (the schema before versions)", _SCHEMA),)
_COLUMNS = (
    "id, kind, params, tenant, user_id, status, priority, channel_id, thread_id, message_id, "
    "request_id, progress, stage, attempts, created_at, started_at, finished_at, result, "
    "error_code, error_message, parent_id"
)
_ACTIVE = (JobState.QUEUED.value, JobState.RUNNING.value)


class CapReached(Exception):
    """The insert was refused: the member (`scope` "member") or the server ("server") already
    has `count` active jobs, at or over its cap."""

    def __init__(self, scope: str, count: int, cap: int) -> None:
        super().__init__(f"{scope} has {count} active jobs (cap {cap})")
        self.scope, self.count, self.cap = scope, count, cap


@dataclass(frozen=True, slots=True)
class JobCaps:
    """Active jobs allowed per member and per server for one submit, and whose rule the member
    cap is (the server's `/admin limits jobs_per_user`, or the bot-wide setting)."""

    member: int
    server: int
    member_cap_is_the_servers: bool

    @classmethod
    def of(cls, settings: JobSettings, server_member_cap: int | None) -> JobCaps:
        """The bot-wide caps, with the member cap lowered to the server's own when smaller."""
        bot_wide = settings.max_queued_per_user
        lowered = server_member_cap is not None and server_member_cap < bot_wide
        return cls(
            member=server_member_cap if lowered and server_member_cap else bot_wide,
            server=settings.max_queued_per_guild,
            member_cap_is_the_servers=lowered,
        )

    def refusal(self, reached: CapReached) -> StepResult[JobTicket]:
        if reached.scope == "member" and self.member_cap_is_the_servers:
            message = (
                f"This server allows {self.member} queued or running job(s) per member and you "
                "have that many. Wait for one to finish or cancel one with /job cancel."
            )
        elif reached.scope == "member":
            message = (
                f"You already have {reached.count} jobs queued or running (the most one person "
                "may have). Wait for one to finish, or cancel one with /job cancel."
            )
        else:
            message = (
                f"This server already has {reached.count} jobs queued or running (its limit). "
                "Try again when some have finished."
            )
        return StepResult.failure(ErrorCode.RATE_LIMITED, message, retryable=True)


class JobStore:
    def __init__(self, db: aiosqlite.Connection, path: Path | str) -> None:
        self._db = db
        self.path = path

    @classmethod
    async def open(cls, path: Path | str) -> JobStore:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(str(path))
        db.row_factory = sqlite3.Row
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=FULL")
        await db.execute("PRAGMA busy_timeout=5000")
        try:
            await migrate_async(db, STEPS, store="jobs")
        except BaseException:
            await db.close()
            raise
        return cls(db, path)

    async def close(self) -> None:
        await self._db.close()

    # -- jobs ------------------------------------------------------------------------------
    async def insert(
        self, job: Job, *, member_cap: int | None = None, server_cap: int | None = None
    ) -> tuple[Job, bool]:
        """Commit a new job. Returns (job with its id, True), or (the existing job, False) when
        this tenant already has a job for the same request id. With caps, the count and the
        insert are one statement (atomic however many submits race, in one process or several):
        raises CapReached when the member or the server already has that many active jobs."""
        row = _to_row(job)
        del row["id"]
        names = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        row.update(cap_member=member_cap if member_cap is not None else -1)
        row.update(cap_server=server_cap if server_cap is not None else -1)
        row.update(active_a=_ACTIVE[0], active_b=_ACTIVE[1])
        sql = (
            f"INSERT INTO jobs ({names}) SELECT {marks} WHERE "
            "(:cap_member < 0 OR (SELECT COUNT(*) FROM jobs WHERE tenant = :tenant "
            "AND user_id = :user_id AND status IN (:active_a, :active_b)) < :cap_member) AND "
            "(:cap_server < 0 OR (SELECT COUNT(*) FROM jobs WHERE tenant = :tenant "
            "AND status IN (:active_a, :active_b)) < :cap_server)"
        )
        try:
            cursor = await self._db.execute(sql, row)
            await self._db.commit()
        except sqlite3.IntegrityError:
            if job.request_id is None:
                raise
            existing = await self.by_request(job.tenant, job.request_id)
            if existing is None:
                raise
            return existing, False
        except sqlite3.OperationalError:
            # A full disk fails the insert or its commit and may leave the transaction open;
            # close it so the next write starts clean (nothing of this job was stored).
            if self._db.in_transaction:
                await self._db.rollback()
            raise
        if cursor.rowcount == 0:
            if job.request_id is not None:  # the same request, already queued: not a new job
                existing = await self.by_request(job.tenant, job.request_id)
                if existing is not None:
                    return existing, False
            raise await self._cap_reached(job, member_cap, server_cap)
        assert cursor.lastrowid is not None
        return job.evolve(id=cursor.lastrowid), True

    async def _cap_reached(
        self, job: Job, member_cap: int | None, server_cap: int | None
    ) -> CapReached:
        mine = await self.count_active(job.tenant, job.user_id)
        if member_cap is not None and mine >= member_cap:
            return CapReached("member", mine, member_cap)
        server = await self.count_active(job.tenant)
        return CapReached("server", server, server_cap if server_cap is not None else server)

    async def update(self, job: Job) -> None:
        row = _to_row(job)
        sets = ", ".join(f"{name} = :{name}" for name in row if name != "id")
        await self._db.execute(f"UPDATE jobs SET {sets} WHERE id = :id", row)
        await self._db.commit()

    async def get(self, job_id: int, *, tenant: str | None = None) -> Job | None:
        if tenant is None:
            return await self._one(f"SELECT {_COLUMNS} FROM jobs WHERE id = ?", (job_id,))
        return await self._one(
            f"SELECT {_COLUMNS} FROM jobs WHERE id = ? AND tenant = ?", (job_id, tenant)
        )

    async def by_request(self, tenant: str, request_id: str) -> Job | None:
        return await self._one(
            f"SELECT {_COLUMNS} FROM jobs WHERE tenant = ? AND request_id = ?",
            (tenant, request_id),
        )

    async def latest(self, tenant: str, user_id: str) -> Job | None:
        return await self._one(
            f"SELECT {_COLUMNS} FROM jobs WHERE tenant = ? AND user_id = ? ORDER BY id DESC "
            "LIMIT 1",
            (tenant, user_id),
        )

    async def active(self) -> list[Job]:
        """Queued and running jobs of every tenant, oldest first."""
        return await self._many(
            f"SELECT {_COLUMNS} FROM jobs WHERE status IN (?, ?) ORDER BY id", _ACTIVE
        )

    async def recent(self, tenant: str | None = None, *, limit: int = 50) -> list[Job]:
        if tenant is None:
            return await self._many(
                f"SELECT {_COLUMNS} FROM jobs ORDER BY id DESC LIMIT ?", (limit,)
            )
        return await self._many(
            f"SELECT {_COLUMNS} FROM jobs WHERE tenant = ? ORDER BY id DESC LIMIT ?",
            (tenant, limit),
        )

    async def count_active(self, tenant: str, user_id: str | None = None) -> int:
        sql = "SELECT COUNT(*) FROM jobs WHERE tenant = ? AND status IN (?, ?)"
        args: tuple[str, ...] = (tenant, *_ACTIVE)
        if user_id is not None:
            sql += " AND user_id = ?"
            args = (*args, user_id)
        async with self._db.execute(sql, args) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def integrity_ok(self) -> bool:
        async with self._db.execute("PRAGMA integrity_check") as cursor:
            row = await cursor.fetchone()
        return row is not None and row[0] == "ok"

    # -- ETA history -----------------------------------------------------------------------
    async def eta_stats(self) -> list[ShapeStats]:
        async with self._db.execute(
            "SELECT shape_key, model, work_per_step, step_s, fixed_s, samples FROM eta_stats"
        ) as cursor:
            rows = await cursor.fetchall()
        return [ShapeStats(*tuple(row)) for row in rows]

    async def save_eta(self, stats: ShapeStats) -> None:
        await self._db.execute(
            "INSERT INTO eta_stats (shape_key, model, work_per_step, step_s, fixed_s, samples) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (shape_key) DO UPDATE SET "
            "step_s = excluded.step_s, fixed_s = excluded.fixed_s, samples = excluded.samples",
            (
                stats.shape_key,
                stats.model,
                stats.work_per_step,
                stats.step_s,
                stats.fixed_s,
                stats.samples,
            ),
        )
        await self._db.commit()

    # -- helpers ---------------------------------------------------------------------------
    async def _one(self, sql: str, args: tuple[Any, ...]) -> Job | None:
        async with self._db.execute(sql, args) as cursor:
            row = await cursor.fetchone()
        return _from_row(row) if row is not None else None

    async def _many(self, sql: str, args: tuple[Any, ...]) -> list[Job]:
        async with self._db.execute(sql, args) as cursor:
            rows = await cursor.fetchall()
        return [_from_row(row) for row in rows]


def _to_row(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind.value,
        "params": json.dumps(job.params, sort_keys=True),
        "tenant": job.tenant,
        "user_id": job.user_id,
        "status": job.status.value,
        "priority": int(job.priority),
        "channel_id": job.channel_id,
        "thread_id": job.thread_id,
        "message_id": job.message_id,
        "request_id": job.request_id,
        "progress": job.progress,
        "stage": job.stage,
        "attempts": job.attempts,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "result": json.dumps(job.result, sort_keys=True),
        "error_code": job.error_code,
        "error_message": job.error_message,
        "parent_id": job.parent_id,
    }


def _from_row(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"],
        kind=JobKind(row["kind"]),
        params=json.loads(row["params"]),
        tenant=row["tenant"],
        user_id=row["user_id"],
        status=JobState(row["status"]),
        priority=Priority(row["priority"]),
        channel_id=row["channel_id"],
        thread_id=row["thread_id"],
        message_id=row["message_id"],
        request_id=row["request_id"],
        progress=row["progress"],
        stage=row["stage"],
        attempts=row["attempts"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        result=json.loads(row["result"]),
        error_code=row["error_code"],
        error_message=row["error_message"],
        parent_id=row["parent_id"],
    )
