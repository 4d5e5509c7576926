"""A loopback fake of the Anthropic Messages API (`POST /v1/messages`) for tests and benchmarks.

The real `anthropic` SDK talks to it over HTTP (pass `base_url=api.base_url`). Each test scripts
what it answers: queued replies are served in order, then the default (a reply or a function of
the request). It records every request it receives.

    async with FakeMessagesAPI() as api:
        api.queue(overloaded(), tool_use("show_dna", {"title": "Fargo"}))
        ...
        assert len(api.requests) == 2

Replies cover what the client must handle: text and tool_use blocks, usage counts, streaming
(SSE, when the request says `"stream": true`), 429 with retry-after, 529 overloaded, 500, slow
responses (`delay_s` per reply, `latency_s` for every request) and malformed tool input.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = [
    "FakeMessagesAPI",
    "RecordedRequest",
    "Reply",
    "error",
    "malformed_tool_use",
    "overloaded",
    "rate_limited",
    "server_error",
    "text",
    "tool_use",
]

Responder = Callable[[Mapping[str, Any]], "Reply"]


@dataclass(frozen=True, slots=True)
class Reply:
    status: int = 200
    # Content blocks as the API returns them. A tool_use block whose "input" is a str is sent as
    # that raw (possibly malformed) JSON text.
    content: tuple[Mapping[str, Any], ...] = ()
    stop_reason: str = "end_turn"
    input_tokens: int = 12
    output_tokens: int = 8
    headers: Mapping[str, str] = field(default_factory=dict)
    error_type: str = ""
    error_message: str = ""
    delay_s: float = 0.0


def text(
    body: str, *, input_tokens: int = 12, output_tokens: int = 8, delay_s: float = 0.0
) -> Reply:
    return Reply(
        content=({"type": "text", "text": body},),
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        delay_s=delay_s,
    )


def tool_use(
    name: str,
    tool_input: Mapping[str, Any],
    *,
    preamble: str | None = None,
    input_tokens: int = 40,
    output_tokens: int = 20,
    delay_s: float = 0.0,
) -> Reply:
    blocks: list[Mapping[str, Any]] = []
    if preamble:
        blocks.append({"type": "text", "text": preamble})
    blocks.append({"type": "tool_use", "name": name, "input": dict(tool_input)})
    return Reply(
        content=tuple(blocks),
        stop_reason="tool_use",
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        delay_s=delay_s,
    )


def malformed_tool_use(name: str, raw_input: str = '{"title": "Fargo", ') -> Reply:
    """A tool call whose input is not valid JSON (as a model cut off mid-object would send)."""
    return Reply(
        content=({"type": "tool_use", "name": name, "input": raw_input},),
        stop_reason="tool_use",
    )


def error(status: int, kind: str, message: str, headers: Mapping[str, str] | None = None) -> Reply:
    return Reply(status=status, error_type=kind, error_message=message, headers=headers or {})


def rate_limited(retry_after_s: float | None = 1.0) -> Reply:
    headers = {"retry-after": f"{retry_after_s:g}"} if retry_after_s is not None else {}
    return error(
        429, "rate_limit_error", "Number of request tokens has exceeded your rate limit.", headers
    )


def overloaded(retry_after_s: float | None = None) -> Reply:
    headers = {"retry-after": f"{retry_after_s:g}"} if retry_after_s is not None else {}
    return error(529, "overloaded_error", "Overloaded", headers)


def server_error() -> Reply:
    return error(500, "api_error", "Internal server error")


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    path: str
    headers: Mapping[str, str]
    body: Mapping[str, Any]
    at: float  # time.monotonic() when it arrived

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))


class FakeMessagesAPI:
    def __init__(self, *, latency_s: float = 0.0) -> None:
        self.latency_s = latency_s
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Reply] = deque()
        self._default: Reply | Responder | None = None
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._port = 0
        self.in_flight = 0
        self.max_in_flight = 0

    # -- scripting -------------------------------------------------------------------------
    def queue(self, *replies: Reply) -> None:
        self._queue.extend(replies)

    def set_default(self, reply: Reply | Responder | None) -> None:
        self._default = reply

    @property
    def base_url(self) -> str:
        if self._runner is None:
            raise RuntimeError("start() the fake first")
        return f"http://127.0.0.1:{self._port}"

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> FakeMessagesAPI:
        app = web.Application()
        app.router.add_post("/v1/messages", self._messages)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self._port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeMessagesAPI:
        return await self.start()

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    # -- serving ---------------------------------------------------------------------------
    def _next(self, body: Mapping[str, Any]) -> Reply:
        if self._queue:
            return self._queue.popleft()
        if callable(self._default):
            return self._default(body)
        if self._default is not None:
            return self._default
        return error(500, "api_error", "the fake has no scripted reply for this request")

    async def _messages(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(
            RecordedRequest(
                path=request.path,
                headers=dict(request.headers),
                body=body,
                at=time.monotonic(),
            )
        )
        reply = self._next(body)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            delay = self.latency_s + reply.delay_s
            if delay:
                await asyncio.sleep(delay)
            if reply.status != 200:
                payload = {
                    "type": "error",
                    "error": {"type": reply.error_type, "message": reply.error_message},
                }
                return web.json_response(payload, status=reply.status, headers=reply.headers)
            if body.get("stream"):
                return await self._stream(request, body, reply)
            return web.json_response(self._message(body, reply), headers=reply.headers)
        finally:
            self.in_flight -= 1

    def _blocks(self, reply: Reply) -> list[dict[str, Any]]:
        blocks: list[dict[str, Any]] = []
        for block in reply.content:
            item = dict(block)
            if item["type"] == "tool_use":
                item.setdefault("id", f"toolu_fake_{next(self._ids)}")
            blocks.append(item)
        return blocks

    def _message(self, body: Mapping[str, Any], reply: Reply) -> dict[str, Any]:
        return {
            "id": f"msg_fake_{next(self._ids)}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model", "claude-fake"),
            "content": self._blocks(reply),
            "stop_reason": reply.stop_reason,
            "stop_sequence": None,
            "usage": {"input_tokens": reply.input_tokens, "output_tokens": reply.output_tokens},
        }

    async def _stream(
        self, request: web.Request, body: Mapping[str, Any], reply: Reply
    ) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)

        async def send(event: str, data: Mapping[str, Any]) -> None:
            await response.write(f"event: {event}\ndata: {json.dumps(data)}\n\n".encode())

        message = self._message(body, reply)
        start = {**message, "content": [], "stop_reason": None}
        start["usage"] = {"input_tokens": reply.input_tokens, "output_tokens": 1}
        await send("message_start", {"type": "message_start", "message": start})
        await send("ping", {"type": "ping"})
        for index, block in enumerate(message["content"]):
            if block["type"] == "text":
                await send(
                    "content_block_start",
                    {
                        "type": "content_block_start",
                        "index": index,
                        "content_block": {"type": "text", "text": ""},
                    },
                )
                for piece in _pieces(block["text"]):
                    await send(
                        "content_block_delta",
                        {
                            "type": "content_block_delta",
                            "index": index,
                            "delta": {"type": "text_delta", "text": piece},
                        },
                    )
            else:
                raw = (
                    block["input"]
                    if isinstance(block["input"], str)
                    else json.dumps(block["input"])
                )
                start_block = {
                    "type": "tool_use",
                    "id": block["id"],
                    "name": block["name"],
                    "input": {},
                }
                await send(
                    "content_block_start",
                    {"type": "content_block_start", "index": index, "content_block": start_block},
                )
                for piece in _pieces(raw):
                    await send(
                        "content_block_delta",
                        {
                            "type": "content_block_delta",
                            "index": index,
                            "delta": {"type": "input_json_delta", "partial_json": piece},
                        },
                    )
            await send("content_block_stop", {"type": "content_block_stop", "index": index})
        await send(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": reply.stop_reason, "stop_sequence": None},
                "usage": {"output_tokens": reply.output_tokens},
            },
        )
        await send("message_stop", {"type": "message_stop"})
        await response.write_eof()
        return response


def _pieces(value: str, size: int = 16) -> list[str]:
    return [value[i : i + size] for i in range(0, len(value), size)] or [""]
