"""`DiscordEmulator`: the aiohttp app, the world it serves, and what tests do and read with it.

Acting as users: `invoke` (a slash command as a member, in a channel), `click` (a button),
`submit_modal`, `post` (a plain message), `upload` (an attachment for a command option),
`delete_message` (a moderator removes a message). Reading what users see: `visible` (a channel
or thread as one member sees it, ephemeral messages included for them), `replies` (everything an
interaction produced), `thread_of`, and the records `calls`, `violations`, `gateway.log`.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.e2e.emulator.faults import Fault, RateLimits
from tests.e2e.emulator.gateway import Gateway
from tests.e2e.emulator.model import (
    EPHEMERAL,
    MANAGE_GUILD,
    MEMBER_DEFAULT,
    PUBLIC_THREAD,
    Attachment,
    Channel,
    Guild,
    Interaction,
    Message,
    Role,
    User,
    snowflake,
)
from tests.e2e.emulator.rest import ACK_DEADLINE_S, Call, Rest


class DiscordEmulator:
    def __init__(self, *, shards: int = 1) -> None:
        self.token = f"emulated-bot-token.{secrets.token_urlsafe(24)}"
        self.application_id = snowflake()
        self.bot_user = User(self.application_id, "studio", bot=True)
        self.owner = User(snowflake(), "owner")
        self.users: dict[str, User] = {"owner": self.owner}
        self.recommended_shards = shards
        self.ack_deadline_s = ACK_DEADLINE_S
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.interactions: dict[int, Interaction] = {}
        self.by_token: dict[str, Interaction] = {}
        self._payloads: dict[int, dict[str, Any]] = {}
        self.uploads: dict[int, Attachment] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.command_syncs: list[str] = []
        self.calls: list[Call] = []
        self.violations: list[str] = []
        self.faults: list[Fault] = []
        self.downloads: list[str] = []
        self.rate_limits = RateLimits()
        # Per-guild overrides of a command's default_member_permissions (a server can change who
        # sees a command; the bot must still check).
        self.permission_overrides: set[tuple[int, str]] = set()
        self.gateway = Gateway(self)
        self._rest = Rest(self)
        self._runner: web.AppRunner | None = None
        self._timers: set[asyncio.Task[None]] = set()
        self.port = 0
        self._build_world()

    # -- the world ------------------------------------------------------------------------------
    def _build_world(self) -> None:
        guild_id = snowflake()
        guild = Guild(id=guild_id, name="Studio Test Server", owner_id=self.owner.id)
        guild.roles[guild_id] = Role(guild_id, "@everyone", MEMBER_DEFAULT)
        admin_role = Role(snowflake(), "Admins", MANAGE_GUILD, position=1)
        guild.roles[admin_role.id] = admin_role
        self.guilds[guild_id] = guild
        self.guild = guild
        for name, roles in (("alice", [admin_role.id]), ("bob", []), ("carol", [])):
            user = User(snowflake(), name)
            self.users[name] = user
            guild.members[user.id] = roles
        guild.members[self.owner.id] = []
        guild.members[self.bot_user.id] = []
        self.general = self._channel(guild, "general")
        self.art = self._channel(guild, "art", nsfw=True)

    def _channel(self, guild: Guild, name: str, *, nsfw: bool = False) -> Channel:
        channel = Channel(snowflake(), guild.id, name, nsfw=nsfw, position=len(guild.channels))
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel

    def add_member(
        self,
        name: str,
        *,
        user_id: int | None = None,
        roles: list[int] = (),  # type: ignore[assignment]
        guild: Guild | None = None,
    ) -> User:
        """A member of `guild` (default: the first server); an existing name joins it too."""
        user = self.users.get(name) or User(user_id or snowflake(), name)
        self.users[name] = user
        (guild or self.guild).members[user.id] = list(roles)
        return user

    def add_guild(self, name: str) -> Guild:
        """Another server with the bot in it: @everyone, an Admins role and a #general channel
        (`general_of`). Add it before the bot connects, or it arrives as a GUILD_CREATE."""
        guild_id = snowflake()
        guild = Guild(id=guild_id, name=name, owner_id=self.owner.id)
        guild.roles[guild_id] = Role(guild_id, "@everyone", MEMBER_DEFAULT)
        admin_role = Role(snowflake(), "Admins", MANAGE_GUILD, position=1)
        guild.roles[admin_role.id] = admin_role
        guild.members[self.owner.id] = []
        guild.members[self.bot_user.id] = []
        self.guilds[guild_id] = guild
        self._channel(guild, "general")
        if self.gateway.sessions:
            self._later(
                self.gateway.dispatch("GUILD_CREATE", self.guild_payload(guild), guild_id=guild_id)
            )
        return guild

    def general_of(self, guild: Guild) -> Channel:
        return next(c for c in guild.channels.values() if c.name == "general")

    def user(self, name: str) -> User:
        return self.users[name]

    def guild_payload(self, guild: Guild) -> dict[str, Any]:
        channels = [c for c in guild.channels.values() if not c.is_thread]
        threads = [c for c in guild.channels.values() if c.is_thread and not c.archived]
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(guild.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [r.payload() for r in guild.roles.values()],
            "emojis": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "stickers": [],
            "premium_progress_bar_enabled": False,
            "joined_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
            "large": False,
            "unavailable": False,
            "member_count": len(guild.members),
            "voice_states": [],
            "members": [guild.member_payload(self.bot_user)],
            "channels": [c.payload() for c in channels],
            "threads": [t.payload() for t in threads],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    # -- lifecycle ------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(middlewares=[self._rest.middleware], client_max_size=64 * 1024**2)
        app.add_routes([web.get("/gateway", self.gateway.handle), *self._rest.routes()])
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        for timer in self._timers:
            timer.cancel()
        await self.gateway.drop(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def violate(self, what: str) -> None:
        self.violations.append(what)

    def add_fault(self, path: str, **kwargs: Any) -> Fault:
        fault = Fault(path=path, **kwargs)
        self.faults.append(fault)
        return fault

    # -- messages and threads (used by the REST handlers and by tests) --------------------------
    def new_message(
        self,
        channel_id: int,
        author: User,
        payload: dict[str, Any],
        *,
        files: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
        flags: int = 0,
        interaction: Interaction | None = None,
    ) -> Message:
        channel = self.channels[channel_id]
        message = Message(
            id=snowflake(),
            channel_id=channel_id,
            guild_id=channel.guild_id,
            author=author,
            flags=flags,
            interaction_id=interaction.id if interaction else None,
            webhook_id=self.application_id if interaction else None,
            visible_to=interaction.user_id if interaction and flags & EPHEMERAL else None,
        )
        self._fill(message, payload, files)
        message.snapshot()
        self.messages[message.id] = message
        channel.message_count += 1
        return message

    def _fill(
        self, message: Message, payload: dict[str, Any], files: list[tuple[str, bytes]]
    ) -> None:
        if "content" in payload:
            message.content = payload.get("content") or ""
        if "embeds" in payload:
            message.embeds = list(payload.get("embeds") or [])
        if "components" in payload:
            message.components = list(payload.get("components") or [])
        if "attachments" in payload or files:
            keep = {str(a.get("id")) for a in payload.get("attachments") or []}
            kept = [a for a in message.attachments if str(a.id) in keep]
            fresh = [self._store_upload(name, data) for name, data in files]
            message.attachments = kept + fresh
        allowed = payload.get("allowed_mentions")
        parse = (
            allowed.get("parse", [])
            if isinstance(allowed, dict)
            else ["everyone", "users", "roles"]
        )
        text = message.content
        message.mention_everyone = ("@everyone" in text or "@here" in text) and "everyone" in parse

    def _store_upload(self, name: str, data: bytes) -> Attachment:
        attachment = Attachment(snowflake(), name, data, None)
        attachment.url = f"http://127.0.0.1:{self.port}/attachments/{attachment.id}/{name}"
        self.uploads[attachment.id] = attachment
        return attachment

    async def announce_create(self, message: Message) -> None:
        if not message.ephemeral:
            payload = message.payload(
                application_id=self.application_id if message.interaction_id else None
            )
            await self.gateway.dispatch("MESSAGE_CREATE", payload, guild_id=message.guild_id)

    async def apply_edit(
        self, message: Message, payload: dict[str, Any], files: list[tuple[str, bytes]]
    ) -> None:
        self._fill(message, payload, files)
        message.snapshot()
        if not message.ephemeral:
            await self.gateway.dispatch(
                "MESSAGE_UPDATE", message.payload(), guild_id=message.guild_id
            )

    async def delete(self, message: Message) -> None:
        message.deleted_at = time.monotonic()
        if not message.ephemeral:
            await self.gateway.dispatch(
                "MESSAGE_DELETE",
                {
                    "id": str(message.id),
                    "channel_id": str(message.channel_id),
                    "guild_id": str(message.guild_id),
                },
                guild_id=message.guild_id,
            )

    def new_thread(self, message: Message, name: str) -> Channel:
        parent = self.channels[message.channel_id]
        # A thread started from a message has the message's id.
        thread = Channel(
            message.id,
            parent.guild_id,
            name,
            type=PUBLIC_THREAD,
            parent_id=parent.id,
            owner_id=self.bot_user.id,
        )
        self.channels[thread.id] = thread
        self.guilds[parent.guild_id].channels[thread.id] = thread
        message.thread_id = thread.id
        self._later(
            self.gateway.dispatch(
                "THREAD_CREATE",
                {**thread.payload(), "newly_created": True},
                guild_id=thread.guild_id,
            )
        )
        return thread

    def _later(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._timers.add(task)
        task.add_done_callback(self._timers.discard)

    # -- acting as users ------------------------------------------------------------------------
    def upload(
        self,
        filename: str,
        data: bytes,
        *,
        content_type: str | None = "text/plain",
        declared_size: int | None = None,
    ) -> Attachment:
        attachment = self._store_upload(filename, data)
        attachment.content_type = content_type
        attachment.declared_size = declared_size
        return attachment

    def command(self, name: str, guild_id: int | None = None) -> dict[str, Any]:
        scopes = [str(guild_id)] if guild_id else []
        for scope in [*scopes, "global"]:
            for command in self.commands.get(scope, []):
                if command["name"] == name:
                    return command
        raise KeyError(f"/{name} is not registered (registered: {self.command_names()})")

    def command_names(self) -> list[str]:
        """Every invocable command path, e.g. "admin cache clear"."""
        names = []

        def walk(prefix: str, options: list[dict[str, Any]]) -> bool:
            found = False
            for opt in options:
                if opt.get("type") == 1:
                    names.append(f"{prefix} {opt['name']}")
                    found = True
                elif opt.get("type") == 2:
                    walk(f"{prefix} {opt['name']}", opt.get("options") or [])
                    found = True
            return found

        for command in self.commands.get("global", []):
            if not walk(command["name"], command.get("options") or []):
                names.append(command["name"])
        return sorted(names)

    def _build_options(
        self, path: list[str], guild: Guild, values: dict[str, Any], resolved: dict[str, Any]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        command = self.command(path[0])
        defs = command.get("options") or []
        wrappers: list[dict[str, Any]] = []
        for part in path[1:]:
            group = next((o for o in defs if o["name"] == part and o.get("type") in (1, 2)), None)
            if group is None:
                raise KeyError(f"/{' '.join(path)}: no subcommand {part!r}")
            wrappers.append({"type": group["type"], "name": part, "options": []})
            defs = group.get("options") or []
        leaf: list[dict[str, Any]] = []
        for name, value in values.items():
            spec = next((o for o in defs if o["name"] == name), None)
            if spec is None:
                raise KeyError(f"/{' '.join(path)} has no option {name!r}")
            sent = value
            if isinstance(value, Attachment):
                resolved.setdefault("attachments", {})[str(value.id)] = value.payload()
                sent = str(value.id)
            leaf.append({"type": spec["type"], "name": name, "value": sent})
        for spec in defs:
            if spec.get("required") and spec["name"] not in values:
                raise KeyError(f"/{' '.join(path)}: required option {spec['name']!r} missing")
        options = leaf
        for wrapper in reversed(wrappers):
            wrapper["options"] = options
            options = [wrapper]
        return command, options

    def _base_interaction(
        self, kind: int, user: User, channel: Channel, data: dict[str, Any], locale: str = "en-US"
    ) -> dict[str, Any]:
        guild = self.guilds[channel.guild_id]
        iid = snowflake()
        token = f"aW50ZXJhY3Rpb24{secrets.token_urlsafe(48)}"
        channel_payload = {**channel.payload(), "permissions": str(guild.permissions(user.id))}
        return {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "guild_id": str(guild.id),
            "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
            "channel_id": str(channel.id),
            "channel": channel_payload,
            "member": guild.member_payload(user, with_permissions=True),
            "token": token,
            "version": 1,
            "app_permissions": str(guild.permissions(self.bot_user.id)),
            "locale": locale,  # the member's Discord language
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0,
            "attachment_size_limit": guild.attachment_limit,
        }

    async def redeliver(self, record: Interaction) -> None:
        """Send the same INTERACTION_CREATE again (a duplicate delivery)."""
        await self.gateway.dispatch(
            "INTERACTION_CREATE", self._payloads[record.id], guild_id=record.guild_id
        )

    async def _dispatch_interaction(
        self, payload: dict[str, Any], record: Interaction
    ) -> Interaction:
        self._payloads[record.id] = payload
        self.interactions[record.id] = record
        self.by_token[record.token] = record
        record.dispatched_at = time.monotonic()
        await self.gateway.dispatch("INTERACTION_CREATE", payload, guild_id=record.guild_id)
        self._later(self._deadline(record))
        return record

    async def _deadline(self, record: Interaction) -> None:
        await asyncio.sleep(self.ack_deadline_s)
        if record.acked_at is None:
            record.failed = True  # the user sees "This interaction failed"
            self.violate(f"interaction {record.name} was not acknowledged in time")

    async def invoke(
        self,
        user: User | str,
        command: str,
        *,
        channel: Channel | int | None = None,
        locale: str = "en-US",
        **options: Any,
    ) -> Interaction:
        """Run `/command` (e.g. "admin cache clear") as `user` in `channel` (default #general),
        from a Discord app set to `locale`."""
        user = self.users[user] if isinstance(user, str) else user
        where = self._resolve_channel(channel)
        guild = self.guilds[where.guild_id]
        path = command.split()
        resolved: dict[str, Any] = {}
        spec, opts = self._build_options(path, guild, options, resolved)
        required = spec.get("default_member_permissions")
        overridden = (guild.id, path[0]) in self.permission_overrides
        if (
            required
            and not overridden
            and guild.permissions(user.id) & int(required) != int(required)
        ):
            raise PermissionError(f"/{path[0]} is hidden from {user.username} by Discord")
        data: dict[str, Any] = {"id": spec["id"], "name": path[0], "type": 1, "options": opts}
        if resolved:
            data["resolved"] = resolved
        payload = self._base_interaction(2, user, where, data, locale)
        record = Interaction(
            id=int(payload["id"]),
            token=payload["token"],
            type=2,
            user_id=user.id,
            guild_id=guild.id,
            channel_id=where.id,
            data=data,
            name=command,
        )
        return await self._dispatch_interaction(payload, record)

    async def click(
        self, user: User | str, message: Message, custom_id: str, *, locale: str = "en-US"
    ) -> Interaction:
        user = self.users[user] if isinstance(user, str) else user
        if custom_id not in message.custom_ids:
            raise KeyError(
                f"message {message.id} has no button {custom_id!r} (has {message.custom_ids})"
            )
        channel = self.channels[message.channel_id]
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self._base_interaction(3, user, channel, data, locale)
        payload["message"] = message.payload(
            application_id=self.application_id if message.interaction_id else None
        )
        record = Interaction(
            id=int(payload["id"]),
            token=payload["token"],
            type=3,
            user_id=user.id,
            guild_id=channel.guild_id,
            channel_id=channel.id,
            data=data,
            name=custom_id,
            message_id=message.id,
        )
        return await self._dispatch_interaction(payload, record)

    async def submit_modal(
        self, user: User | str, opened_by: Interaction, values: dict[str, str]
    ) -> Interaction:
        user = self.users[user] if isinstance(user, str) else user
        modal = opened_by.modal
        if modal is None:
            raise ValueError("that interaction did not open a modal")
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": cid, "value": value}]}
            for cid, value in values.items()
        ]
        data = {"custom_id": modal["custom_id"], "components": rows}
        channel = self.channels[opened_by.channel_id]
        payload = self._base_interaction(5, user, channel, data)
        record = Interaction(
            id=int(payload["id"]),
            token=payload["token"],
            type=5,
            user_id=user.id,
            guild_id=channel.guild_id,
            channel_id=channel.id,
            data=data,
            name=modal["custom_id"],
        )
        return await self._dispatch_interaction(payload, record)

    async def post(self, user: User | str, channel: Channel | int, content: str) -> Message:
        """A member writes a plain message."""
        user = self.users[user] if isinstance(user, str) else user
        where = self._resolve_channel(channel)
        if where.archived:
            where.archived = False
        message = self.new_message(where.id, user, {"content": content})
        payload = message.payload()
        payload["member"] = self.guilds[where.guild_id].member_payload(user)
        await self.gateway.dispatch("MESSAGE_CREATE", payload, guild_id=where.guild_id)
        return message

    async def delete_message(self, message: Message) -> None:
        """Someone (a moderator) deletes a message."""
        await self.delete(message)

    def archive(self, thread_id: int) -> None:
        self.channels[thread_id].archived = True

    def expire_token(self, interaction: Interaction) -> None:
        interaction.token_expired = True

    def _resolve_channel(self, channel: Channel | int | None) -> Channel:
        if channel is None:
            return self.general
        return channel if isinstance(channel, Channel) else self.channels[channel]

    # -- reading what users see -----------------------------------------------------------------
    def visible(self, channel: Channel | int, viewer: User | str | None = None) -> list[Message]:
        """The channel as `viewer` sees it now: public messages, and their own ephemerals."""
        where = self._resolve_channel(channel)
        who = self.users[viewer].id if isinstance(viewer, str) else viewer.id if viewer else None
        return [
            m
            for m in self.messages.values()
            if m.channel_id == where.id
            and not m.deleted
            and (m.visible_to is None or m.visible_to == who)
        ]

    def replies(self, interaction: Interaction) -> list[Message]:
        """What the interaction produced, in order: its response message, then follow-ups."""
        ids = [interaction.original_id, *interaction.followup_ids]
        out = []
        for mid in ids:
            message = self.messages.get(mid or 0)
            if (
                message is not None
                and message.interaction_id == interaction.id
                and not message.deleted
            ):
                out.append(message)
        return out

    def thread_of(self, message: Message) -> Channel | None:
        return self.channels.get(message.thread_id or 0)

    async def wait_until(
        self, predicate: Callable[[], Any], *, timeout: float = 10.0, what: str = "condition"
    ) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.1f} s waiting for {what}")
            await asyncio.sleep(0.01)

    async def wait_answered(
        self, interaction: Interaction, *, timeout: float = 10.0
    ) -> list[Message]:
        """Wait until the interaction's reply has content (not the "thinking…" placeholder)."""

        def done() -> list[Message] | None:
            messages = self.replies(interaction)
            if interaction.ack_type in (6, 7, 9) and interaction.acked_at is not None:
                return (
                    messages or [self.messages[interaction.message_id]]
                    if interaction.message_id
                    else messages
                )
            if messages and not any(m.loading for m in messages):
                return messages
            original = self.messages.get(interaction.original_id or 0)
            if original is not None and original.deleted and interaction.followup_ids:
                return messages
            return None

        return await self.wait_until(done, timeout=timeout, what=f"a reply to {interaction.name}")
