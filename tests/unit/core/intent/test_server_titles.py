"""A server's own indexed shows are known titles in that server's messages, and only there."""

from __future__ import annotations

from collections.abc import Sequence

from core.intent.analyzer import IntentAnalyzer
from core.intent.extract import extract_params
from core.intent.known_titles import TitleIndex
from core.intent.schema import Intent
from core.intent.server_titles import ServerTitles

MESSAGE = "I keep thinking about salt roads lately, find me more like it"


def test_a_servers_show_is_a_title_in_that_server_only() -> None:
    index = TitleIndex(["Fargo"])
    index.add(["Salt Roads"], tenant="g1")
    with index.scope("g1"):
        assert extract_params(Intent.FIND_SIMILAR, MESSAGE, index) == {"title": "salt roads"}
        assert index.find("shows like fargo") is None  # one-word titles only as names
        assert index.find("shows like Fargo") is not None
    with index.scope("g2"):
        assert extract_params(Intent.FIND_SIMILAR, MESSAGE, index) == {"text": "salt roads lately"}
    assert index.find(MESSAGE) is None


async def test_titles_are_read_from_the_servers_library_and_refreshed() -> None:
    library: dict[str, list[str]] = {"g1": ["Salt Roads"]}
    asked: list[str] = []
    clock = [0.0]

    async def source(tenant: str) -> Sequence[str]:
        asked.append(tenant)
        if tenant == "down":
            raise RuntimeError("the vector store could not be opened")
        return library.get(tenant, [])

    titles = ServerTitles(source, refresh_s=30, now=lambda: clock[0])
    index = TitleIndex()
    await titles.refresh("g1", index)
    assert index.tenant_titles("g1") == ["Salt Roads"]
    library["g1"].append("Harbor Lights")  # indexed since
    await titles.refresh("g1", index)
    assert index.tenant_titles("g1") == ["Salt Roads"] and asked == ["g1"]  # read recently
    clock[0] = 31.0
    await titles.refresh("g1", index)
    assert index.tenant_titles("g1") == ["Harbor Lights", "Salt Roads"]
    index.add(["Dust Choir"], tenant="down")
    await titles.refresh("down", index)  # a library that cannot answer keeps what was known
    assert index.tenant_titles("down") == ["Dust Choir"]


async def test_the_analyzer_reads_a_message_with_its_servers_titles(
    analyzer: IntentAnalyzer,
) -> None:
    analyzer.titles.add(["Salt Roads"], tenant="guild-with-salt-roads")
    mine = await analyzer.analyze(
        "what's the dna of salt roads lately", tenant="guild-with-salt-roads"
    )
    assert mine.intent is Intent.SHOW_DNA
    assert mine.params["title"] == "salt roads"
    other = await analyzer.analyze("what's the dna of salt roads lately", tenant="another-guild")
    assert other.params.get("title") != "salt roads"
