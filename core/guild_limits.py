"""Per-server caps that a server's admins set with `/admin limits`, enforced by the orchestrator.

Caps only ever tighten the global settings: a server can allow fewer jobs, smaller images, drafts
only, block words in prompts, or keep generation to NSFW-marked channels. The worker receives the
size/step/frame caps inside the job's params (`caps`) and clamps its preset to them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any, Literal

import aiosqlite
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.clock import Clock, SystemClock
from core.intent.schema import Intent
from core.logging import redact_text
from core.migrations import Step, migrate_async
from core.result import ErrorCode, StepResult

__all__ = ["LIMIT_KEYS", "GuildLimits", "GuildLimitsStore", "check_request", "parse_update"]

Quality = Literal["draft", "final"]
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


class GuildLimits(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    jobs_per_user: int | None = Field(default=None, ge=1, le=100)
    commands_per_minute: int | None = Field(default=None, ge=1, le=1000)
    max_count: int | None = Field(default=None, ge=1, le=4)
    max_video_seconds: int | None = Field(default=None, ge=1, le=10)
    max_steps: int | None = Field(default=None, ge=1, le=200)
    max_side: int | None = Field(default=None, ge=64, le=4096)
    allowed_qualities: tuple[Quality, ...] = ("draft", "final")
    blocked_words: tuple[str, ...] = ()
    nsfw_channels_only: bool = False

    def caps(self) -> dict[str, int]:
        """The caps the worker applies to its preset (absent when the server set none)."""
        caps = {"max_steps": self.max_steps, "max_side": self.max_side}
        return {k: v for k, v in caps.items() if v is not None}


# What `/admin limits setting:<key> value:<v>` accepts, with the words shown to admins.
LIMIT_KEYS: dict[str, str] = {
    "jobs_per_user": "queued or running jobs one member may have (1-100)",
    "commands_per_minute": "commands one member may run per minute (1-1000)",
    "max_count": "images per /imagine (1-4)",
    "max_video_seconds": "longest /animate clip in seconds (1-10)",
    "max_steps": "denoising steps at most (1-200)",
    "max_side": "longest image side in pixels (64-4096)",
    "allowed_qualities": "qualities allowed: draft, or draft,final",
    "blocked_words": "words refused in prompts: a comma list; +word adds, -word removes",
    "nsfw_channels_only": "generate only in channels marked NSFW: true or false",
}
_UNSET = {"", "none", "default", "off", "unset"}


def parse_update(current: GuildLimits, key: str, raw: str) -> StepResult[GuildLimits]:
    """Apply one admin edit; INVALID_INPUT names the setting and what it takes."""
    key = key.strip().lower()
    if key not in LIMIT_KEYS:
        known = ", ".join(LIMIT_KEYS)
        return StepResult.failure(
            ErrorCode.INVALID_INPUT, f"unknown limit '{key}'. Limits you can set: {known}."
        )
    text = raw.strip()
    if redact_text(text) != text:
        # Stored limits are shown back to every admin of the server: a pasted token must not be.
        return StepResult.failure(
            ErrorCode.INVALID_INPUT,
            f"That value for {key} looks like a secret (a bot token or an API key), so it was not "
            "saved or shown. It has been posted in Discord now: reset it where it came from.",
        )
    value: Any
    if key == "blocked_words":
        value = _edit_words(current.blocked_words, text)
    elif key == "allowed_qualities":
        value = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    elif key == "nsfw_channels_only":
        lowered = text.lower()
        if lowered not in ("true", "false", "yes", "no", "on", "off"):
            return StepResult.failure(
                ErrorCode.INVALID_INPUT, "nsfw_channels_only takes true or false."
            )
        value = lowered in ("true", "yes", "on")
    elif text.lower() in _UNSET:
        value = None
    else:
        try:
            value = int(text)
        except ValueError:
            return StepResult.failure(
                ErrorCode.INVALID_INPUT, f"{key} takes a whole number: {LIMIT_KEYS[key]}."
            )
    try:
        updated = GuildLimits.model_validate({**current.model_dump(), key: value})
    except ValidationError:
        return StepResult.failure(ErrorCode.INVALID_INPUT, f"{key}: {LIMIT_KEYS[key]}.")
    if not updated.allowed_qualities:
        return StepResult.failure(
            ErrorCode.INVALID_INPUT, "allowed_qualities needs at least one of draft, final."
        )
    return StepResult.success(updated)


def _edit_words(current: tuple[str, ...], text: str) -> tuple[str, ...]:
    words = list(current)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if parts and all(p[0] in "+-" for p in parts):
        for part in parts:
            word = _normalise(part[1:])
            if part[0] == "+" and word and word not in words:
                words.append(word)
            elif part[0] == "-" and word in words:
                words.remove(word)
        return tuple(words)
    if text.lower() in _UNSET:
        return ()
    return tuple(dict.fromkeys(w for w in (_normalise(p) for p in parts) if w))


def _normalise(text: str) -> str:
    # NFKC folds look-alike letters (full-width, ligatures); zero-width characters are a common way
    # to slip a blocked word past a filter.
    return unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).casefold().strip()


_GENERATION = (Intent.GENERATE_IMAGE, Intent.GENERATE_VIDEO)


def check_request(
    limits: GuildLimits, intent: Intent, params: dict[str, Any], *, nsfw_channel: bool
) -> StepResult[dict[str, Any]]:
    """Refuse what the server does not allow; return the params with the worker caps added."""
    if intent not in _GENERATION:
        return StepResult.success(params)
    if limits.nsfw_channels_only and not nsfw_channel:
        return StepResult.failure(
            ErrorCode.FORBIDDEN,
            "This server allows image and video generation only in channels marked NSFW. "
            "Try again in one of those.",
        )
    quality = params.get("quality", "draft")
    if quality not in limits.allowed_qualities:
        allowed = " and ".join(limits.allowed_qualities)
        return StepResult.failure(
            ErrorCode.FORBIDDEN,
            f"This server allows only {allowed} quality. Choose quality: {allowed}.",
        )
    prompt_text = _normalise(" ".join(str(params.get(k) or "") for k in ("prompt", "style")))
    for word in limits.blocked_words:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", prompt_text):
            return StepResult.failure(
                ErrorCode.INVALID_INPUT,
                f"Your prompt uses a word this server blocks ('{word}'). Remove it and try again.",
            )
    count = params.get("count")
    if limits.max_count is not None and isinstance(count, int) and count > limits.max_count:
        return StepResult.failure(
            ErrorCode.INVALID_INPUT,
            f"This server allows at most {limits.max_count} image(s) per request; "
            f"set count to {limits.max_count} or less.",
        )
    seconds = params.get("seconds")
    cap_s = limits.max_video_seconds
    if cap_s is not None and isinstance(seconds, int) and seconds > cap_s:
        return StepResult.failure(
            ErrorCode.INVALID_INPUT,
            f"This server allows clips of at most {cap_s} seconds; set seconds to {cap_s} or less.",
        )
    caps = limits.caps()
    return StepResult.success({**params, "caps": caps} if caps else params)


# Schema versions, oldest first (core.migrations): append a step, never edit a released one.
STEPS = (
    Step(
        "one row of limits per server (the schema before versions)",
        "CREATE TABLE IF NOT EXISTS guild_limits (tenant TEXT PRIMARY KEY,"
        " limits TEXT NOT NULL, updated_at REAL NOT NULL, updated_by TEXT NOT NULL);",
    ),
)


class GuildLimitsStore:
    """One row per server in SQLite (WAL); reads are cached in memory, writes go through."""

    def __init__(self, path: Path, *, clock: Clock | None = None) -> None:
        self._path = path
        self._clock = clock or SystemClock()
        self._db: aiosqlite.Connection | None = None
        self._cache: dict[str, GuildLimits] = {}

    async def open(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._db = await aiosqlite.connect(self._path)
        await self._db.execute("PRAGMA journal_mode=WAL")
        try:
            await migrate_async(self._db, STEPS, store="server limits")
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    def _conn(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("GuildLimitsStore.open() was not awaited")
        return self._db

    async def get(self, tenant: str) -> GuildLimits:
        if tenant in self._cache:
            return self._cache[tenant]
        async with self._conn().execute(
            "SELECT limits FROM guild_limits WHERE tenant = ?", (tenant,)
        ) as cursor:
            row = await cursor.fetchone()
        limits = GuildLimits.model_validate(json.loads(row[0])) if row else GuildLimits()
        self._cache[tenant] = limits
        return limits

    async def put(self, tenant: str, limits: GuildLimits, *, by_user: str) -> None:
        db = self._conn()
        await db.execute(
            "INSERT INTO guild_limits (tenant, limits, updated_at, updated_by) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(tenant) DO UPDATE SET limits = excluded.limits,"
            " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            (tenant, limits.model_dump_json(), self._clock.time(), by_user),
        )
        await db.commit()
        self._cache[tenant] = limits

    async def update(
        self, tenant: str, key: str, raw: str, *, by_user: str
    ) -> StepResult[GuildLimits]:
        result = parse_update(await self.get(tenant), key, raw)
        if result.ok:
            await self.put(tenant, result.unwrap(), by_user=by_user)
        return result
