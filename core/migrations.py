"""Versioned schema migrations for the bot's SQLite stores: `PRAGMA user_version` and ordered steps.

Each store lists its steps, oldest first; step N brings a database from version N-1 to N. Opening
a store applies the steps past the file's version, each in its own transaction together with the
new version number, so a crash mid-upgrade leaves the previous version intact and the next start
finishes the job. Step 1 of every store is the schema it had before versions existed, written
with IF NOT EXISTS, so a database from then (version 0, tables present) is adopted as it is.

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
    sql: str  # a script; runs inside the step's transaction


class NewerSchema(RuntimeError):
    """The database was written by a newer version of the bot."""


def _script(steps: Sequence[Step], current: int, store: str) -> list[tuple[int, str]]:
    latest = len(steps)
    if current > latest:
        raise NewerSchema(
            f"The {store} database has schema version {current}, newer than this bot knows "
            f"({latest}): it was written by a newer Studio. Run that version again, or restore "
            "a backup of the file from before the upgrade."
        )
    return [
        (version, f"BEGIN IMMEDIATE;\n{step.sql}\n;PRAGMA user_version = {version};\nCOMMIT;")
        for version, step in enumerate(steps, start=1)
        if version > current
    ]


def migrate(db: sqlite3.Connection, steps: Sequence[Step], *, store: str) -> int:
    """Bring `db` to the last step's version (sqlite3, autocommit connection); returns it."""
    (current,) = db.execute("PRAGMA user_version").fetchone()
    for version, script in _script(steps, int(current), store):
        try:
            db.executescript(script)
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        current = version
    return int(current)


async def migrate_async(db: aiosqlite.Connection, steps: Sequence[Step], *, store: str) -> int:
    """`migrate` for an aiosqlite connection."""
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    current = int(row[0]) if row else 0
    for version, script in _script(steps, current, store):
        try:
            await db.executescript(script)
        except BaseException:
            if db.in_transaction:
                await db.rollback()
            raise
        current = version
    return current
