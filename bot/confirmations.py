"""Readings waiting for Run / Edit / Cancel (a message the analyzer was not sure about).

Held in memory for 15 minutes, keyed by a short random key that the buttons carry. After a
restart the buttons answer that the question expired: confirming is cheap to ask again, and the
reading is not worth persisting.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from core.cache import MemoryCache
from core.clock import Clock
from core.intent.schema import IntentResult

__all__ = ["Confirmations", "PendingConfirmation"]

TTL_S = 15 * 60
MAX_PENDING = 4096


@dataclass(frozen=True, slots=True)
class PendingConfirmation:
    reading: IntentResult
    text: str | None
    user_id: str


class Confirmations:
    def __init__(self, *, clock: Clock) -> None:
        self._pending: MemoryCache[str, PendingConfirmation] = MemoryCache(
            "discord_confirmations", max_entries=MAX_PENDING, ttl_s=TTL_S, clock=clock
        )

    def add(self, reading: IntentResult, *, text: str | None, user_id: str) -> str:
        key = secrets.token_hex(6)
        self._pending.set(key, PendingConfirmation(reading, text, user_id))
        return key

    def get(self, key: str) -> PendingConfirmation | None:
        return self._pending.get(key)

    def pop(self, key: str) -> PendingConfirmation | None:
        found = self._pending.get(key)
        if found is not None:
            self._pending.delete(key)
        return found
