"""Read access to stored shows, for tools that build on a show's narrative DNA (transformation).

Implemented in the composition root over the retrieval store and the DNA extractor, so
tools/transform never imports tools/narrative or tools/retrieval.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from core.result import StepResult

__all__ = ["ShowBrief", "ShowLibrary"]


@dataclass(frozen=True, slots=True)
class ShowBrief:
    work_id: str
    title: str
    # The narrative DNA as plain data (the versioned schema's JSON form).
    dna: Mapping[str, Any]
    # A few lines a prompt can carry: logline, genres, tone, themes, archetypes, beats.
    summary: str
    # Content hash of the DNA: part of every cache key built on it.
    dna_hash: str
    year: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


class ShowLibrary(Protocol):
    async def find(self, tenant: str, title: str) -> StepResult[ShowBrief]:
        """The show's DNA in this server (or the shared catalog). NOT_FOUND offers close titles
        in the message and in `details["suggestions"]`."""
        ...

    async def neighbours(self, tenant: str, work_id: str, k: int) -> StepResult[list[ShowBrief]]:
        """The k most similar shows, excluding the show itself."""
        ...
