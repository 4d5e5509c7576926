"""Hostile `/show add file:` uploads: the bytes decide, not the name or the declared type; sizes
are bounded in what is downloaded and in what is decoded (a gzip or deflate bomb, a file that
lies about its size); binary and UTF-16 tricks are refused; and every refusal names the file
and what to do instead.

A local CDN serves the files the way an HTTP server can: streamed, with a Content-Encoding the
client undoes by itself, and counting what it managed to send.
"""

from __future__ import annotations

import tracemalloc
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
import pytest
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.attachments import SNIFF_BYTES, read_text_attachment, sniff_binary
from core.result import ErrorCode

LIMIT = 64 * 1024
MIB = 1024 * 1024


@dataclass
class Upload:
    filename: str
    size: int
    url: str
    content_type: str | None = "text/plain"


@dataclass
class Served:
    data: bytes
    encoding: str | None = None  # Content-Encoding the client must undo
    sent: int = 0


@dataclass
class Cdn:
    files: dict[str, Served] = field(default_factory=dict)
    base: str = ""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        served = self.files[request.match_info["name"]]
        headers = {"Content-Type": "text/plain"}
        if served.encoding:
            headers["Content-Encoding"] = served.encoding
        response = web.StreamResponse(headers=headers)
        await response.prepare(request)
        try:
            for start in range(0, len(served.data), 16 * 1024):
                await response.write(served.data[start : start + 16 * 1024])
                served.sent = start + 16 * 1024
        except ConnectionError:
            return response  # the client stopped reading: what it was sent is counted
        await response.write_eof()
        return response

    def add(
        self,
        name: str,
        data: bytes,
        *,
        encoding: str | None = None,
        size: int | None = None,
        content_type: str | None = "text/plain",
    ) -> tuple[Upload, Served]:
        served = Served(data, encoding)
        self.files[name] = served
        declared = len(data) if size is None else size
        return Upload(name, declared, f"{self.base}/{name}", content_type), served


@pytest.fixture
async def cdn() -> AsyncIterator[Cdn]:
    server = Cdn()
    app = web.Application()
    app.router.add_get("/{name}", server.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
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


def gzip_bomb(mib: int) -> bytes:
    """`mib` MiB of valid text in about a kilobyte per MiB: one gzip member per MiB, which any
    gzip reader must join (so it is built in milliseconds, not by compressing a gigabyte)."""
    member = zlib.compressobj(9, zlib.DEFLATED, 31)
    one = member.compress(b"a" * MIB) + member.flush()
    return one * mib


def deflate_bomb(mib: int) -> bytes:
    stream = zlib.compressobj(1, zlib.DEFLATED, 15)
    block = b"Ross and Rachel were on a break. " * (MIB // 33)
    return b"".join(stream.compress(block) for _ in range(mib)) + stream.flush()


def _refused(result: object, name: str, *words: str) -> str:
    error = getattr(result, "error", None)
    assert error is not None and error.code is ErrorCode.INVALID_INPUT, result
    assert f"`{name}`" in error.message, error.message
    for word in words:
        assert word in error.message, error.message
    return str(error.message)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_a_compressed_bomb_is_refused_after_reading_no_more_than_the_limit(
    cdn: Cdn, session: aiohttp.ClientSession, encoding: str
) -> None:
    """About a gigabyte of text behind a kilobyte-sized download: the client undoes the
    encoding as it reads, so the limit must count decoded bytes, and memory must stay small."""
    bomb = gzip_bomb(1000) if encoding == "gzip" else deflate_bomb(64)
    upload, _ = cdn.add("bomb.txt", bomb, encoding=encoding, size=2048)
    tracemalloc.start()
    try:
        result = await read_text_attachment(session, upload, max_bytes=LIMIT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    _refused(result, "bomb.txt", "bigger than the 64 KiB limit")
    assert peak < 16 * MIB, f"reading the bomb held {peak / MIB:.0f} MiB"


async def test_a_file_that_lies_about_its_size_stops_downloading_at_the_limit(
    cdn: Cdn, session: aiohttp.ClientSession
) -> None:
    big = b"Six friends in New York.\n" * (64 * MIB // 25)
    upload, served = cdn.add("liar.txt", big, size=100)
    result = await read_text_attachment(session, upload, max_bytes=LIMIT)
    _refused(result, "liar.txt", "bigger than the 64 KiB limit")
    assert served.sent < 16 * MIB, f"{served.sent / MIB:.0f} MiB sent of a 64 MiB file"


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("poster.txt", b"\x89PNG\r\n\x1a\n" + bytes(64), "binary data"),
        ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00" + bytes(64), "binary data"),
        ("show.txt", gzip_bomb(1), "binary data"),
        ("notes.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "not UTF-8"),
        ("utf16.txt", "\ufeffA story about a fox.".encode("utf-16-le"), "binary data"),
        ("utf16-cjk.txt", "\ufeff狐狸的故事".encode("utf-16-le"), "not UTF-8"),
        ("utf16-bom-less.txt", "A story about a fox.".encode("utf-16-le"), "binary data"),
        ("ansi.txt", b"\x1b[31m" * 400, "binary data"),
    ],
    ids=["png", "zip", "gzip-file", "pdf", "utf16-bom", "utf16-cjk", "utf16-ascii", "escapes"],
)
async def test_content_is_sniffed_whatever_the_name_and_the_declared_type(
    cdn: Cdn, session: aiohttp.ClientSession, name: str, data: bytes, why: str
) -> None:
    upload, _ = cdn.add(name, data, content_type="text/plain; charset=utf-8")
    message = _refused(await read_text_attachment(session, upload, max_bytes=LIMIT), name, why)
    assert ".txt" in message  # and says what to attach instead


async def test_binary_after_a_text_opening_is_refused_too(
    cdn: Cdn, session: aiohttp.ClientSession
) -> None:
    """Only the first bytes are sniffed before reading on; NUL bytes later are still binary."""
    data = b"A perfectly normal opening line.\n" * (2 * SNIFF_BYTES // 33) + bytes(1024)
    upload, _ = cdn.add("sneaky.txt", data)
    _refused(await read_text_attachment(session, upload, max_bytes=LIMIT), "sneaky.txt", "binary")


async def test_text_without_a_declared_type_is_read_by_what_it_is(
    cdn: Cdn, session: aiohttp.ClientSession
) -> None:
    upload, _ = cdn.add("plain.txt", "\ufeffUne histoire de renard.\n".encode(), content_type=None)
    result = await read_text_attachment(session, upload, max_bytes=LIMIT)
    assert result.value == "Une histoire de renard.\n"  # the UTF-8 byte-order mark is dropped


@settings(max_examples=200, deadline=None)
@given(head=st.binary(max_size=2 * SNIFF_BYTES))
def test_sniffing_any_bytes_gives_an_answer_and_text_it_passes_decodes(head: bytes) -> None:
    why = sniff_binary(head)
    if why is not None:
        assert why.startswith("it ")  # completes "The file `x` was not used: it ..."
    elif head:
        assert b"\x00" not in head
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # Only a multi-byte character cut at the end of the sample may be incomplete.
            assert exc.start >= len(head) - 3, "bytes that are not UTF-8 passed as text"
