"""Side files of extra facts beside the starter catalog (tools.narrative.catalog_files): merged
into the work of the same id wherever the catalog is read (the shipped points, a first start
without them, the benchmarks), and a side file written wrong is refused with what to change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.tools.narrative.conftest import Shelf
from tests.unit.tools.narrative.test_catalog import catalog_lines, importer, write
from tools.narrative.catalog_files import CatalogFileError, is_side_file, read_catalog
from tools.narrative.facts import ShowFacts, facts_text
from tools.narrative.starter import ensure_starter


def story_line(work_id: str, **facts: object) -> str:
    return json.dumps({"id": work_id, **facts})


def test_a_side_file_adds_its_facts_to_the_show_of_that_id(tmp_path: Path) -> None:
    lines = catalog_lines(2)
    first, second = (json.loads(line)["id"] for line in lines)
    works = write(tmp_path / "catalog_part1.jsonl", lines)
    story = write(
        tmp_path / "catalog_story.jsonl",
        [story_line(first, premise=["con artists", "found family"], pace="fast")],
    )
    assert is_side_file(story) and not is_side_file(works)
    records = {r.id: r for r in read_catalog([works, story])}
    assert records[first].facts().get("premise") == ("con artists", "found family")
    assert records[first].facts().get("pace") == ("fast",)
    assert records[second].facts().get("premise") == ()


@pytest.mark.parametrize(
    ("side", "says"),
    [
        ({"id": "x", "premise": ["heist"], "plot": "..."}, "plot not a fact field"),
        ({"premise": ["heist"]}, 'expected {"id"'),
        ({"id": "no-such-show", "premise": ["heist"]}, "not in the catalog: no-such-show"),
    ],
)
def test_a_side_file_written_wrong_is_refused_with_what_to_change(
    tmp_path: Path, side: dict[str, object], says: str
) -> None:
    works = write(tmp_path / "catalog_part1.jsonl", catalog_lines(1))
    story = write(tmp_path / "catalog_story.jsonl", [json.dumps(side)])
    if "id" not in side:  # without an id it is not a side file: read as works, refused there
        with pytest.raises(CatalogFileError, match="title"):
            read_catalog([works, story])
        return
    with pytest.raises(CatalogFileError, match=says):
        read_catalog([works, story])


def test_a_fact_on_the_catalog_line_and_in_a_side_file_is_refused(tmp_path: Path) -> None:
    line = {**json.loads(catalog_lines(1)[0]), "tone": ["dark"]}
    works = write(tmp_path / "catalog_part1.jsonl", [json.dumps(line)])
    story = write(tmp_path / "catalog_story.jsonl", [story_line(line["id"], tone=["warm"])])
    with pytest.raises(CatalogFileError, match=r"catalog_part1.jsonl line 1: .*tone is both"):
        read_catalog([works, story])


async def test_a_first_start_without_shipped_points_stores_the_side_facts(
    edge_shelf: Shelf, tmp_path: Path
) -> None:
    lines = catalog_lines(2)
    first = json.loads(lines[0])["id"]
    folder = tmp_path / "starter"
    folder.mkdir()
    write(folder / "catalog_part1.jsonl", lines)
    write(folder / "catalog_story.jsonl", [story_line(first, premise=["heist crew"])])
    files = sorted(folder.glob("catalog_*.jsonl"))
    loaded = await ensure_starter(
        importer(edge_shelf), edge_shelf.store, files, tenant="starter", marker=tmp_path / "m"
    )
    assert loaded.unwrap() == 2  # the side file's line is no show of its own
    work = (await edge_shelf.store.get(["starter"], first)).unwrap()
    assert work is not None and work.payload["facts"]["premise"] == ["heist crew"]
    assert "premise:heist crew" in work.payload["tags"]  # it counts in the ranking


def test_the_premise_is_written_into_the_facts_text() -> None:
    facts = ShowFacts.from_mapping(
        {"logline": "A teacher cooks meth.", "premise": ["double life"], "lead": ["lone antihero"]}
    )
    text = facts_text("Show", [], facts, "")
    assert "Premise: double life." in text
    assert "antihero" not in text  # the lead is a tag, not text: it did not help there
