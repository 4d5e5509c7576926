"""A server's 👍/👎 and "more like this" through find_similar, on a real store and vote file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.context import RequestContext
from core.intent.schema import FindSimilarParams
from tests.unit.tools.narrative.conftest import Shelf
from tests.unit.tools.narrative.samples import pair_stories
from tools.narrative.feedback import FeedbackStore, Vote
from tools.narrative.learning import carried_tags
from tools.narrative.similar import FindSimilarTool


@pytest.fixture
def votes(tmp_path: Path) -> Iterator[FeedbackStore]:
    store = FeedbackStore(tmp_path / "data")
    yield store
    store.close()


async def ask(tool: FindSimilarTool, tenant: str, **params: Any) -> dict[str, Any]:
    result = await tool.run(FindSimilarParams(**params), RequestContext(tenant=tenant, user_id="u"))
    data: dict[str, Any] = result.unwrap().data
    return data


def titles(data: dict[str, Any]) -> list[str]:
    return [r["title"] for r in data["results"]]


async def test_a_dislike_drops_a_result_from_this_servers_answer_only(
    edge_shelf: Shelf, votes: FeedbackStore
) -> None:
    tool = FindSimilarTool(edge_shelf.finder, votes)
    # guild-a's answer before any vote, deep enough to hold every result of the later ones.
    wide = await ask(tool, "guild-a", title="The Quiet Merger", k=10)
    before = await ask(tool, "guild-a", title="The Quiet Merger", k=3)
    assert titles(before) == titles(wide)[:3]
    first = before["results"][0]
    vote = await votes.vote_on("guild-a", before["answer_key"], 1, "member-1", -1)
    assert vote.unwrap().result_title == first["title"]

    after = await ask(tool, "guild-a", title="The Quiet Merger", k=3)
    assert first["title"] not in titles(after)
    assert len(set(titles(after))) == 3 and "The Quiet Merger" not in titles(after)
    # Another server (which does not hold guild-a's own show) still gets it first.
    elsewhere = await ask(tool, "guild-b", title="The Quiet Merger", k=10)
    assert titles(elsewhere)[0] == first["title"]
    # The votes order; each result still shows its similarity to the show asked about.
    plain = {r["title"]: r["score"] for r in wide["results"]}
    assert [r["score"] for r in after["results"]] == [plain[t] for t in titles(after)]


async def test_a_like_lifts_a_result_and_its_shown_score_stays_the_similarity(
    edge_shelf: Shelf, votes: FeedbackStore
) -> None:
    tool = FindSimilarTool(edge_shelf.finder, votes)
    before = await ask(tool, "guild-a", title="The Quiet Merger", k=5)
    third = before["results"][2]
    (await votes.vote_on("guild-a", before["answer_key"], 3, "member-1", 1)).unwrap()
    after = await ask(tool, "guild-a", title="The Quiet Merger", k=5)
    assert after["results"][0]["title"] == third["title"]
    assert after["results"][0]["score"] == third["score"]
    assert after["results"][0]["why"]["votes"] == 1
    assert "votes" not in after["results"][1]["why"]


async def test_more_like_this_searches_with_the_result_as_a_second_example(
    edge_shelf: Shelf, votes: FeedbackStore
) -> None:
    tool = FindSimilarTool(edge_shelf.finder, votes)
    plain = await ask(tool, "guild-a", title="The Family Holdings", k=5)
    assert "Two Kitchens" in titles(plain) and "Signal Crossing" not in titles(plain)
    # Signal Crossing retells Two Kitchens: more like Two Kitchens brings it to the top.
    seeded = await ask(tool, "guild-a", title="The Family Holdings", k=5, like="Two Kitchens")
    assert titles(seeded)[0] == "Signal Crossing"
    assert seeded["also_like"] == "Two Kitchens" and seeded["query"] == "The Family Holdings"
    assert len(set(titles(seeded))) == 5
    assert not {"The Family Holdings", "Two Kitchens"} & set(titles(seeded))
    # Its buttons vote under the show first asked about.
    shown = await votes.answer("guild-a", seeded["answer_key"])
    assert shown is not None and shown.query_id == seeded["query_id"]


async def test_more_like_an_unknown_show_says_so(edge_shelf: Shelf, votes: FeedbackStore) -> None:
    tool = FindSimilarTool(edge_shelf.finder, votes)
    result = await tool.run(
        FindSimilarParams(title="The Family Holdings", like="No Such Show"),
        RequestContext(tenant="guild-a", user_id="u"),
    )
    assert result.error is not None and "No Such Show" in result.error.message


async def test_each_answer_is_remembered_for_its_buttons_in_its_own_server(
    edge_shelf: Shelf, votes: FeedbackStore
) -> None:
    tool = FindSimilarTool(edge_shelf.finder, votes)
    data = await ask(tool, "guild-a", title="Two Kitchens", k=4)
    shown = await votes.answer("guild-a", data["answer_key"])
    assert shown is not None and shown.query_title == "Two Kitchens"
    assert [s.title for s in shown.results] == titles(data)
    assert await votes.answer("guild-b", data["answer_key"]) is None
    described = await ask(tool, "guild-a", text="two rival cooks fall in love", k=2)
    answer = await votes.answer("guild-a", described["answer_key"])
    assert answer is not None and not answer.votable


async def test_without_a_vote_store_answers_carry_no_key(edge_shelf: Shelf) -> None:
    data = await ask(FindSimilarTool(edge_shelf.finder), "guild-a", title="Two Kitchens", k=2)
    assert "answer_key" not in data and len(data["results"]) == 2


async def test_the_tags_a_carried_dislike_is_judged_by_are_read_from_the_store(
    edge_shelf: Shelf,
) -> None:
    ids = [story.id for story, _ in pair_stories()[:3]]  # three shared-catalog shows
    query, under, result = [(await edge_shelf.library.get("guild-a", i)).unwrap() for i in ids]
    near = {under.work_id: {query.work_id}}
    dislike = [Vote(under.work_id, result.work_id, -1)]
    tags = await carried_tags(edge_shelf.library, "guild-a", query, dislike, near)
    assert tags == {w.work_id: w.payload["tags"] for w in (query, under, result)}
    # Nothing carried (a like, or no answer listing this show first): nothing read.
    liked = [Vote(under.work_id, result.work_id, 1)]
    assert await carried_tags(edge_shelf.library, "guild-a", query, liked, near) == {}
    assert await carried_tags(edge_shelf.library, "guild-a", query, dislike, {}) == {}
