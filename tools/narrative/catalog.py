"""Bulk catalog imports (`studio catalog import`) and the starter catalog loaded on first run.

A catalog is JSONL, one work per line: {"id", "title", "year", "network", "country", "genres",
"synopsis"} (id optional: derived from the title), and optionally curated facts (format, subgenres,
setting_place, setting_era, language, tone, audience, animation, logline, themes, protagonist, how
the story is told: story_engine, premise, setting_kind, lead, pace, and how it feels to watch:
intensity, humour, romance, realism, stakes, moral_centre, viewer_draw, complexity, episode_length;
who made it: creators, source_author; and how fans describe it: fan, a list of short phrases; see
tools.narrative.facts). Lines are read in batches: each batch is parsed, its DNAs extracted
(cached by content, so a resumed or repeated import does not redo them), its facets embedded in
one call and written in one upsert. A line that cannot be imported is reported with its line
number and skipped. The checkpoint records each imported line's number and content hash after its
batch is stored, so an interrupted import resumes where it stopped; a work is written as one
point, so an interruption never leaves half a work.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.cache import PersistentCache
from core.logging import get_logger
from core.result import StepResult
from tools.narrative.facts import FACT_FIELDS, PROSE_FIELDS, ShowFacts
from tools.narrative.indexing import IndexItem, WorkIndexer
from tools.narrative.schema import Medium, NarrativeDNA
from tools.narrative.text import validate_synopsis
from tools.narrative.work import DnaExtractor, WorkText, slugify

__all__ = [
    "BadLine",
    "CatalogImporter",
    "CatalogRecord",
    "Checkpoint",
    "ImportProgress",
    "ImportReport",
    "parse_line",
]

log = get_logger(__name__)


_Fact = str | list[str] | None


class CatalogRecord(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)

    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_.-]{0,119}$")
    title: str = Field(min_length=1, max_length=200)
    year: int | None = Field(default=None, ge=1800, le=2100)
    network: str | None = Field(default=None, max_length=120)
    country: str | None = Field(default=None, max_length=60)
    genres: list[str] = Field(default_factory=list, max_length=12)
    synopsis: str
    medium: Medium = "tv_series"
    source: str | None = Field(default=None, max_length=300)
    licence: str | None = Field(default=None, max_length=120)
    # Curated facts (the starter catalog has them; a user's catalog may leave them out).
    format: _Fact = None
    subgenres: _Fact = None
    setting_place: _Fact = None
    setting_era: _Fact = None
    language: _Fact = None
    tone: _Fact = None
    audience: _Fact = None
    animation: _Fact | bool = None
    themes: _Fact = None
    # How the story is told (tools.narrative.facts.STORY_FIELDS; the starter catalog keeps them
    # in a side file, tools.narrative.catalog_files).
    story_engine: _Fact = None
    premise: _Fact = None
    setting_kind: _Fact = None
    lead: _Fact = None
    pace: _Fact = None
    # How it feels to watch (tools.narrative.facts.VIEWING_FIELDS; the starter catalog's side
    # file catalog_viewing.jsonl): levels 0 (none) to 3 (most), and labels.
    intensity: int | None = Field(default=None, ge=0, le=3)
    humour: int | None = Field(default=None, ge=0, le=3)
    romance: int | None = Field(default=None, ge=0, le=3)
    realism: _Fact = None
    stakes: _Fact = None
    moral_centre: _Fact = None
    viewer_draw: _Fact = None
    complexity: int | None = Field(default=None, ge=0, le=2)
    episode_length: _Fact = None
    # Who made it (tools.narrative.facts.PEOPLE_FIELDS; the starter catalog's side file
    # catalog_people.jsonl): the credited creators, the author of what it adapts.
    creators: _Fact = None
    source_author: str | None = Field(default=None, max_length=200)
    # How fans describe it (tools.narrative.facts.FAN_FIELDS; the starter catalog's side file
    # catalog_fan.jsonl, its "descriptors"): short phrases ("slow-burn", "antihero").
    fan: list[str] | None = Field(default=None, max_length=12)
    logline: str | None = Field(default=None, max_length=600)
    protagonist: str | None = Field(default=None, max_length=300)

    def facts(self) -> ShowFacts:
        return ShowFacts.from_mapping(self.model_dump(include={*FACT_FIELDS, *PROSE_FIELDS}))

    def work(self, default_source: str) -> WorkText:
        return WorkText(
            id=self.id or slugify(self.title),
            title=self.title,
            synopsis=self.synopsis,
            year=self.year,
            medium=self.medium,
            genres=tuple(self.genres),
            source=self.source or default_source,
            licence=self.licence,
            # As written (not normalised): the DNA shows them to members.
            facts=self.model_dump(include={*FACT_FIELDS, *PROSE_FIELDS}, exclude_none=True),
        )


@dataclass(frozen=True, slots=True)
class BadLine:
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class ImportProgress:
    done: int  # lines handled so far (imported, already done, or bad)
    total: int
    imported: int
    bad: int


@dataclass(slots=True)
class ImportReport:
    total: int = 0
    imported: int = 0
    already_done: int = 0
    bad: list[BadLine] = field(default_factory=list)


def read_lines(path: Path) -> list[tuple[int, str]]:
    """Non-blank lines with their 1-based numbers (blank lines keep the numbering honest)."""
    text = path.read_text(encoding="utf-8")
    return [(n, raw) for n, raw in enumerate(text.splitlines(), start=1) if raw.strip()]


def line_hash(raw: str) -> str:
    return hashlib.blake2b(raw.strip().encode(), digest_size=8).hexdigest()


def parse_line(raw: str, *, max_chars: int) -> CatalogRecord | str:
    """The record on a line, or what is wrong with it (in words)."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return f"not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(data, dict):
        return "expected a JSON object with title and synopsis"
    try:
        record = CatalogRecord.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "line"
        return f"{where}: {first['msg']}"
    checked = validate_synopsis(record.synopsis, max_chars=max_chars)
    if checked.error is not None:
        return checked.error.message
    return record


