"""The starter catalog's files: the works (`catalog_part*.jsonl`, one show a line with its title,
see tools.narrative.catalog) and side files of extra facts (`catalog_story.jsonl`, how each story
is told, `catalog_viewing.jsonl`, how it feels to watch, `catalog_people.jsonl`, who made it,
and `catalog_fan.jsonl`, how fans describe it: {"id", <fact fields>} a line, no title), merged
into the work of that id at load. A side line may say "sure": false (its writer was not confident
of those facts): `unsure` decides whether such a line's facts are merged or left out.

Why side files: a set of facts written by another author, against its own vocabulary, stays one
file that can be checked, replaced or left out whole, while every reader of the catalog (the
shipped starter points, a first start without them, the benchmarks) sees one merged record per
show. The merged line is what the importer's checkpoint hashes, so a changed side fact re-imports
its show. The merge is the single source of truth: nothing writes merged lines back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tools.narrative.catalog import CatalogRecord, parse_line, read_lines
from tools.narrative.facts import FACT_FIELDS, FAN_FIELDS, PEOPLE_FIELDS, PROSE_FIELDS
from tools.narrative.work import slugify

__all__ = [
    "CatalogFileError",
    "is_side_file",
    "merge_side_facts",
    "merged_work_lines",
    "read_catalog",
    "read_side_facts",
]

_SIDE_FIELDS = frozenset({*FACT_FIELDS, *PROSE_FIELDS})
_SURE = "sure"  # a side line's own word on its facts, not a fact
# A side file's own name for a fact field: catalog_fan.jsonl keeps its writer's "descriptors".
_SIDE_NAMES = {"descriptors": "fan"}
# Written in a side file for people to read, not read into any record: catalog_fan.jsonl's
# "appeal" sentences did not help the ranking on fan-judgement dev, as their own vector or in
# the facts text (tools/retrieval/data/FAN_FACTS.md), so they are kept out of the payload.
_KEPT_UNREAD = frozenset({"appeal"})
# What fans call a show: short lower-case phrases ("slow-burn", "golden-age cable"), a few each.
_FAN_MAX, _FAN_MAX_WORDS = 12, 4
# Whether the facts of a side line marked "sure": false are merged (see catalog_people.jsonl).
KEEP_UNSURE = True

SideFacts = Mapping[str, Mapping[str, Any]]  # work id -> fact field -> value


class CatalogFileError(ValueError):
    """A catalog or side file that cannot be read as written; the message says where and what
    to change."""


def is_side_file(path: Path) -> bool:
    """A side file's lines name a show by id and carry no title (a work line always has one)."""
    for _, raw in read_lines(path):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            return False  # the importer reports it, as a work line
        return isinstance(data, dict) and "title" not in data and "id" in data
    return False


def read_side_facts(
    files: Iterable[Path], *, unsure: bool = KEEP_UNSURE
) -> dict[str, dict[str, Any]]:
    """Every side file's facts by work id (a line marked "sure": false only when `unsure`). A
    line that is not an object with an "id" and only fact fields, a person's name that is not
    text, or a fact given twice for one show, is an error naming the file, line and show."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(files):
        for number, raw in read_lines(path):
            where = f"{path.name} line {number}"
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise CatalogFileError(f"{where}: not valid JSON ({exc.msg})") from exc
            if not isinstance(data, dict) or not isinstance(data.get("id"), str):
                raise CatalogFileError(f'{where}: expected {{"id": "<show id>", <facts>}}')
            work_id = data.pop("id")
            sure = data.pop(_SURE, True)
            if not isinstance(sure, bool):
                raise CatalogFileError(f"{where}: {work_id}.sure must be true or false")
            data = {_SIDE_NAMES.get(k, k): v for k, v in data.items() if k not in _KEPT_UNREAD}
            unknown = sorted(set(data) - _SIDE_FIELDS)
            if unknown:
                raise CatalogFileError(
                    f"{where}: {', '.join(unknown)} not a fact field (known: "
                    f"{', '.join(sorted(_SIDE_FIELDS))}); a work's line has a title and a synopsis"
                )
            _check_people(where, work_id, data)
            _check_fan(where, work_id, data)
            data = {k: v for k, v in data.items() if v not in (None, "", [])}
            if not sure and not unsure:
                data = {}
            facts = out.setdefault(work_id, {})
            twice = sorted(set(facts) & set(data))
            if twice:
                raise CatalogFileError(f"{where}: {work_id}.{twice[0]} is given twice")
            facts.update(data)
    return out


def _check_people(where: str, work_id: str, data: Mapping[str, Any]) -> None:
    """People are names: creators a list of them, a source author one name or null."""
    for name in PEOPLE_FIELDS:
        value = data.get(name)
        if value is None:
            continue
        many = name == "creators"
        names = value if many and isinstance(value, list) else [value]
        if not all(isinstance(v, str) and v.strip() for v in names):
            wanted = (
                'a list of names (["Full Name", ...])' if many else 'one name ("Full Name") or null'
            )
            raise CatalogFileError(
                f"{where}: {work_id}.{name} must be {wanted}, got {json.dumps(value)[:80]}"
            )


def _check_fan(where: str, work_id: str, data: Mapping[str, Any]) -> None:
    """Fans' descriptors: a list of at most 12 lower-case phrases of 1-4 words each."""
    for name in FAN_FIELDS:
        value = data.get(name)
        if value is None:
            continue
        field = next((k for k, v in _SIDE_NAMES.items() if v == name), name)
        said = f"{where}: {work_id}.{field}"
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CatalogFileError(
                f'{said} must be a list of short phrases (["slow-burn", ...]), '
                f"got {json.dumps(value)[:80]}"
            )
        if len(value) > _FAN_MAX:
            raise CatalogFileError(f"{said} has {len(value)} phrases; keep at most {_FAN_MAX}")
        for phrase in value:
            words = len(phrase.split())
            if not 1 <= words <= _FAN_MAX_WORDS:
                raise CatalogFileError(
                    f"{said}: {json.dumps(phrase)} has {words} words; write 1 to "
                    f"{_FAN_MAX_WORDS} words per phrase"
                )
            if phrase != phrase.lower():
                raise CatalogFileError(
                    f"{said}: {json.dumps(phrase)} is not lower case; write "
                    f"{json.dumps(phrase.lower())}"
                )


