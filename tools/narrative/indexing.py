"""Turning DNAs into stored points: facet texts -> one embedding batch -> one point per work.

A work is written as ONE point holding every facet vector and its payload, so a failure never
leaves part of a work behind: a work is either fully searchable or absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.ports.embedder import Embedder
from core.ports.vectors import VectorStore, WorkPoint
from core.result import StepResult
from tools.narrative.facets import FACETS, embed_long, facet_texts
from tools.narrative.schema import NarrativeDNA
from tools.narrative.text import TokenCounter

__all__ = ["IndexItem", "WorkIndexer", "work_payload"]


@dataclass(frozen=True, slots=True)
class IndexItem:
    tenant: str
    dna: NarrativeDNA
    synopsis: str


def work_payload(dna: NarrativeDNA, synopsis: str) -> dict[str, Any]:
    """What a point carries besides its vectors: the DNA itself, the lists a "why" compares,
    and the synopsis (so a later extractor can re-read it)."""
    return {
        "title": dna.work.title,
        "year": dna.work.year,
        "medium": dna.work.medium,
        "source": dna.work.source,
        "genres": list(dna.genres),
        "themes": dna.theme_ids(),
        "archetypes": dna.archetypes(),
        "tropes": list(dna.tropes),
        "beat_functions": dna.beat_functions(),
        "framework": dna.structure.framework,
        "tone": list(dna.tone.labels),
        "logline": dna.logline,
        "schema_version": dna.schema_version,
        "extraction": dna.extraction.method,
        "dna": dna.model_dump(mode="json"),
        "synopsis": synopsis,
    }


class WorkIndexer:
    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore,
        *,
        count_tokens: TokenCounter | None = None,
    ) -> None:
        self._embedder = embedder
        self._store = store
        self._count = count_tokens

    async def vectors(self, dnas: Sequence[NarrativeDNA]) -> list[dict[str, list[float]]]:
        """The facet vectors of each DNA (one embedding batch for all of them)."""
        texts = [facet_texts(d) for d in dnas]
        flat = [t[f] for t in texts for f in FACETS]
        vectors = await embed_long(self._embedder, flat, count_tokens=self._count)
        n = len(FACETS)
        return [{f: vectors[i * n + j] for j, f in enumerate(FACETS)} for i in range(len(dnas))]

    async def points(self, items: Sequence[IndexItem]) -> list[WorkPoint]:
        vectors = await self.vectors([item.dna for item in items])
        return [
            WorkPoint(item.tenant, item.dna.work.id, named, work_payload(item.dna, item.synopsis))
            for item, named in zip(items, vectors, strict=True)
        ]

    async def index(self, items: Sequence[IndexItem]) -> StepResult[int]:
        if not items:
            return StepResult.success(0)
        return await self._store.upsert(await self.points(items))
