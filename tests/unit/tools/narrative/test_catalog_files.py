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
from tools.narrative.facts import ShowFacts, facts_text, tag_similarity, tag_terms
from tools.narrative.starter import ensure_starter
from tools.narrative.why import shared_people, why_summary


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
        (
            {"id": "no-such-show", "premise": ["heist"]},
            r"not in the catalog \(catalog_story.jsonl line 1: no-such-show\)",
        ),
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


def test_who_made_a_show_is_merged_as_written_and_compared_by_person(tmp_path: Path) -> None:
    lines = catalog_lines(2)
    first, second = (json.loads(line)["id"] for line in lines)
    works = write(tmp_path / "catalog_part1.jsonl", lines)
    people = write(
        tmp_path / "catalog_people.jsonl",
        [
            story_line(first, creators=["J.J. Abrams"], source_author=None, sure=True),
            story_line(second, creators=["J. J. Abrams"], source_author="Stephen King", sure=True),
        ],
    )
    records = {r.id: r for r in read_catalog([works, people])}
    assert records[first].facts().get("creators") == ("J.J. Abrams",)  # as written, for people
    assert records[first].facts().get("source_author") == ()
    assert records[second].facts().get("source_author") == ("Stephen King",)
    weights = {"creators": 1.0, "genres": 1.0}
    mine, theirs = (tag_terms(["drama"], records[i].facts(), weights) for i in (first, second))
    # One person, however the initials are spelt: counted on top of the shared genre.
    assert mine == {"creators:j j abrams": 1.0, "genres:drama": 1.0}
    assert tag_similarity(mine, theirs) == 2.0


def test_a_line_its_writer_was_unsure_of_can_be_left_out(tmp_path: Path) -> None:
    lines = catalog_lines(2)
    first, second = (json.loads(line)["id"] for line in lines)
    works = write(tmp_path / "catalog_part1.jsonl", lines)
    people = write(
        tmp_path / "catalog_people.jsonl",
        [
            story_line(first, creators=["Ann Writer"], source_author=None, sure=True),
            story_line(second, creators=["Maybe Someone"], source_author=None, sure=False),
        ],
    )
    kept = {r.id: r.facts().get("creators") for r in read_catalog([works, people])}
    assert kept == {first: ("Ann Writer",), second: ("Maybe Someone",)}
    sure = {r.id: r.facts().get("creators") for r in read_catalog([works, people], unsure=False)}
    assert sure == {first: ("Ann Writer",), second: ()}  # no error: the show is still matched


@pytest.mark.parametrize(
    ("facts", "says"),
    [
        ({"creators": ["Vince Gilligan", 7]}, r"\.creators must be a list of names"),
        ({"creators": [""]}, r"\.creators must be a list of names"),
        ({"source_author": ["A. Author", "B. Author"]}, r"\.source_author must be one name"),
        ({"creators": ["Ann Writer"], "sure": "yes"}, r"\.sure must be true or false"),
    ],
)
def test_a_name_written_wrong_is_refused_naming_the_show_and_field(
    tmp_path: Path, facts: dict[str, object], says: str
) -> None:
    line = catalog_lines(1)[0]
    show = json.loads(line)["id"]
    works = write(tmp_path / "catalog_part1.jsonl", [line])
    people = write(tmp_path / "catalog_people.jsonl", [story_line(show, **facts)])
    with pytest.raises(CatalogFileError, match=rf"catalog_people.jsonl line 1: {show}{says}"):
        read_catalog([works, people])


def test_the_why_line_names_a_shared_creator_first() -> None:
    fields = ("creators", "source_author")
    shared = shared_people(
        {"creators": ["Vince Gilligan", "Peter Gould"], "source_author": "Stephen King"},
        {"creators": ["vince gilligan"], "source_author": "Stephen King"},
        fields,
    )
    assert shared == {"creators": ["Vince Gilligan"], "authors": ["Stephen King"]}
    line = why_summary({**shared, "format": ["serialized drama"]})
    assert line.startswith("same creator: Vince Gilligan; made from the work of: Stephen King")
    # A member's own show has no people facts: nothing about people, nothing broken.
    assert shared_people({}, {"creators": ["Vince Gilligan"]}, fields) == {}
    assert why_summary({"format": ["sitcom"]}) == "both: sitcom"


def test_fans_descriptors_are_merged_as_the_fan_fact_and_the_appeal_is_not_read(
    tmp_path: Path,
) -> None:
    lines = catalog_lines(2)
    first, second = (json.loads(line)["id"] for line in lines)
    works = write(tmp_path / "catalog_part1.jsonl", lines)
    fan = write(
        tmp_path / "catalog_fan.jsonl",
        [
            story_line(first, appeal="Fans love it.", descriptors=["slow-burn", "antihero"]),
            story_line(second, appeal="Maybe.", descriptors=["cold war"], sure=False),
        ],
    )
    records = {r.id: r for r in read_catalog([works, fan])}
    assert records[first].facts().get("fan") == ("slow-burn", "antihero")
    assert "appeal" not in records[first].model_dump(exclude_none=True)
    assert "fan:slow-burn" in tag_terms([], records[first].facts())  # it counts in the ranking
    # An unsure line is merged like the people file's (KEEP_UNSURE), or left out on request.
    assert records[second].facts().get("fan") == ("cold war",)
    sure = {r.id: r.facts().get("fan") for r in read_catalog([works, fan], unsure=False)}
    assert sure[second] == ()


@pytest.mark.parametrize(
    ("descriptors", "says"),
    [
        ("slow-burn", r"\.descriptors must be a list of short phrases"),
        (["slow-burn", 3], r"\.descriptors must be a list of short phrases"),
        ([f"word{i}" for i in range(13)], r"\.descriptors has 13 phrases; keep at most 12"),
        (["a very long fan phrase"], r'\.descriptors: "a very long fan phrase" has 5 words'),
        ([" "], r'\.descriptors: " " has 0 words'),
        (["Slow-Burn"], r'\.descriptors: "Slow-Burn" is not lower case; write "slow-burn"'),
    ],
)
def test_fans_descriptors_written_wrong_are_refused_naming_the_show_and_field(
    tmp_path: Path, descriptors: object, says: str
) -> None:
    line = catalog_lines(1)[0]
    show = json.loads(line)["id"]
    works = write(tmp_path / "catalog_part1.jsonl", [line])
    fan = write(tmp_path / "catalog_fan.jsonl", [story_line(show, descriptors=descriptors)])
    with pytest.raises(CatalogFileError, match=rf"catalog_fan.jsonl line 1: {show}{says}"):
        read_catalog([works, fan])
