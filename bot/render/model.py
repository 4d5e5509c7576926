"""What the renderers produce: plain descriptions of Discord messages, free of I/O.

A `Reply` is one or more `OutMessage`s; files are described (bytes or a path), not opened, because
a `discord.File` can be sent only once and a reply may be retried or split. `bot.respond` turns
these into discord.py calls; buttons become a view with `static_view()`.

Those views are sent, never listened to by the view itself: every Studio button is handled by
one global interaction listener (`bot.buttons`), keyed by its custom id, so buttons keep working
after a restart. The views are stopped before sending, which keeps discord.py from holding one
listening view per message for the life of the process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import discord

__all__ = ["ButtonSpec", "FileSpec", "OutMessage", "Reply", "static_view"]

ButtonStyle = Literal["primary", "secondary", "success", "danger"]


@dataclass(frozen=True, slots=True)
class FileSpec:
    filename: str
    data: bytes | None = None
    path: Path | None = None

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        return self.path.stat().st_size if self.path is not None else 0

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.path is None:
            return b""
        return self.path.read_bytes()

    def to_discord(self) -> discord.File:
        import io

        return discord.File(io.BytesIO(self.read()), filename=self.filename)


@dataclass(frozen=True, slots=True)
class ButtonSpec:
    label: str
    custom_id: str
    style: ButtonStyle = "secondary"
    emoji: str | None = None
    disabled: bool = False
    # The row (0-4) it sits on; None: after the previous button, five to a row.
    row: int | None = None


@dataclass(slots=True)
class OutMessage:
    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    files: list[FileSpec] = field(default_factory=list)
    buttons: list[ButtonSpec] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.content or self.embeds or self.files)


@dataclass(slots=True)
class Reply:
    messages: list[OutMessage] = field(default_factory=list)
    # Shown only to the person who asked (user errors, admin data, personal status).
    ephemeral: bool = False

    @classmethod
    def text(cls, content: str, *, ephemeral: bool = False) -> Reply:
        return cls([OutMessage(content=content)], ephemeral=ephemeral)

    @classmethod
    def embed(cls, embed: discord.Embed, *, ephemeral: bool = False) -> Reply:
        return cls([OutMessage(embeds=[embed])], ephemeral=ephemeral)


_STYLES = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}


def static_view(buttons: Sequence[ButtonSpec]) -> discord.ui.View:
    """A view holding `buttons` (an empty one removes a message's buttons)."""
    view = discord.ui.View(timeout=None)
    for spec in buttons[:25]:
        view.add_item(
            discord.ui.Button(
                label=spec.label[:80],
                custom_id=spec.custom_id,
                style=_STYLES[spec.style],
                emoji=spec.emoji,
                disabled=spec.disabled,
                row=spec.row,
            )
        )
    view.stop()
    return view
