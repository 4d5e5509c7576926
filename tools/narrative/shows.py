"""`core.ports.shows.ShowLibrary` over the store: what script writing reads about a show (its
DNA as plain data, a prompt-sized summary and a content hash) and its nearest neighbours."""

from __future__ import annotations

import hashlib
import json

from core.ports.shows import ShowBrief
from core.ports.vectors import StoredWork
from core.result import StepResult
from tools.narrative.library import stored_dna
from tools.narrative.schema import NarrativeDNA
from tools.narrative.similar import SimilarFinder

__all__ = ["StoreShowLibrary", "brief_of", "dna_hash", "dna_summary"]


def dna_hash(dna: NarrativeDNA) -> str:
    """Changes when the DNA's content changes (not when it was merely re-extracted)."""
    data = dna.model_dump(mode="json")
    data["extraction"].pop("created_at", None)
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()


def dna_summary(dna: NarrativeDNA) -> str:
    beats = ", ".join(f"{b.id.replace('_', ' ')} ({b.position:.2f})" for b in dna.structure.beats)
    people = "; ".join(
        f"{c.name or 'unnamed'}: {c.role.replace('_', ' ')}, {c.archetype}, {c.arc} arc"
        for c in dna.characters
    )
    return "\n".join(
        [
            f"Logline: {dna.logline}",
            f"Genres: {', '.join(dna.genres)}",
            f"Tone: {', '.join(dna.tone.labels)} (valence {dna.tone.valence:+.2f}, "
            f"intensity {dna.tone.intensity:.2f})",
            f"Themes: {', '.join(t.id.replace('_', ' ') for t in dna.themes)}",
            f"Characters: {people or 'none named'}",
            f"Structure ({dna.structure.framework.replace('_', ' ')}): {beats}",
            f"Setting: {dna.setting.place} ({dna.setting.era}, {dna.setting.world_type})",
            f"Conflict: {dna.central_conflict.type.replace('_', ' ')}; outcome: {dna.outcome.type}",
            f"Tropes: {', '.join(dna.tropes) or 'none'}",
        ]
    )


def brief_of(work: StoredWork) -> ShowBrief:
    dna = stored_dna(work)
    return ShowBrief(
        work_id=work.work_id,
        title=dna.work.title,
        dna=dna.model_dump(mode="json"),
        summary=dna_summary(dna),
        dna_hash=dna_hash(dna),
        year=dna.work.year,
        extra={"tenant": work.tenant},
    )


class StoreShowLibrary:
    def __init__(self, finder: SimilarFinder) -> None:
        self._finder = finder

    async def find(self, tenant: str, title: str) -> StepResult[ShowBrief]:
        found = await self._finder.library.find(tenant, title)
        if found.error is not None:
            return found.cast_error()
        return StepResult.success(brief_of(found.unwrap()))

    async def neighbours(self, tenant: str, work_id: str, k: int) -> StepResult[list[ShowBrief]]:
        library = self._finder.library
        found = await library.get(tenant, work_id, with_vectors=True)
        if found.error is not None:
            return found.cast_error()
        similar = await self._finder.like_work(tenant, found.unwrap(), k=k)
        if similar.error is not None:
            return similar.cast_error()
        briefs: list[ShowBrief] = []
        for show in similar.unwrap():
            stored = await library.store.get([show.tenant], show.id)
            if stored.error is not None:
                return stored.cast_error()
            work = stored.unwrap()
            if work is not None:
                briefs.append(brief_of(work))
        return StepResult.success(briefs)
