"""show_dna: the stored DNA and its chart, for the shows a server can see."""

from __future__ import annotations

from core.context import RequestContext
from core.intent.schema import ShowDnaParams
from core.replies import ToolOutput
from core.result import ErrorCode
from tests.unit.tools.narrative.conftest import Shelf
from tools.narrative.schema import NarrativeDNA
from tools.narrative.show_dna import ShowDnaTool


async def test_the_dna_and_a_png_chart_come_back(edge_shelf: Shelf) -> None:
    tool = ShowDnaTool(edge_shelf.library)
    assert tool.name == "show_dna"
    result = await tool.run(ShowDnaParams(title="glass sneakers"), RequestContext("g9", "u"))
    output = result.unwrap()
    assert isinstance(output, ToolOutput) and output.kind == "show_dna"
    assert output.data["title"] == "Glass Sneakers" and output.data["tenant"] == "global"
    dna = NarrativeDNA.model_validate(output.data["dna"])
    assert dna.work.id == output.data["id"]
    assert output.data["chart_png"].startswith(b"\x89PNG")
    assert output.data["logline"] == dna.logline and output.data["method"] == "heuristic"


async def test_another_guilds_show_is_not_found(edge_shelf: Shelf) -> None:
    tool = ShowDnaTool(edge_shelf.library)
    mine = await tool.run(ShowDnaParams(title="Orbit of Ghosts"), RequestContext("guild-a", "u"))
    theirs = await tool.run(ShowDnaParams(title="Orbit of Ghosts"), RequestContext("guild-b", "u"))
    assert mine.ok
    assert theirs.error is not None and theirs.error.code is ErrorCode.NOT_FOUND
