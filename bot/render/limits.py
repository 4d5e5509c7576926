"""Discord's limits, and fitting any reply within them (docs/discord.md).

The leaf of `bot.render`: the limits, the colours, and the functions that cut and split what the
per-kind renderers made (`replies`, `progress`, `shows`, `admin`, `errors`) so Discord accepts
it. Everything here is pure: no I/O, so the limits are unit-tested without Discord.

Limits kept: 2000 characters of content (split at paragraph, line, sentence, then word
boundaries), embeds truncated with a visible marker (title 256, description 4096, 25 fields of
256/1024, footer 2048, 6000 characters per message, 10 embeds per message), at most 10 files per
message, each fitted to the channel's attachment limit (images re-encoded smaller) or named with
where it is kept instead.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

import discord

from bot.render.model import FileSpec, OutMessage, Reply

__all__ = [
    "ALLOWED_MENTIONS",
    "COLOR_DONE",
    "COLOR_FAILED",
    "COLOR_INFO",
    "COLOR_MUTED",
    "COLOR_WORKING",
    "MAX_CONTENT",
    "TRUNCATED",
    "embed_length",
    "fit_files",
    "fit_reply",
    "human_bytes",
    "split_content",
    "truncate",
    "truncate_embed",
]

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR = 256
MAX_FILES = 10
DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024
TRUNCATED = "… (truncated)"

COLOR_WORKING = 0xE67E22  # orange while a job works
COLOR_DONE = 0x2ECC71  # green when it is done
COLOR_FAILED = 0xE74C3C  # red on failure
COLOR_MUTED = 0x95A5A6  # grey: cancelled
COLOR_INFO = 0x5865F2

# User text (prompts, titles, show synopses) is echoed back; it must never ping anyone.
ALLOWED_MENTIONS = discord.AllowedMentions.none()

_BOUNDARIES = (
    re.compile(r"\n\s*\n"),  # paragraph
    re.compile(r"\n"),  # line
    re.compile(r"(?<=[.!?…])\s+"),  # sentence
    re.compile(r"\s+"),  # word
)


# -- content ------------------------------------------------------------------------------------
def truncate(text: str, limit: int, marker: str = TRUNCATED) -> str:
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(marker))].rstrip() + marker


def split_content(text: str, limit: int = MAX_CONTENT) -> list[str]:
    """Split long text into chunks of at most `limit`, at the largest natural boundary."""
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        chunk, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        if chunk:
            chunks.append(chunk)
    if rest:
        chunks.append(rest)
    return chunks


def _cut_point(text: str, limit: int) -> int:
    window = text[: limit + 1]
    for pattern in _BOUNDARIES:
        ends = [m.start() for m in pattern.finditer(window) if 0 < m.start() <= limit]
        # A boundary in the first quarter would leave tiny chunks: look for a coarser one later.
        good = [end for end in ends if end >= limit // 4]
        if good:
            return good[-1]
    return limit


# -- embeds -------------------------------------------------------------------------------------
def truncate_embed(
    embed: discord.Embed,
    *,
    description: int = MAX_DESCRIPTION,
    field_value: int = MAX_FIELD_VALUE,
) -> discord.Embed:
    """A copy of `embed` with every part within Discord's per-embed limits, marked when cut;
    `description` and `field_value` may be set shorter, for a layout that wants them short."""
    data = embed.to_dict()
    if "title" in data:
        data["title"] = truncate(str(data["title"]), MAX_TITLE, "…")
    if "description" in data:
        data["description"] = truncate(str(data["description"]), min(description, MAX_DESCRIPTION))
    fields = list(data.get("fields", []))
    if len(fields) > MAX_FIELDS:
        dropped = len(fields) - (MAX_FIELDS - 1)
        fields = [
            *fields[: MAX_FIELDS - 1],
            {"name": "…", "value": f"{dropped} more not shown", "inline": False},
        ]
    for f in fields:
        f["name"] = truncate(str(f.get("name") or "\u200b"), MAX_FIELD_NAME, "…")
        f["value"] = truncate(str(f.get("value") or "\u200b"), min(field_value, MAX_FIELD_VALUE))
    if fields:
        data["fields"] = fields
    if "footer" in data and "text" in data["footer"]:
        data["footer"]["text"] = truncate(str(data["footer"]["text"]), MAX_FOOTER)
    if "author" in data and "name" in data["author"]:
        data["author"]["name"] = truncate(str(data["author"]["name"]), MAX_AUTHOR, "…")
    return discord.Embed.from_dict(data)


def embed_length(embed: discord.Embed) -> int:
    """Characters that count toward the 6000 per message (Discord's rule, as discord.py's len)."""
    return len(embed)


def _shrink_to(embed: discord.Embed, budget: int) -> discord.Embed:
    """Cut the description, then fields from the end, until the embed fits `budget`."""
    data = embed.to_dict()
    excess = len(embed) - budget
    if excess > 0 and data.get("description"):
        desc = str(data["description"])
        data["description"] = truncate(desc, max(len(TRUNCATED) + 1, len(desc) - excess))
        embed = discord.Embed.from_dict(data)
    while len(embed) > budget and data.get("fields"):
        data["fields"] = data["fields"][:-1]
        data["footer"] = {"text": truncate("Some details were cut to fit" + TRUNCATED, MAX_FOOTER)}
        embed = discord.Embed.from_dict(data)
    return embed


def _pack_embeds(embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    """Group embeds into messages of at most 10 embeds and 6000 characters each."""
    groups: list[list[discord.Embed]] = [[]]
    used = 0
    for raw in embeds:
        embed = truncate_embed(raw)
        if len(embed) > MAX_EMBED_TOTAL:
            embed = _shrink_to(embed, MAX_EMBED_TOTAL)
        if len(groups[-1]) >= MAX_EMBEDS or used + len(embed) > MAX_EMBED_TOTAL:
            groups.append([])
            used = 0
        groups[-1].append(embed)
        used += len(embed)
    return [g for g in groups if g]


# -- files --------------------------------------------------------------------------------------
def human_bytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size} B"


_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


def fit_files(files: Iterable[FileSpec], limit: int) -> tuple[list[FileSpec], list[str]]:
    """Files that fit `limit` bytes each (images re-encoded smaller when needed), and a note for
    each file that could not be made to fit, saying where it is kept."""
    kept: list[FileSpec] = []
    notes: list[str] = []
    for spec in files:
        size = spec.size
        if size <= limit:
            kept.append(spec)
            continue
        is_image = spec.filename.lower().endswith(_IMAGE_SUFFIXES)
        smaller = _shrink_image(spec, limit) if is_image else None
        if smaller is not None:
            kept.append(smaller)
            notes.append(
                f"{spec.filename} was {human_bytes(size)}, over this channel's "
                f"{human_bytes(limit)} limit: sent as a smaller JPEG."
            )
            continue
        where = f" It is kept on the studio server at `{spec.path}`." if spec.path else ""
        notes.append(
            f"{spec.filename} is {human_bytes(size)}, over this channel's "
            f"{human_bytes(limit)} attachment limit, so it is not attached.{where}"
        )
    return kept, notes


def _shrink_image(spec: FileSpec, limit: int) -> FileSpec | None:
    from PIL import Image

    try:
        opened = Image.open(io.BytesIO(spec.read()))
        opened.load()
    except (OSError, ValueError):
        return None
    image = opened.convert("RGB")
    stem = spec.filename.rsplit(".", 1)[0]
    for _ in range(8):
        for quality in (90, 80, 65):
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=quality, optimize=True)
            if out.tell() <= limit:
                return FileSpec(filename=f"{stem}.jpg", data=out.getvalue())
        width, height = image.size
        if width < 64 or height < 64:
            break
        image = image.resize((max(1, int(width * 0.75)), max(1, int(height * 0.75))))
    return None


# -- whole replies ------------------------------------------------------------------------------
def fit_reply(reply: Reply, *, attachment_limit: int | None = None) -> Reply:
    """Split and trim every message of `reply` so Discord accepts each one."""
    limit = attachment_limit or DEFAULT_ATTACHMENT_LIMIT
    out: list[OutMessage] = []
    for message in reply.messages:
        out.extend(_fit_message(message, limit))
    return Reply(out, ephemeral=reply.ephemeral)


def _fit_message(message: OutMessage, limit: int) -> list[OutMessage]:
    files, notes = fit_files(message.files, limit)
    content = message.content or ""
    if notes:
        content = "\n".join([content, *notes]).strip()
    chunks = split_content(content) if content else []
    embed_groups = _pack_embeds(message.embeds)
    file_groups = [files[i : i + MAX_FILES] for i in range(0, len(files), MAX_FILES)]
    count = max(len(chunks), len(embed_groups), len(file_groups), 1)
    parts: list[OutMessage] = []
    # Content first, then embeds, then files: the last part carries the buttons.
    for i in range(count):
        parts.append(
            OutMessage(
                content=chunks[i] if i < len(chunks) else None,
                embeds=embed_groups[i] if i < len(embed_groups) else [],
                files=file_groups[i] if i < len(file_groups) else [],
            )
        )
    parts[-1].buttons = list(message.buttons)
    return [p for p in parts if not p.empty or p.buttons]
