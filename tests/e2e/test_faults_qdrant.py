"""The Qdrant server going away and coming back, through the real stack: the server adapter
(`qdrant.url` set, so `ClientVectorStore` over `AsyncQdrantClient`), with the server behind a
switch. While it is down, every call is a real qdrant-client HTTP request to a closed port on
127.0.0.1 (connection refused); while it is up, calls go to qdrant-client's local mode (the
contract-test double of a server, docs/architecture.md) holding the same collection. Members
are told the show library is unreachable, and it works again as soon as the server is back."""

from __future__ import annotations

import socket
from typing import Any

import pytest
import qdrant_client

from bot.wiring import build_services
from tests.e2e.conftest import StudioFactory
from tests.e2e.emulator import Message
from tests.e2e.harness import Studio, share_embedder
from tests.e2e.test_full_stack import HEIST_ONE, HEIST_TWO, ROMANCE

RealClient = qdrant_client.AsyncQdrantClient


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SwitchableServer:
    """What the bot's `AsyncQdrantClient(url=...)` talks to: the closed port while `up` is False,
    the local-mode server (with its data) while it is True."""

    def __init__(self) -> None:
        self.up = True
        self.url = f"http://127.0.0.1:{_closed_port()}"
        self.clients: list[SwitchableClient] = []

    def client(self, **kwargs: Any) -> SwitchableClient:
        made = SwitchableClient(self, RealClient(**kwargs), RealClient(location=":memory:"))
        self.clients.append(made)
        return made


class SwitchableClient:
    def __init__(self, server: SwitchableServer, remote: Any, local: Any) -> None:
        self._server, self._remote, self._local = server, remote, local

    def __getattr__(self, name: str) -> Any:
        return getattr(self._local if self._server.up else self._remote, name)

    async def close(self) -> None:
        await self._remote.close()
        await self._local.close()


@pytest.fixture
def qdrant(monkeypatch: pytest.MonkeyPatch) -> SwitchableServer:
    server = SwitchableServer()
    # bot.wiring.retrieval builds the client as `AsyncQdrantClient(url=settings.qdrant.url, ...)`.
    monkeypatch.setattr(qdrant_client, "AsyncQdrantClient", server.client)
    return server


async def _added(studio: Studio, title: str, synopsis: str) -> None:
    emu = studio.emu
    (reply,) = await emu.wait_answered(
        await emu.invoke("carol", "show add", title=title, text=synopsis), timeout=30
    )
    thread = await emu.wait_until(lambda: emu.thread_of(reply), timeout=30, what="a thread")
    await emu.wait_until(
        lambda: any("is done" in m.content for m in emu.visible(thread)),
        timeout=30,
        what=f"{title} to be analysed",
    )


async def _similar(studio: Studio) -> Message:
    emu = studio.emu
    interaction = await emu.invoke("bob", "show similar", title="Vault", k=2)
    (reply,) = await emu.wait_answered(interaction, timeout=30)
    assert not interaction.failed
    return reply


async def test_show_search_says_the_library_is_unreachable_then_works_when_it_is_back(
    make_studio: StudioFactory, qdrant: SwitchableServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    studio = await make_studio(
        factory=build_services,
        overrides={
            "catalog": {"load_starter": False},
            "http": {"enabled": "off"},
            "qdrant": {"url": qdrant.url, "timeout_s": 2},
        },
    )
    assert qdrant.clients, "the bot did not use the server adapter"
    for title, synopsis in (("Vault", HEIST_ONE), ("Tunnels", HEIST_TWO), ("Crumbs", ROMANCE)):
        await _added(studio, title, synopsis)
    assert "1. Tunnels" in (await _similar(studio)).embeds[0]["description"]

    qdrant.up = False
    down = await _similar(studio)
    assert down.ephemeral and not down.embeds
    assert "not reachable" in down.content and "shows cannot be searched" in down.content
    assert "Try again" in down.content
    # A show added meanwhile is not silently dropped: its thread says why it was not saved.
    emu = studio.emu
    (reply,) = await emu.wait_answered(
        await emu.invoke("carol", "show add", title="Later", text=ROMANCE), timeout=30
    )
    thread = await emu.wait_until(lambda: emu.thread_of(reply), timeout=30, what="a thread")
    told = await emu.wait_until(
        lambda: next((m for m in emu.visible(thread) if "not reachable" in m.text()), None),
        timeout=30,
        what="the analysis to say the library is unreachable",
    )
    assert "failed" in told.embeds[0]["title"]

    qdrant.up = True
    back = await _similar(studio)
    listed = back.embeds[0]["description"]
    assert back.embeds[0]["title"] == "Shows like Vault" and "1. Tunnels" in listed


async def test_a_library_down_at_start_says_so_and_opens_by_itself_when_it_is_back(
    make_studio: StudioFactory, qdrant: SwitchableServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    qdrant.up = False
    studio = await make_studio(
        factory=build_services,
        overrides={
            "catalog": {"load_starter": False},
            "http": {"enabled": "off"},
            "qdrant": {"url": qdrant.url, "timeout_s": 2, "reopen_every_s": 0},
        },
    )
    reply = await _similar(studio)
    assert reply.ephemeral and not reply.embeds
    assert "not reachable" in reply.content
    assert "reopens the show library by itself" in reply.content
    (helped,) = await studio.emu.wait_answered(await studio.emu.invoke("bob", "help"))
    assert helped.embeds  # everything else still works

    qdrant.up = True  # no restart: the next show command opens the library
    for title, synopsis in (("Vault", HEIST_ONE), ("Tunnels", HEIST_TWO), ("Crumbs", ROMANCE)):
        await _added(studio, title, synopsis)
    back = await _similar(studio)
    assert back.embeds[0]["title"] == "Shows like Vault"
    assert "1. Tunnels" in back.embeds[0]["description"]
