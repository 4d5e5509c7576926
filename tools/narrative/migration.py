"""Servers keep their shows across a new vector layout: their works are carried over from the
collection an older version of the bot used into the new one, in the background from start.

A new layout (or schema, or embedding model) is a new collection, and the old vectors cannot be
reused; what a point's payload keeps can: the DNA, the synopsis, the catalog's genres and facts,
and who added the show. Each server's show is rebuilt from that payload and indexed again through
the same code as `/show add` (`WorkIndexer`), so it gets every named vector this layout has. A DNA
this version cannot read is read again from the synopsis by the offline extractor; a show with
neither is reported by title, never dropped in silence.

Safe to stop at any point: the earlier collection is only read, the alias keeps naming it until
every page has been carried over (`VectorStore.settle`), and a work the new collection already
holds (carried before a crash, or added again since) is kept as it is, so a restart resumes
where it stopped and a second run writes nothing. The shared starter catalog is not carried: it
is loaded into the new collection from its own files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from core.carry_over import CarryOverPhase, ServerCarryOver
from core.logging import get_logger
from core.ports.vectors import StoredWork, VectorStore, WorkPoint
from core.result import StepResult
from tools.narrative.facts import ShowFacts
from tools.narrative.indexing import IndexItem, WorkIndexer
from tools.narrative.schema import SCHEMA_VERSION, NarrativeDNA
from tools.narrative.work import DnaExtractor, WorkText

__all__ = ["CARRIED_KEYS", "Migration", "Unreadable", "migrate_shows"]

log = get_logger(__name__)

# Payload fields a point carries besides what indexing writes, kept as they were (who added a
# show: only they may replace it).
CARRIED_KEYS: tuple[str, ...] = ("added_by",)
# Works read, rebuilt and written at a time: small, so a page's embedding (about a second on two
# cores) never keeps members' searches waiting long for the shared embedder.
PAGE = 8


@dataclass(frozen=True, slots=True)
class Unreadable:
    tenant: str
    title: str
    reason: str


@dataclass
class Migration:
    """What one start carried over, filled in as it goes: the start log says it when it ends, and
    `/admin stats` reads each server's part of it meanwhile (`for_server`)."""

    source: str | None = None
    target: str = ""
    carried: Counter[str] = field(default_factory=Counter)  # tenant -> shows indexed again
    reread: int = 0  # of those, DNAs read again from the synopsis (the old one was unreadable)
    # tenant -> shows already in the new collection (an earlier, interrupted run; added again)
    kept_by_server: Counter[str] = field(default_factory=Counter)
    unreadable: list[Unreadable] = field(default_factory=list)
    settled: bool = False  # every page done and the alias moved to the new collection
    error: str | None = None  # why it stopped part way (it resumes at the next start)

    @property
    def kept(self) -> int:
        return sum(self.kept_by_server.values())

    def for_server(self, tenant: str) -> ServerCarryOver | None:
        """One server's part, for its admins (core.carry_over.CarryOverProgress)."""
        if self.source is None and self.error is None:
            return None  # no earlier collection, or not looked for yet
        phase = (
            CarryOverPhase.DONE
            if self.settled
            else CarryOverPhase.STOPPED
            if self.error is not None
            else CarryOverPhase.RUNNING
        )
        carried = self.carried[tenant] + self.kept_by_server[tenant]
        not_carried = tuple(u.title for u in self.unreadable if u.tenant == tenant)
        if phase is CarryOverPhase.DONE and not carried and not not_carried:
            return None  # this server had no shows before: nothing to tell its admins
        return ServerCarryOver(phase, carried, not_carried, self.error)

    def summary(self) -> str:
        if self.source is None:
            return "no earlier vector collection to carry shows over from"
        lines = [
            f"carried {sum(self.carried.values())} server shows from {self.source} to "
            f"{self.target} ({self.kept} already there, {self.reread} read again from the "
            "synopsis)"
        ]
        lines += [f"  server {t}: {n} shows" for t, n in sorted(self.carried.items())]
        lines += [
            f"  server {u.tenant}: {u.title!r} not carried over: {u.reason}"
            for u in self.unreadable
        ]
        if self.error:
            lines.append(f"  stopped part way, resumes at the next start: {self.error}")
        return "\n".join(lines)


