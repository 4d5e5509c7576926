"""The emulator's world: users, roles, guilds, channels, threads, messages and interactions, and
their JSON payloads as Discord's API v10 sends them (shapes from the API docs and discord.py's
`discord/types`)."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000

# Permission bits (Discord API docs, "Permissions").
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_APPLICATION_COMMANDS = 1 << 31
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 50) - 1
MEMBER_DEFAULT = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS
)

# Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7

TEXT_CHANNEL = 0
PUBLIC_THREAD = 11
DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024

_counter = itertools.count()
_lock = threading.Lock()
_last = [0]


def snowflake() -> int:
    """A fresh, increasing id whose timestamp is now (discord.py reads message ages from ids)."""
    with _lock:
        value = ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (next(_counter) & 0xFFF)
        _last[0] = value = max(value, _last[0] + 1)
        return value


def iso(ts: float | None = None) -> str:
    return dt.datetime.fromtimestamp(ts if ts is not None else time.time(), dt.UTC).isoformat()


@dataclass
class User:
    id: int
    username: str
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.username.capitalize(),
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }


@dataclass
class Channel:
    id: int
    guild_id: int
    name: str
    type: int = TEXT_CHANNEL
    nsfw: bool = False
    parent_id: int | None = None  # a thread's channel
    owner_id: int | None = None  # who started a thread
    archived: bool = False
    position: int = 0
    message_count: int = 0

    @property
    def is_thread(self) -> bool:
        return self.type in (PUBLIC_THREAD, 12)

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "guild_id": str(self.guild_id),
            "name": self.name,
            "type": self.type,
            "nsfw": self.nsfw,
            "position": self.position,
            "permission_overwrites": [],
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
        }
        if self.is_thread:
            data.update(
                parent_id=str(self.parent_id),
                owner_id=str(self.owner_id),
                message_count=self.message_count,
                member_count=1,
                total_message_sent=self.message_count,
                thread_metadata={
                    "archived": self.archived,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": iso(),
                    "locked": False,
                    "create_timestamp": iso(),
                },
            )
        else:
            data.update(topic=None, parent_id=None, default_auto_archive_duration=1440)
        return data


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, list[int]] = field(default_factory=dict)  # user id -> role ids
    attachment_limit: int = DEFAULT_ATTACHMENT_LIMIT

    def permissions(self, user_id: int) -> int:
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        value = self.roles[self.id].permissions  # @everyone has the guild's id
        for role_id in self.members.get(user_id, []):
            value |= self.roles[role_id].permissions
        return ALL_PERMISSIONS if value & ADMINISTRATOR else value

    def member_payload(self, user: User, *, with_permissions: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user": user.payload(),
            "nick": None,
            "avatar": None,
            "roles": [str(r) for r in self.members.get(user.id, [])],
            "joined_at": iso(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        }
        if with_permissions:
            data["permissions"] = str(self.permissions(user.id))
        return data


@dataclass
class Attachment:
    id: int
    filename: str
    data: bytes
    content_type: str | None
    url: str = ""
    declared_size: int | None = None  # what Discord says, when a test wants it to differ

    @property
    def size(self) -> int:
        return self.declared_size if self.declared_size is not None else len(self.data)

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": self.size,
            "url": self.url,
            "proxy_url": self.url,
        }
        if self.content_type:
            data["content_type"] = self.content_type
        return data


@dataclass
class Edit:
    """One state a message was shown in, with when it appeared."""

    at: float
    content: str
    embeds: list[dict[str, Any]]
    components: list[dict[str, Any]]
    attachments: list[str]  # file names


@dataclass
class Message:
    id: int
    channel_id: int
    guild_id: int
    author: User
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    flags: int = 0
    created: float = field(default_factory=time.monotonic)
    interaction_id: int | None = None
    webhook_id: int | None = None
    visible_to: int | None = None  # ephemeral: only this user sees it
    deleted_at: float | None = None
    thread_id: int | None = None
    mention_everyone: bool = False
    mentions: list[int] = field(default_factory=list)
    history: list[Edit] = field(default_factory=list)

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    @property
    def edits(self) -> list[Edit]:
        """Every version after the first (a deferred reply's content counts as an edit)."""
        return self.history[1:]

    @property
    def colors(self) -> list[int | None]:
        return [e.embeds[0].get("color") if e.embeds else None for e in self.history]

    def snapshot(self) -> None:
        self.history.append(
            Edit(
                at=time.monotonic(),
                content=self.content,
                embeds=[dict(e) for e in self.embeds],
                components=list(self.components),
                attachments=[a.filename for a in self.attachments],
            )
        )

    @property
    def custom_ids(self) -> list[str]:
        return [
            c["custom_id"]
            for row in self.components
            for c in row.get("components", [])
            if "custom_id" in c
        ]

    def text(self) -> str:
        """Everything a user reads in the message: content, embed titles, fields, footers."""
        parts = [self.content]
        for e in self.embeds:
            parts += [e.get("title", ""), e.get("description", "")]
            parts += [f"{f.get('name', '')}: {f.get('value', '')}" for f in e.get("fields", [])]
            parts.append(e.get("footer", {}).get("text", ""))
        return "\n".join(p for p in parts if p)

    def payload(self, *, application_id: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "guild_id": str(self.guild_id),
            "author": self.author.payload(),
            "content": self.content,
            "timestamp": iso(time.time() - (time.monotonic() - self.created)),
            "edited_timestamp": iso() if len(self.history) > 1 else None,
            "tts": False,
            "mention_everyone": self.mention_everyone,
            "mentions": [],
            "mention_roles": [],
            "attachments": [a.payload() for a in self.attachments],
            "embeds": self.embeds,
            "components": self.components,
            "pinned": False,
            "type": 0 if self.interaction_id is None else 20,
            "flags": self.flags,
        }
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
        if application_id is not None and self.interaction_id is not None:
            data["application_id"] = str(application_id)
        return data


@dataclass
class Interaction:
    id: int
    token: str
    type: int  # 2 command, 3 component, 5 modal submit
    user_id: int
    guild_id: int
    channel_id: int
    data: dict[str, Any]
    name: str = ""  # "imagine", "admin cache clear", or the custom id clicked
    message_id: int | None = None  # the message whose component was used
    dispatched_at: float = 0.0
    acked_at: float | None = None
    ack_type: int | None = None
    ack_ephemeral: bool = False
    failed: bool = False  # "This interaction failed": not acknowledged within 3 s
    original_id: int | None = None  # the response message (or the component's message)
    followup_ids: list[int] = field(default_factory=list)
    modal: dict[str, Any] | None = None
    token_expired: bool = False
    token_uses_after_expiry: int = 0

    @property
    def ack_latency(self) -> float | None:
        return None if self.acked_at is None else self.acked_at - self.dispatched_at
