from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from aiohttp import web

from bot.attachments import read_text_attachment, sniff_binary
from core.result import ErrorCode

LIMIT = 64 * 1024


@dataclass
class Upload:
    filename: str
    size: int
    url: str
    content_type: str | None = "text/plain"


class Cdn:
    """A local file server that counts what it was asked for and how much it sent."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        self.base = ""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        self.requests.append(name)
        response = web.StreamResponse()
        await response.prepare(request)
        data = self.files[name]
        for start in range(0, len(data), 4096):
            await response.write(data[start : start + 4096])
        await response.write_eof()
        return response

    def add(self, name: str, data: bytes, **fields: object) -> Upload:
        self.files[name] = data
        return Upload(name, int(fields.pop("size", len(data))), f"{self.base}/{name}", **fields)  # type: ignore[arg-type]


@pytest.fixture
async def cdn() -> AsyncIterator[Cdn]:
    server = Cdn()
    app = web.Application()
    app.router.add_get("/{name}", server.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    server.base = f"http://127.0.0.1:{port}"
    yield server
    await runner.cleanup()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


def test_sniffing_tells_text_from_binary() -> None:
    assert sniff_binary(b"Ross and Rachel were on a break.\n") is None
    assert sniff_binary("café".encode()[:-1]) is None  # a character cut at the sample's end
    assert "NUL" in (sniff_binary(b"PK\x03\x04\x00\x00") or "")
    assert "UTF-8" in (sniff_binary(b"\xff\xfe\xfa text") or "")
    assert "control" in (sniff_binary(bytes(range(1, 32)) * 4) or "")


async def test_a_text_file_is_read(cdn: Cdn, session: aiohttp.ClientSession) -> None:
    upload = cdn.add("show.txt", "\ufeffSix friends in New York.\n".encode())
    result = await read_text_attachment(session, upload, max_bytes=LIMIT)
    assert result.value == "Six friends in New York.\n"


async def test_refusals_before_download_name_the_file_and_the_fix(
    cdn: Cdn, session: aiohttp.ClientSession
) -> None:
    cases = [
        (cdn.add("show.pdf", b"%PDF"), ".txt"),
        (cdn.add("big.txt", b"a", size=20 * 1024 * 1024), "20.0 MiB"),
        (cdn.add("img.txt", b"GIF89a", content_type="image/gif"), "image/gif"),
    ]
    for upload, detail in cases:
        result = await read_text_attachment(session, upload, max_bytes=LIMIT)
        assert result.error is not None and result.error.code is ErrorCode.INVALID_INPUT
        assert upload.filename in result.error.message and detail in result.error.message
    assert cdn.requests == []  # none of them was downloaded


async def test_binary_content_and_lying_sizes_are_caught_while_reading(
    cdn: Cdn, session: aiohttp.ClientSession
) -> None:
    binary = cdn.add("zip.txt", b"PK\x03\x04" + bytes(20_000))
    result = await read_text_attachment(session, binary, max_bytes=LIMIT)
    assert result.error is not None and "binary" in result.error.message
    liar = cdn.add("liar.txt", b"a" * (LIMIT * 4), size=100)
    result = await read_text_attachment(session, liar, max_bytes=LIMIT)
    assert result.error is not None and "bigger than" in result.error.message


async def test_an_unreachable_file_is_a_retryable_error(session: aiohttp.ClientSession) -> None:
    upload = Upload("gone.txt", 10, "http://127.0.0.1:9/gone.txt")
    result = await read_text_attachment(session, upload, max_bytes=LIMIT)
    assert result.error is not None and result.error.code is ErrorCode.UNAVAILABLE
    assert result.error.retryable