async def migrate_shows(
    store: VectorStore,
    indexer: WorkIndexer,
    extractor: DnaExtractor,
    *,
    shared_tenant: str,
    page: int = PAGE,
    report: Migration | None = None,
) -> Migration:
    """Carry every server's shows over from the store's earlier collection, if it has one, into
    `report` (a new one when not given: give one to read its progress while it runs)."""
    found = await store.earlier()
    report = report if report is not None else Migration()
    report.source, report.target = found.value, store.spec.name
    if found.error is not None or report.source is None:
        report.error = None if found.error is None else found.error.message
        return report
    offset: str | None = None
    while True:
        read = await store.earlier_works((shared_tenant,), offset=offset, limit=page)
        if read.error is not None:
            return _stopped(report, read.error.message)
        works, offset = read.unwrap()
        written = await _carry(store, indexer, extractor, works, report)
        if written.error is not None:
            return _stopped(report, written.error.message)
        if offset is None:
            break
    settled = await store.settle()
    if settled.error is not None:
        return _stopped(report, settled.error.message)
    report.settled = True
    log.info(
        "shows_carried_over",
        source=report.source,
        target=report.target,
        per_server=dict(report.carried),
        kept=report.kept,
        reread=report.reread,
        unreadable=[f"{u.tenant}: {u.title}" for u in report.unreadable],
    )
    return report


def _stopped(report: Migration, why: str) -> Migration:
    report.error = why
    log.warning(
        "shows_carry_over_stopped",
        source=report.source,
        per_server=dict(report.carried),
        error=why,
    )
    return report


async def _carry(
    store: VectorStore,
    indexer: WorkIndexer,
    extractor: DnaExtractor,
    works: Sequence[StoredWork],
    report: Migration,
) -> StepResult[int]:
    fresh: list[StoredWork] = []
    for work in works:
        there = await store.get((work.tenant,), work.work_id)
        if there.error is not None:
            return there.cast_error()
        if there.value is not None:
            report.kept_by_server[work.tenant] += 1
        else:
            fresh.append(work)
    items: list[IndexItem] = []
    carried: list[StoredWork] = []
    for work in fresh:
        item = await _rebuild(work, extractor, report)
        if item is not None:
            items.append(item)
            carried.append(work)
    if not items:
        return StepResult.success(0)
    points = await indexer.points(items)
    kept_fields = [
        {k: work.payload[k] for k in CARRIED_KEYS if k in work.payload} for work in carried
    ]
    written = await store.upsert(
        [
            _with_fields(point, extra) if extra else point
            for point, extra in zip(points, kept_fields, strict=True)
        ]
    )
    if written.error is None:
        report.carried.update(work.tenant for work in carried)
    return written


def _with_fields(point: WorkPoint, extra: Mapping[str, Any]) -> WorkPoint:
    return replace(point, payload={**point.payload, **extra})


async def _rebuild(
    work: StoredWork, extractor: DnaExtractor, report: Migration
) -> IndexItem | None:
    """The show as indexing takes it, from its stored payload; None (and reported) when the
    payload holds neither a DNA this version reads nor the synopsis to read one from."""
    payload = work.payload
    title = str(payload.get("title") or work.work_id)
    synopsis = payload.get("synopsis")
    synopsis = synopsis.strip() if isinstance(synopsis, str) else ""
    dna = _stored_dna(payload)
    if dna is None and synopsis:
        extracted = await extractor.extract(
            WorkText(
                id=work.work_id,
                title=title,
                synopsis=synopsis,
                year=payload.get("year") if isinstance(payload.get("year"), int) else None,
                source=str(payload.get("source") or "added by a member"),
            )
        )
        if extracted.error is None:
            dna = extracted.unwrap()
            report.reread += 1
    if dna is None or not synopsis:
        why = (
            "no synopsis was kept with it, so it cannot be indexed again: add it again"
            if not synopsis
            else "its stored DNA is unreadable and the offline extractor refused the synopsis"
        )
        report.unreadable.append(Unreadable(work.tenant, title, why))
        log.warning("show_not_carried_over", tenant=work.tenant, title=title, reason=why)
        return None
    if dna.work.id != work.work_id:  # the point id comes from the DNA: keep the stored one
        dna = dna.model_copy(update={"work": dna.work.model_copy(update={"id": work.work_id})})
    genres = [str(g) for g in payload.get("catalog_genres") or []]
    own = genres == [str(g) for g in payload.get("genres") or []]
    facts = payload.get("facts")
    return IndexItem(
        work.tenant,
        dna,
        synopsis,
        genres=() if own else tuple(genres),
        facts=ShowFacts.from_mapping(facts) if isinstance(facts, Mapping) else ShowFacts(),
    )


def _stored_dna(payload: Mapping[str, Any]) -> NarrativeDNA | None:
    stored = payload.get("dna")
    if not isinstance(stored, Mapping) or stored.get("schema_version") != SCHEMA_VERSION:
        return None
    try:
        return NarrativeDNA.model_validate(stored)
    except ValidationError:
        return None