class Checkpoint:
    """Which lines of one file were stored for one tenant: {line number: content hash}."""

    def __init__(self, path: Path, *, file: Path, tenant: str) -> None:
        self.path = path
        self._file = str(file.resolve())
        self._tenant = tenant
        self.done: dict[int, str] = {}
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("file") == self._file and data.get("tenant") == tenant:
                self.done = {int(k): str(v) for k, v in data.get("done", {}).items()}

    def is_done(self, line: int, raw: str) -> bool:
        # Same number AND same content: an edited line is imported again.
        return self.done.get(line) == line_hash(raw)

    def mark(self, lines: dict[int, str]) -> None:
        self.done.update({n: line_hash(raw) for n, raw in lines.items()})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps(
                {
                    "file": self._file,
                    "tenant": self._tenant,
                    "done": {str(k): v for k, v in sorted(self.done.items())},
                }
            ),
            encoding="utf-8",
        )
        tmp.replace(self.path)


ProgressFn = Callable[[ImportProgress], None]


class CatalogImporter:
    def __init__(
        self,
        extractor: DnaExtractor,
        indexer: WorkIndexer,
        *,
        batch_size: int = 32,
        max_chars: int = 60000,
        dna_cache: PersistentCache | None = None,
    ) -> None:
        self._extractor = extractor
        self._indexer = indexer
        self._batch = batch_size
        self._max_chars = max_chars
        self._cache = dna_cache

    @property
    def version(self) -> str:
        return self._extractor.version

    async def import_file(
        self,
        path: Path,
        tenant: str,
        *,
        checkpoint: Checkpoint | None = None,
        progress: ProgressFn | None = None,
        source: str = "catalog import",
    ) -> StepResult[ImportReport]:
        lines = await asyncio.to_thread(read_lines, path)
        return await self.import_lines(
            lines, tenant, checkpoint=checkpoint, progress=progress, source=source
        )

    async def import_lines(
        self,
        lines: Sequence[tuple[int, str]],
        tenant: str,
        *,
        checkpoint: Checkpoint | None = None,
        progress: ProgressFn | None = None,
        source: str = "catalog import",
    ) -> StepResult[ImportReport]:
        report = ImportReport(total=len(lines))
        todo = []
        for number, raw in lines:
            if checkpoint is not None and checkpoint.is_done(number, raw):
                report.already_done += 1
            else:
                todo.append((number, raw))
        handled = report.already_done
        for start in range(0, len(todo), self._batch):
            batch = todo[start : start + self._batch]
            stored = await self._import_batch(batch, tenant, report, source)
            if stored.error is not None:
                first = batch[0][0]
                log.warning(
                    "catalog_import_stopped", tenant=tenant, line=first, code=str(stored.error.code)
                )
                return StepResult.failure(
                    stored.error.code,
                    f"Import stopped at line {first}: {stored.error.message} Lines before it "
                    "are saved; run the same command again to resume.",
                    details={"report": report},
                )
            if checkpoint is not None:
                checkpoint.mark(stored.unwrap())
            handled += len(batch)
            if progress is not None:
                progress(ImportProgress(handled, report.total, report.imported, len(report.bad)))
        log.info(
            "catalog_import_done",
            tenant=tenant,
            total=report.total,
            imported=report.imported,
            already_done=report.already_done,
            bad=len(report.bad),
        )
        return StepResult.success(report)

    async def _import_batch(
        self, batch: Sequence[tuple[int, str]], tenant: str, report: ImportReport, source: str
    ) -> StepResult[dict[int, str]]:
        parsed: list[tuple[int, str, CatalogRecord, WorkText]] = []
        for number, raw in batch:
            record = parse_line(raw, max_chars=self._max_chars)
            if isinstance(record, str):
                report.bad.append(BadLine(number, record))
            else:
                parsed.append((number, raw, record, record.work(source)))
        dnas = await self._extract([w for _, _, _, w in parsed])
        items: list[IndexItem] = []
        stored_lines: dict[int, str] = {}
        for (number, raw, record, work), dna in zip(parsed, dnas, strict=True):
            if dna.error is not None:
                report.bad.append(BadLine(number, dna.error.message))
                continue
            items.append(
                IndexItem(
                    tenant,
                    dna.unwrap(),
                    work.synopsis,
                    genres=tuple(record.genres),
                    facts=record.facts(),
                )
            )
            stored_lines[number] = raw
        written = await self._indexer.index(items)
        if written.error is not None:
            return written.cast_error()
        report.imported += len(items)
        return StepResult.success(stored_lines)

    async def _extract(self, works: Sequence[WorkText]) -> list[StepResult[NarrativeDNA]]:
        results: list[StepResult[NarrativeDNA] | None] = [None] * len(works)
        keys = [self._key(w) for w in works]
        if self._cache is not None:
            for i, key in enumerate(keys):
                blob = self._cache.get(key)
                if blob is not None:
                    results[i] = StepResult.success(NarrativeDNA.model_validate_json(blob))
        missing = [i for i, r in enumerate(results) if r is None]
        fresh = await self._extractor.extract_many([works[i] for i in missing])
        for i, result in zip(missing, fresh, strict=True):
            results[i] = result
            # An offline reading standing in for Claude (busy, down) is never kept as final.
            if self._cache is not None and result.error is None and not _provisional(result):
                self._cache.set(keys[i], result.unwrap().model_dump_json().encode())
        return [r for r in results if r is not None]

    def _key(self, work: WorkText) -> str:
        material = json.dumps(
            [
                self._extractor.version,
                work.id,
                work.title,
                work.year,
                work.medium,
                list(work.genres),
                work.source,
                work.licence,
                work.synopsis,
                dict(work.facts),
            ],
            sort_keys=True,
        )
        return hashlib.blake2b(material.encode(), digest_size=16).hexdigest()


def _provisional(result: StepResult[NarrativeDNA]) -> bool:
    return result.unwrap().extraction.provisional
