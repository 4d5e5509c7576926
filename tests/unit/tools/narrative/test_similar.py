"""find_similar: the query show is never listed, each hit says why, guilds stay apart."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from core.context import RequestContext
from core.intent.schema import FindSimilarParams
from core.ports.vectors import WorkPoint
from core.replies import ToolOutput
from core.result import ErrorCode
from tests.unit.tools.narrative.conftest import Shelf
from tools.narrative.ranking import PLAIN_WEIGHTS
from tools.narrative.similar import FindSimilarTool
from tools.narrative.words import WORDS, word_vector


def ctx(tenant: str) -> RequestContext:
    return RequestContext(tenant=tenant, user_id="u1")


async def similar(shelf: Shelf, tenant: str, **params: object) -> ToolOutput:
    tool = FindSimilarTool(shelf.finder)
    result = await tool.run(FindSimilarParams(**params), ctx(tenant))  # type: ignore[arg-type]
    output = result.unwrap()
    assert isinstance(output, ToolOutput) and output.kind == "similar_shows"
    return output


async def test_a_guild_finds_its_own_shows_and_the_catalog_but_never_another_guilds(
    shelf: Shelf,
) -> None:
    as_a = await similar(shelf, "guild-a", title="The Quiet Merger", k=10)
    as_b = await similar(shelf, "guild-b", title="The Quiet Merger", k=10)
    titles_a = {r["title"] for r in as_a.data["results"]}
    titles_b = {r["title"] for r in as_b.data["results"]}
    assert "Orbit of Ghosts" in titles_a and "Crown of Dust" not in titles_a
    assert "Crown of Dust" in titles_b and "Orbit of Ghosts" not in titles_b
    assert {r["tenant"] for r in as_a.data["results"]} <= {"guild-a", "global"}


async def test_the_query_show_is_left_out_and_each_result_explains_why(edge_shelf: Shelf) -> None:
    output = await similar(edge_shelf, "guild-a", title="the quiet merger", k=5)
    results = output.data["results"]
    assert output.data["query"] == "The Quiet Merger"
    assert output.data["query_id"] == "p01a" and output.data["query_tenant"] == "global"
    assert len(results) == 5
    assert all(r["id"] != "p01a" and r["title"] != "The Quiet Merger" for r in results)
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    for r in results:
        why = r["why"]
        # These stories have no curated facts: the signals of a show a server added.
        assert set(why["facets"]) == set(PLAIN_WEIGHTS)
        assert all(-1.0 <= s <= 1.0 for s in why["facets"].values())
        for key in ("shared_themes", "shared_archetypes", "shared_beats", "shared_tropes"):
            assert isinstance(why[key], list)
    # Something is always shared between stories of this shelf: themes or beats.
    assert any(r["why"]["shared_themes"] or r["why"]["shared_beats"] for r in results)


async def test_one_facet_searches_and_explains_only_that_facet(edge_shelf: Shelf) -> None:
    output = await similar(edge_shelf, "global", title="Two Kitchens", k=2, facet="theme")
    assert output.data["facet"] == "theme"
    assert all(set(r["why"]["facets"]) == {"theme"} for r in output.data["results"])
    for r in output.data["results"]:
        assert r["score"] == pytest.approx(r["why"]["facets"]["theme"], abs=1e-3)


async def test_an_unknown_title_offers_close_titles(edge_shelf: Shelf) -> None:
    tool = FindSimilarTool(edge_shelf.finder)
    result = await tool.run(FindSimilarParams(title="The Quite Merger"), ctx("guild-a"))
    assert result.error is not None and result.error.code is ErrorCode.NOT_FOUND
    assert "The Quiet Merger" in result.error.message
    assert result.error.details["suggestions"][0] == "The Quiet Merger"
    hidden = await tool.run(FindSimilarParams(title="Crown of Dust"), ctx("guild-a"))
    assert hidden.error is not None and hidden.error.code is ErrorCode.NOT_FOUND


async def test_a_description_finds_shows_like_it(edge_shelf: Shelf) -> None:
    text = (
        "A young woman is treated like a servant by her stepmother and stepsisters. A kind "
        "godmother helps her attend a royal ball, where she loses a slipper at midnight, and the "
        "prince searches the kingdom until the slipper fits her."
    )
    output = await similar(edge_shelf, "global", text=text, k=3)
    assert output.data["query"] == text[:200] and output.data["query_id"] is None
    titles = [r["title"] for r in output.data["results"]]
    assert "Glass Sneakers" in titles


async def test_an_unknown_title_with_a_description_searches_by_the_description(
    edge_shelf: Shelf,
) -> None:
    text = "Two lovers from feuding families marry in secret and die by a tragic mistake."
    output = await similar(edge_shelf, "global", title="Not A Known Show", text=text, k=2)
    assert output.data["query"] == text and len(output.data["results"]) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [("   ...   ", "too short"), ("\x00\x01\x02 binary \x00\x03\x04\x05 junk", "binary")],
)
async def test_bad_descriptions_are_invalid_input(
    edge_shelf: Shelf, text: str, expected: str
) -> None:
    tool = FindSimilarTool(edge_shelf.finder)
    result = await tool.run(FindSimilarParams(text=text), ctx("global"))
    assert result.error is not None and result.error.code is ErrorCode.INVALID_INPUT
    assert expected in result.error.message


def test_k_and_facet_are_checked_in_core() -> None:
    with pytest.raises(ValidationError):
        FindSimilarParams(title="x", k=11)
    with pytest.raises(ValidationError):
        FindSimilarParams(title="x", facet="vibes")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        FindSimilarParams()


async def test_a_servers_copy_of_a_shared_show_is_listed_once_as_its_own(shelf: Shelf) -> None:
    shared = (await shelf.store.get(["global"], "p02a", with_vectors=True)).unwrap()
    assert shared is not None and shared.vectors is not None
    words = {WORDS: word_vector(str(shared.payload["synopsis"]))}
    copy = WorkPoint("guild-a", "p02a", shared.vectors, dict(shared.payload), words)
    (await shelf.store.upsert([copy])).unwrap()
    output = await similar(shelf, "guild-a", title="The Quiet Merger", k=10)
    ids = [r["id"] for r in output.data["results"]]
    assert len(ids) == len(set(ids)) == 10
    assert "p01a" not in ids
    assert [r["tenant"] for r in output.data["results"] if r["id"] == "p02a"] == ["guild-a"]