def merge_side_facts(
    lines: Sequence[tuple[int, str]], side: SideFacts, *, source: str = "catalog"
) -> tuple[list[tuple[int, str]], set[str]]:
    """The work lines with each show's side facts added (a line that is not a JSON object is
    left as it is, for the importer to report), and the side ids no line matched. A fact both
    on the work line and in a side file is an error: which one counts would be a guess."""
    merged: list[tuple[int, str]] = []
    used: set[str] = set()
    for number, raw in lines:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            merged.append((number, raw))
            continue
        if not isinstance(data, dict):
            merged.append((number, raw))
            continue
        work_id = str(data.get("id") or slugify(str(data.get("title") or "")))
        if work_id in side:
            used.add(work_id)  # matched, even with no fact left (an unsure line left out)
        extra = side.get(work_id)
        if not extra:
            merged.append((number, raw))
            continue
        clash = sorted(k for k in extra if data.get(k) not in (None, "", []))
        if clash:
            raise CatalogFileError(
                f"{source} line {number}: {work_id}.{clash[0]} is both on the catalog line and "
                "in a side file; keep it in one place"
            )
        merged.append((number, json.dumps({**data, **extra}, ensure_ascii=False)))
    return merged, set(side) - used


def merged_work_lines(
    files: Iterable[Path], *, unsure: bool = KEEP_UNSURE
) -> tuple[list[tuple[Path, list[tuple[int, str]]]], set[str]]:
    """Each work file with its lines, side facts merged, in file order; and the side ids that no
    work line matched. Each file is read as a work or a side file once."""
    paths = sorted(files)
    side_files = {p for p in paths if is_side_file(p)}
    side = read_side_facts(side_files, unsure=unsure)
    out: list[tuple[Path, list[tuple[int, str]]]] = []
    unmatched = set(side)
    for path in (p for p in paths if p not in side_files):
        lines, missing = merge_side_facts(read_lines(path), side, source=path.name)
        unmatched &= missing
        out.append((path, lines))
    return out, unmatched


def read_catalog(
    files: Iterable[Path], *, max_chars: int = 60000, unsure: bool = KEEP_UNSURE
) -> list[CatalogRecord]:
    """Every work of the catalog files, side facts merged, in file order. Our own catalog has
    no bad line: any is an error naming the file and line, as is a side fact for no work."""
    files = list(files)
    merged, unmatched = merged_work_lines(files, unsure=unsure)
    out: list[CatalogRecord] = []
    for path, lines in merged:
        for number, raw in lines:
            record = parse_line(raw, max_chars=max_chars)
            if isinstance(record, str):
                raise CatalogFileError(f"{path.name} line {number}: {record}")
            out.append(record)
    if unmatched:
        raise CatalogFileError(
            "side facts for shows not in the catalog ("
            + "; ".join(_side_lines(files, unmatched)[:5])
            + "): fix the id to one a catalog line has, or remove the line"
        )
    return out


def _side_lines(files: Iterable[Path], ids: set[str]) -> list[str]:
    """Where side lines of these ids are ("catalog_fan.jsonl line 7: no-such-show")."""
    found = []
    for path in sorted(p for p in files if is_side_file(p)):
        for number, raw in read_lines(path):
            work_id = json.loads(raw).get("id")
            if work_id in ids:
                found.append(f"{path.name} line {number}: {work_id}")
    return found
