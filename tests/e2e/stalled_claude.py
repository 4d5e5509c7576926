"""A loopback Messages API that holds every script-writing call until the test ends, so a
/transform job stays running for as long as a test needs it; and the real stack started on it
(offline catalog, no HTTP server, no retries), as the tests that need a running job use it."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from bot.wiring import build_services
from tests.e2e.conftest import StudioFactory
from tests.e2e.harness import Studio, on_loopback_claude, share_embedder

__all__ = ["StalledClaude", "studio_on_stalled_claude"]


class StalledClaude:
    """A Messages API that never answers a script-writing call until `release()`; intent
    classification (tool_choice "any") gets an immediate 529."""

    def __init__(self) -> None:
        self.released = asyncio.Event()
        self.held = 0
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def _messages(self, request: web.Request) -> web.Response:
        body = await request.json()
        if (body.get("tool_choice") or {}).get("type") != "any":
            self.held += 1
            await self.released.wait()
        error = {"type": "error", "error": {"type": "overloaded_error", "message": "busy"}}
        return web.json_response(error, status=529)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/messages", self._messages)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        self.released.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> StalledClaude:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()


async def studio_on_stalled_claude(
    make_studio: StudioFactory, monkeypatch: pytest.MonkeyPatch, claude: StalledClaude
) -> Studio:
    """The real stack whose Claude is `claude`: jobs that call it stay running until the end."""
    share_embedder(monkeypatch)
    overrides = on_loopback_claude(claude.url, "sk-ant-test-stalled", max_retries=0)
    return await make_studio(factory=build_services, overrides=overrides)
