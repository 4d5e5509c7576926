"""Finding a stored show by title or id, for a server: its own shows first, then the shared
catalog, never another server's. An unknown title is NOT_FOUND with the closest titles offered.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from core.ports.vectors import StoredWork, VectorStore, title_key
from core.result import ErrorCode, StepResult
from tools.narrative.schema import NarrativeDNA

__all__ = ["Library", "stored_dna"]

MAX_SUGGESTIONS = 3


def stored_dna(work: StoredWork) -> NarrativeDNA:
    """The DNA kept in a point's payload (written by `work_payload`)."""
    return NarrativeDNA.model_validate(work.payload["dna"])


class Library:
    def __init__(self, store: VectorStore, *, global_tenant: str) -> None:
        self._store = store
        self._global = global_tenant

    @property
    def store(self) -> VectorStore:
        return self._store

    def scope(self, tenant: str) -> tuple[str, ...]:
        """What a server may read: its own shows, then the shared catalog."""
        return tuple(dict.fromkeys((tenant, self._global)))

    async def find(
        self, tenant: str, title: str, *, with_vectors: bool = False
    ) -> StepResult[StoredWork]:
        found = await self._store.find_title(self.scope(tenant), title, with_vectors=with_vectors)
        if found.error is not None:
            return found.cast_error()
        works = found.unwrap()
        if works:
            return StepResult.success(works[0])
        return await self._not_found(tenant, title)

    async def get(
        self, tenant: str, work_id: str, *, with_vectors: bool = False
    ) -> StepResult[StoredWork]:
        found = await self._store.get(self.scope(tenant), work_id, with_vectors=with_vectors)
        if found.error is not None:
            return found.cast_error()
        work = found.unwrap()
        if work is None:
            return StepResult.failure(
                ErrorCode.NOT_FOUND,
                f"No show with id {work_id!r} here. Add it with /show add, or search by title.",
            )
        return StepResult.success(work)

    async def _not_found(self, tenant: str, title: str) -> StepResult[StoredWork]:
        titles = await self._store.titles(self.scope(tenant))
        if titles.error is not None:
            return titles.cast_error()
        suggestions = close_titles(title, titles.unwrap())
        hint = (
            f" Did you mean {', '.join(repr(s) for s in suggestions)}?"
            if suggestions
            else " Add it with /show add (a title and a synopsis)."
        )
        return StepResult.failure(
            ErrorCode.NOT_FOUND,
            f"I don't know a show called {title!r} yet.{hint}",
            details={"suggestions": suggestions},
        )


def close_titles(title: str, titles: list[str]) -> list[str]:
    """The closest known titles (difflib on case-folded titles; a title that contains the query,
    like "The Office (US)" for "office", counts too)."""
    by_key: dict[str, str] = {}
    for known in titles:
        by_key.setdefault(title_key(known), known)
    key = title_key(title)
    close = difflib.get_close_matches(key, list(by_key), n=MAX_SUGGESTIONS, cutoff=0.6)
    containing = [k for k in by_key if key and key in k and k not in close]
    return [by_key[k] for k in [*close, *containing][:MAX_SUGGESTIONS]]


def payload_lists(payload: Mapping[str, Any]) -> dict[str, list[str]]:
    """The label lists a "why" compares, from a stored payload."""
    return {
        key: [str(v) for v in payload.get(key) or []]
        for key in ("themes", "archetypes", "beat_functions", "tropes", "genres")
    }
