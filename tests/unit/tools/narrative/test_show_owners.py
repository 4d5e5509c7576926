"""/show add never overwrites another member's show silently: a second member adding the same
title is told so and nothing of the first member's show changes; its author may update it."""

from __future__ import annotations

from core.jobs.model import Job, JobKind
from core.result import ErrorCode
from tests.unit.tools.narrative.conftest import Shelf
from tests.unit.tools.narrative.samples import pair_stories
from tests.unit.tools.narrative.test_analysis import Reporter, runner
from tools.narrative.library import stored_dna


def _job(user: str, text: str) -> Job:
    return Job(
        id=7,
        kind=JobKind.SHOW_ANALYSIS,
        params={"title": "Night Harbour", "text": text},
        tenant="guild-z",
        user_id=user,
    )


async def test_a_second_member_cannot_replace_the_first_members_show(edge_shelf: Shelf) -> None:
    first, second = pair_stories()[10][0].synopsis, pair_stories()[3][0].synopsis
    added = await runner(edge_shelf).run(_job("alice", first), Reporter())
    assert added.ok
    before = (await edge_shelf.library.find("guild-z", "Night Harbour")).unwrap()

    clash = await runner(edge_shelf).run(_job("bob", second), Reporter())
    assert clash.error is not None and clash.error.code is ErrorCode.INVALID_INPUT
    assert "another member" in clash.error.message and "different title" in clash.error.message
    after = (await edge_shelf.library.find("guild-z", "Night Harbour")).unwrap()
    assert after.payload["synopsis"] == before.payload["synopsis"] == first
    assert stored_dna(after) == stored_dna(before)

    # Its author may change it (their own show, their own choice).
    updated = await runner(edge_shelf).run(_job("alice", second), Reporter())
    assert updated.ok
    assert (await edge_shelf.library.find("guild-z", "Night Harbour")).unwrap().payload[
        "synopsis"
    ] == second
