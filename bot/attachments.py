"""Text attachments (`/show add file:`): checked before they are read, read only as far as allowed.

Order of checks, cheapest first: the name must end in .txt; the size Discord declares must be
within `limits.max_text_attachment_bytes` (a 20 MiB file is refused without downloading a byte);
the declared content type, when given, must be text; the first bytes are sniffed for binary
content before the rest is read; the download stops as soon as it passes the limit (a declared
size can be wrong). Every refusal is an INVALID_INPUT that names the file and what to change.
"""

from __future__ import annotations

import codecs
from typing import Protocol

import aiohttp

from bot.render.limits import human_bytes
from core.result import ErrorCode, StepResult

__all__ = ["AttachmentLike", "read_text_attachment", "refuse_by_metadata", "sniff_binary"]

SNIFF_BYTES = 4096
DOWNLOAD_TIMEOUT_S = 30.0
# Share of control characters (other than tab/newline/carriage return/form feed) that marks a file
# as binary even without NUL bytes.
_MAX_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c")


class AttachmentLike(Protocol):
    """What Discord tells us about an attachment (discord.Attachment has these)."""

    @property
    def filename(self) -> str: ...

    @property
    def size(self) -> int: ...

    @property
    def url(self) -> str: ...

    @property
    def content_type(self) -> str | None: ...


def sniff_binary(head: bytes) -> str | None:
    """Why `head` (the first bytes of a file) is not UTF-8 text, or None when it looks like text."""
    if not head:
        return None
    if b"\x00" in head:
        return "it contains binary data (NUL bytes)"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # final=False: a multi-byte character cut at the end of the sample is not an error.
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return "it is not UTF-8 text"
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    if controls / len(head) > _MAX_CONTROL_SHARE:
        return "it contains binary data (control characters)"
    return None


def _refuse(name: str, why: str) -> StepResult[str]:
    return StepResult.failure(ErrorCode.INVALID_INPUT, f"The file `{name}` was not used: {why}.")


def refuse_by_metadata(attachment: AttachmentLike, *, max_bytes: int) -> StepResult[str] | None:
    """The refusal that what Discord declares (name, size, type) already justifies, without
    reading a byte (pure: a command can answer it before deferring); None when it may be read."""
    name = attachment.filename
    if not name.lower().endswith(".txt"):
        return _refuse(name, "attach a plain-text .txt file (or paste the text in `text:`)")
    if attachment.size > max_bytes:
        return _refuse(
            name,
            f"it is {human_bytes(attachment.size)} and the limit is {human_bytes(max_bytes)}; "
            "attach a shorter synopsis",
        )
    content_type = (attachment.content_type or "").split(";")[0].strip().lower()
    if content_type and not content_type.startswith("text/"):
        return _refuse(name, f"Discord says it is `{content_type}`, not text; attach a .txt file")
    return None


async def read_text_attachment(
    session: aiohttp.ClientSession, attachment: AttachmentLike, *, max_bytes: int
) -> StepResult[str]:
    name = attachment.filename
    refused = refuse_by_metadata(attachment, max_bytes=max_bytes)
    if refused is not None:
        return refused
    try:
        data = await _download(session, attachment.url, max_bytes)
    except _TooBig:
        return _refuse(name, f"it is bigger than the {human_bytes(max_bytes)} limit")
    except _NotText as exc:
        return _refuse(name, f"{exc.reason}; attach a plain-text .txt file")
    except (aiohttp.ClientError, TimeoutError):
        return StepResult.failure(
            ErrorCode.UNAVAILABLE,
            f"I could not download `{name}` from Discord. Please try again.",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _refuse(name, "it is not UTF-8 text; save it as UTF-8 and attach it again")
    if not text.strip():
        return _refuse(name, "it is empty")
    return StepResult.success(text)


class _TooBig(Exception):
    pass


class _NotText(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def _download(session: aiohttp.ClientSession, url: str, max_bytes: int) -> bytes:
    timeout = aiohttp.ClientTimeout(total=DOWNLOAD_TIMEOUT_S)
    async with session.get(url, timeout=timeout) as response:
        response.raise_for_status()
        head = await response.content.read(SNIFF_BYTES)
        while len(head) < SNIFF_BYTES and not response.content.at_eof():
            more = await response.content.read(SNIFF_BYTES - len(head))
            if not more:
                break
            head += more
        why = sniff_binary(head)
        if why is not None:
            raise _NotText(why)
        chunks = [head]
        total = len(head)
        if total > max_bytes:
            raise _TooBig
        async for chunk in response.content.iter_chunked(64 * 1024):
            total += len(chunk)
            if total > max_bytes:
                raise _TooBig
            if b"\x00" in chunk:  # binary after a text-looking opening
                raise _NotText("it contains binary data (NUL bytes)")
            chunks.append(chunk)
        return b"".join(chunks)
