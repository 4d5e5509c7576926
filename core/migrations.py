"""Versioned schema migrations for the bot's SQLite stores: `PRAGMA user_version` and ordered steps.

Each store lists its steps, oldest first; step N brings a database from version N-1 to N. Opening
a store applies the steps past the file's version, each in its own transaction together with the
new version number, so a crash mid-upgrade leaves the previous version intact and the next start
finishes the job. Each step takes the write lock first and reads the version again under it, so
two processes opening the same file at once (the bot and a `studio` command) apply it once.
Step 1 of every store is the schema it had before versions existed, written with IF NOT EXISTS,
so a database from then (version 0, tables present) is adopted as it is.

A file from a newer bot (a version past the last step) is refused with a message saying so: an
older bot writing to a newer schema could corrupt what the newer one expects.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

__all__ = ["NewerSchema", "Step", "migrate", "migrate_async"]


@dataclass(frozen=True, slots=True)
class Step:
    why: str  # what changes, for the log and for whoever reads the list
    sql: str  # one or more statements; they run inside the step's transaction

    def statements(self) -> list[str]:
        """The script split into statements (a trigger's body stays whole)."""
        found, start = [], 0
        for end, char in enumerate(self.sql):
            if char == ";" and sqlite3.complete_statement(self.sql[start : end + 1]):
                found.append(self.sql[start : end + 1].strip())
                start = end + 1
        rest = self.sql[start:].strip()
        return [*found, rest] if rest else found


class NewerSchema(RuntimeError):
    """The database was written by a newer version of the bot."""


def _check(current: int, steps: Sequence[Step], store: str) -> None:
    if current > len(steps):
        raise NewerSchema(
            f"The {store} database has schema version {current}, newer than this bot knows "
            f"({len(steps)}): it was written by a newer Studio. Run that version again, or "
            "restore a backup of the file from before the upgrade."
        )


def migrate(db: sqlite3.Connection, steps: Sequence[Step], *, store: str) -> int:
    """Bring `db` to the last step's version (sqlite3, autocommit connection); returns it."""
    (current,) = db.execute("PRAGMA user_version").fetchone()
    _check(int(current), steps, store)
    for version, step in enumerate(steps, start=1):
        if version <= current:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            (current,) = db.execute("PRAGMA user_version").fetchone()
            if current < version:  # not applied by another process meanwhile
                for statement in step.statements():
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version}")
                current = version
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    return int(current)


async def migrate_async(db: aiosqlite.Connection, steps: Sequence[Step], *, store: str) -> int:
    """`migrate` for an aiosqlite connection."""

    async def version_now() -> int:
        async with db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    current = await version_now()
    _check(current, steps, store)
    for version, step in enumerate(steps, start=1):
        if version <= current:
            continue
        if db.in_transaction:
            await db.commit()
        await db.execute("BEGIN IMMEDIATE")
        try:
            current = await version_now()
            if current < version:
                for statement in step.statements():
                    await db.execute(statement)
                await db.execute(f"PRAGMA user_version = {version}")
                current = version
            await db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                await db.rollback()
            raise
    return current
