"""What an extractor is given (a work and its synopsis) and the extractor port itself."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from core.result import StepResult
from tools.narrative.schema import NarrativeDNA, WorkRef

__all__ = ["DnaExtractor", "WorkText", "slugify"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """A work id from a title: "The Wire" -> "the-wire"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_title.lower()).strip("-")[:100]
    return slug or "work"


@dataclass(frozen=True, slots=True)
class WorkText:
    id: str
    title: str
    synopsis: str
    year: int | None = None
    medium: str = "tv_series"
    genres: tuple[str, ...] = ()  # free-text genre hints from a catalog
    source: str | None = None
    licence: str | None = None
    # Curated facts from a catalog (setting_place, setting_era, tone, themes, protagonist...; see
    # tools.narrative.facts): the offline extractor takes them over its own reading of the text.
    facts: Mapping[str, Any] = field(default_factory=dict)

    def ref(self) -> WorkRef:
        return WorkRef.model_validate(
            {
                "id": self.id,
                "title": self.title,
                "medium": self.medium,
                "year": self.year,
                "source": self.source,
                "licence": self.licence,
            }
        )


class DnaExtractor(Protocol):
    @property
    def method(self) -> str:
        """Which kind of extractor: "heuristic" or "llm"."""
        ...

    @property
    def version(self) -> str:
        """Changes whenever the same text could give a different DNA (part of cache keys)."""
        ...

    async def extract(self, work: WorkText) -> StepResult[NarrativeDNA]: ...

    async def extract_many(self, works: Sequence[WorkText]) -> list[StepResult[NarrativeDNA]]:
        """The same for many works at once (the offline extractor embeds them in one batch)."""
        ...
