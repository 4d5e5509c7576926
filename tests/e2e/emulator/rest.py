"""The REST API the bot calls, under /api/v10, plus the attachment CDN.

A middleware records every call with its time, applies injected faults, and notes requests sent
into a closed rate-limit bucket. Handlers keep Discord's behaviour where the bot depends on it:
the first follow-up of a deferred interaction replaces the "thinking" message with the
deferral's visibility; a callback after 3 s gets 10062; a second callback gets 40060; an expired
token gets 50027; editing a deleted message gets 10008; an archived thread refuses edits (50083)
and is unarchived by a new message.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.e2e.emulator.faults import Fault, bucket_of
from tests.e2e.emulator.limits import command_problems, message_problems
from tests.e2e.emulator.model import EPHEMERAL, LOADING, Message, snowflake

if TYPE_CHECKING:
    from tests.e2e.emulator.server import DiscordEmulator

API = "/api/v10"
ACK_DEADLINE_S = 3.0
RATE_LIMIT_TOLERANCE_S = 0.005


@dataclass
class Call:
    at: float
    method: str
    path: str
    query: dict[str, str]
    bucket: str
    status: int = 0
    done_at: float = 0.0
    body: Any = None
    files: list[tuple[str, int]] = field(default_factory=list)
    fault: str | None = None


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly application/json: discord.py parses nothing else (docs/discord.md).
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def error(status: int, code: int, message: str, **extra: Any) -> web.Response:
    return _json({"message": message, "code": code, **extra}, status)


def form_errors(problems: list[str]) -> dict[str, Any]:
    """Discord's nested `errors` object of a 50035 (discord.py flattens it into the message)."""
    return {"payload": {"_errors": [{"code": "BASE_TYPE_INVALID", "message": p} for p in problems]}}


@dataclass
class Body:
    json: dict[str, Any]
    files: list[tuple[str, bytes]]


async def read_body(request: web.Request) -> Body:
    if request.content_type.startswith("multipart/"):
        payload: dict[str, Any] = {}
        files: list[tuple[str, bytes]] = []
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            elif part.name and part.name.startswith("files["):
                files.append((part.filename or "file", await part.read()))
        return Body(payload, files)
    if request.can_read_body:
        raw = await request.read()
        return Body(json.loads(raw) if raw else {}, [])
    return Body({}, [])


class Rest:
    def __init__(self, emulator: DiscordEmulator) -> None:
        self.emu = emulator

    def routes(self) -> list[web.RouteDef]:
        r = web
        return [
            r.get(API + "/users/@me", self.me),
            r.get(API + "/oauth2/applications/@me", self.application),
            r.get(API + "/gateway", self.gateway),
            r.get(API + "/gateway/bot", self.gateway_bot),
            r.put(API + "/applications/{app}/commands", self.put_commands),
            r.put(API + "/applications/{app}/guilds/{guild}/commands", self.put_commands),
            r.get(API + "/applications/{app}/commands", self.get_commands),
            r.get(API + "/applications/{app}/guilds/{guild}/commands", self.get_commands),
            r.post(API + "/interactions/{iid}/{token}/callback", self.callback),
            r.post(API + "/webhooks/{app}/{token}", self.followup),
            r.get(API + "/webhooks/{app}/{token}/messages/{mid}", self.get_webhook_message),
            r.patch(API + "/webhooks/{app}/{token}/messages/{mid}", self.edit_webhook_message),
            r.delete(API + "/webhooks/{app}/{token}/messages/{mid}", self.delete_webhook_message),
            r.get(API + "/channels/{cid}", self.get_channel),
            r.post(API + "/channels/{cid}/messages", self.create_message),
            r.get(API + "/channels/{cid}/messages/{mid}", self.get_message),
            r.patch(API + "/channels/{cid}/messages/{mid}", self.edit_message),
            r.delete(API + "/channels/{cid}/messages/{mid}", self.delete_message),
            r.post(API + "/channels/{cid}/messages/{mid}/threads", self.thread_from_message),
            r.get("/attachments/{aid}/{filename}", self.cdn),
        ]

    # -- middleware -----------------------------------------------------------------------------
    @web.middleware
    async def middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        emu = self.emu
        path = request.path
        if path == "/gateway" or path.startswith("/attachments/"):
            if path.startswith("/attachments/"):
                emu.downloads.append(path)
            return await handler(request)
        call = Call(
            at=time.monotonic(),
            method=request.method,
            path=path.removeprefix(API),
            query=dict(request.query),
            bucket=bucket_of(request.method, path.removeprefix(API)),
        )
        emu.calls.append(call)
        early = emu.rate_limits.early_by(call.bucket)
        if early > RATE_LIMIT_TOLERANCE_S:
            emu.violate(f"{call.method} {call.path} sent {early:.3f} s before retry_after ended")
            await request.read()
            again = Fault(path=".", status=429, retry_after=early, times=None)
            response = self._fault_response(call, again)
            call.status, call.done_at, call.fault = 429, time.monotonic(), "429 (early)"
            return response
        needs_auth = not path.startswith((API + "/interactions/", API + "/webhooks/"))
        if needs_auth and request.headers.get("Authorization") != f"Bot {emu.token}":
            call.status = 401
            return error(401, 0, "401: Unauthorized")
        fault = next((f for f in emu.faults if f.matches(call.method, call.path)), None)
        if fault is not None:
            fault.hits += 1
            call.fault = f"{fault.status or 'delay'} {fault.code or ''}".strip()
            if fault.delay_s:
                await asyncio.sleep(fault.delay_s)
            if fault.status is not None:
                await request.read()
                response = self._fault_response(call, fault)
                call.status, call.done_at = response.status, time.monotonic()
                return response
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            call.status, call.done_at = exc.status, time.monotonic()
            raise
        call.status, call.done_at = response.status, time.monotonic()
        return response

    def _fault_response(self, call: Call, fault: Fault) -> web.Response:
        headers: dict[str, str] = {}
        if fault.status == 429:
            retry = float(fault.retry_after or 1.0)
            self.emu.rate_limits.close(call.bucket, retry, global_=fault.global_)
            headers = {
                # discord.py trusts a 429 only when it came through Discord's proxy (Via).
                "Via": "1.1 google",
                "Retry-After": f"{retry:.3f}",
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset-After": f"{retry:.3f}",
                "X-RateLimit-Bucket": "emulated",
                "X-RateLimit-Scope": "shared" if not fault.global_ else "global",
            }
            if fault.global_:
                headers["X-RateLimit-Global"] = "true"
        return _json(fault.body(), int(fault.status), headers)

    # -- identity -------------------------------------------------------------------------------
    async def me(self, _request: web.Request) -> web.Response:
        return _json(self.emu.bot_user.payload())

    async def application(self, _request: web.Request) -> web.Response:
        emu = self.emu
        return _json(
            {
                "id": str(emu.application_id),
                "name": "Studio",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": emu.owner.payload(),
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    async def gateway(self, _request: web.Request) -> web.Response:
        return _json({"url": self.emu.gateway_url})

    async def gateway_bot(self, _request: web.Request) -> web.Response:
        return _json(
            {
                "url": self.emu.gateway_url,
                "shards": self.emu.recommended_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    # -- commands -------------------------------------------------------------------------------
    async def put_commands(self, request: web.Request) -> web.Response:
        commands = await request.json()
        problems = command_problems(commands)
        scope = request.match_info.get("guild", "global")
        self.emu.command_syncs.append(scope)
        if problems:
            for p in problems:
                self.emu.violate(f"command registration: {p}")
            return error(400, 50035, "Invalid Form Body", errors=form_errors(problems))
        stored = []
        for command in commands:
            stored.append(
                {
                    **command,
                    "id": str(snowflake()),
                    "application_id": str(self.emu.application_id),
                    "version": str(snowflake()),
                    "type": command.get("type", 1),
                    # Discord answers with the permissions as a string, whatever was sent.
                    "default_member_permissions": (
                        None
                        if command.get("default_member_permissions") is None
                        else str(command["default_member_permissions"])
                    ),
                }
            )
        self.emu.commands[scope] = stored
        return _json(stored)

    async def get_commands(self, request: web.Request) -> web.Response:
        return _json(self.emu.commands.get(request.match_info.get("guild", "global"), []))

    # -- interactions ---------------------------------------------------------------------------
    async def callback(self, request: web.Request) -> web.Response:
        emu = self.emu
        body = await read_body(request)
        interaction = emu.interactions.get(int(request.match_info["iid"]))
        if interaction is None or interaction.token != request.match_info["token"]:
            return error(404, 10062, "Unknown interaction")
        now = time.monotonic()
        if interaction.acked_at is not None:
            emu.violate(f"interaction {interaction.name} acknowledged twice")
            return error(400, 40060, "Interaction has already been acknowledged.")
        if now - interaction.dispatched_at > emu.ack_deadline_s:
            emu.violate(f"interaction {interaction.name} acknowledged after the deadline")
            return error(404, 10062, "Unknown interaction")
        kind = int(body.json.get("type", 0))
        data = body.json.get("data") or {}
        interaction.acked_at, interaction.ack_type = now, kind
        response: dict[str, Any] = {
            "interaction": {"id": str(interaction.id), "type": interaction.type}
        }
        if kind in (4, 5):
            ephemeral = bool(int(data.get("flags", 0)) & EPHEMERAL)
            interaction.ack_ephemeral = ephemeral
            if kind == 4:
                problem = self._check_message(data, body.files, interaction.guild_id)
                if problem is not None:
                    interaction.acked_at = None
                    return problem
            message = emu.new_message(
                interaction.channel_id,
                emu.bot_user,
                data if kind == 4 else {},
                files=body.files,
                flags=(EPHEMERAL if ephemeral else 0) | (LOADING if kind == 5 else 0),
                interaction=interaction,
            )
            interaction.original_id = message.id
            response["interaction"].update(
                response_message_id=str(message.id),
                response_message_loading=kind == 5,
                response_message_ephemeral=ephemeral,
            )
            response["resource"] = {
                "type": kind,
                "message": message.payload(application_id=emu.application_id),
            }
            await emu.announce_create(message)
        elif kind in (6, 7):
            interaction.original_id = interaction.message_id
            if kind == 7 and interaction.message_id is not None:
                message = emu.messages[interaction.message_id]
                await emu.apply_edit(message, data, body.files)
                response["resource"] = {"type": 7, "message": message.payload()}
        elif kind == 9:
            interaction.modal = data
        elif kind == 8:  # autocomplete suggestions: only an autocomplete request takes them
            if interaction.type != 4:
                interaction.acked_at = None
                return error(400, 50035, "autocomplete results answer autocomplete requests only")
        else:
            interaction.acked_at = None
            return error(400, 50035, f"unsupported callback type {kind}")
        return _json(response)

    def _interaction_for_token(self, request: web.Request) -> Any:
        emu = self.emu
        token = request.match_info["token"]
        interaction = emu.by_token.get(token)
        if interaction is None:
            return None, error(401, 50027, "Invalid Webhook Token")
        if interaction.token_expired:
            interaction.token_uses_after_expiry += 1
            return None, error(401, 50027, "Invalid Webhook Token")
        return interaction, None

    async def followup(self, request: web.Request) -> web.Response:
        emu = self.emu
        interaction, failure = self._interaction_for_token(request)
        body = await read_body(request)
        if failure is not None:
            return failure
        if interaction.acked_at is None:
            return error(404, 10015, "Unknown Webhook")
        problem = self._check_message(body.json, body.files, interaction.guild_id)
        if problem is not None:
            return problem
        original = emu.messages.get(interaction.original_id or 0)
        if original is not None and original.loading and not original.deleted:
            # Discord: the first follow-up after a deferral fills the "thinking…" message, with
            # the deferral's visibility (its own ephemeral flag is ignored).
            await emu.apply_edit(original, body.json, body.files)
            original.flags &= ~LOADING
            return _json(original.payload(application_id=emu.application_id))
        ephemeral = bool(int(body.json.get("flags", 0)) & EPHEMERAL)
        message = emu.new_message(
            interaction.channel_id,
            emu.bot_user,
            body.json,
            files=body.files,
            flags=EPHEMERAL if ephemeral else 0,
            interaction=interaction,
        )
        interaction.followup_ids.append(message.id)
        await emu.announce_create(message)
        return _json(message.payload(application_id=emu.application_id))

    def _webhook_message(self, interaction: Any, mid: str) -> Message | None:
        message_id = interaction.original_id if mid == "@original" else int(mid)
        message = self.emu.messages.get(message_id or 0)
        return None if message is None or message.deleted else message

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        interaction, failure = self._interaction_for_token(request)
        if failure is not None:
            return failure
        message = self._webhook_message(interaction, request.match_info["mid"])
        if message is None:
            return error(404, 10008, "Unknown Message")
        return _json(message.payload(application_id=self.emu.application_id))

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        interaction, failure = self._interaction_for_token(request)
        body = await read_body(request)
        if failure is not None:
            return failure
        message = self._webhook_message(interaction, request.match_info["mid"])
        if message is None:
            return error(404, 10008, "Unknown Message")
        problem = self._check_message(body.json, body.files, interaction.guild_id)
        if problem is not None:
            return problem
        await self.emu.apply_edit(message, body.json, body.files)
        message.flags &= ~LOADING
        return _json(message.payload(application_id=self.emu.application_id))

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        interaction, failure = self._interaction_for_token(request)
        if failure is not None:
            return failure
        message = self._webhook_message(interaction, request.match_info["mid"])
        if message is None:
            return error(404, 10008, "Unknown Message")
        await self.emu.delete(message)
        return web.Response(status=204)

    # -- channels -------------------------------------------------------------------------------
    def _check_message(
        self, payload: dict[str, Any], files: list[tuple[str, bytes]], guild_id: int
    ) -> web.Response | None:
        limit = self.emu.guilds[guild_id].attachment_limit
        problems = message_problems(payload, [len(d) for _, d in files], limit)
        if not problems:
            return None
        for p in problems:
            self.emu.violate(p)
        if any("bytes (limit" in p for p in problems):
            return error(413, 40005, "Request entity too large")
        return error(400, 50035, "Invalid Form Body", errors=form_errors(problems))

    async def get_channel(self, request: web.Request) -> web.Response:
        channel = self.emu.channels.get(int(request.match_info["cid"]))
        if channel is None:
            return error(404, 10003, "Unknown Channel")
        return _json(channel.payload())

    async def create_message(self, request: web.Request) -> web.Response:
        emu = self.emu
        body = await read_body(request)
        channel = emu.channels.get(int(request.match_info["cid"]))
        if channel is None:
            return error(404, 10003, "Unknown Channel")
        problem = self._check_message(body.json, body.files, channel.guild_id)
        if problem is not None:
            return problem
        if channel.archived:
            channel.archived = False  # sending a message unarchives a thread
        message = emu.new_message(channel.id, emu.bot_user, body.json, files=body.files)
        await emu.announce_create(message)
        return _json(message.payload())

    async def get_message(self, request: web.Request) -> web.Response:
        message = self.emu.messages.get(int(request.match_info["mid"]))
        if message is None or message.deleted or message.ephemeral:
            return error(404, 10008, "Unknown Message")
        return _json(message.payload())

    async def edit_message(self, request: web.Request) -> web.Response:
        emu = self.emu
        body = await read_body(request)
        message = emu.messages.get(int(request.match_info["mid"]))
        if (
            message is None
            or message.deleted
            or message.channel_id != int(request.match_info["cid"])
        ):
            return error(404, 10008, "Unknown Message")
        if message.author.id != emu.bot_user.id:
            return error(403, 50005, "Cannot edit a message authored by another user")
        channel = emu.channels[message.channel_id]
        if channel.archived:
            return error(400, 50083, "Thread is archived")
        problem = self._check_message(body.json, body.files, message.guild_id)
        if problem is not None:
            return problem
        await emu.apply_edit(message, body.json, body.files)
        return _json(message.payload())

    async def delete_message(self, request: web.Request) -> web.Response:
        message = self.emu.messages.get(int(request.match_info["mid"]))
        if message is None or message.deleted:
            return error(404, 10008, "Unknown Message")
        await self.emu.delete(message)
        return web.Response(status=204)

    async def thread_from_message(self, request: web.Request) -> web.Response:
        emu = self.emu
        body = await read_body(request)
        message = emu.messages.get(int(request.match_info["mid"]))
        if message is None or message.deleted or message.ephemeral:
            return error(404, 10008, "Unknown Message")
        if message.thread_id is not None:
            return error(400, 160004, "A thread has already been created for this message")
        name = str(body.json.get("name", ""))
        if not 1 <= len(name) <= 100:
            emu.violate(f"thread name of {len(name)} characters")
            return error(
                400, 50035, "Invalid Form Body", errors=form_errors(["name: 1-100 characters"])
            )
        thread = emu.new_thread(message, name)
        return _json(thread.payload(), 201)

    async def cdn(self, request: web.Request) -> web.StreamResponse:
        attachment = self.emu.uploads.get(int(request.match_info["aid"]))
        if attachment is None:
            raise web.HTTPNotFound
        response = web.StreamResponse(
            headers={"Content-Type": attachment.content_type or "application/octet-stream"}
        )
        response.content_length = len(attachment.data)
        await response.prepare(request)
        view = memoryview(attachment.data)
        for start in range(0, len(view), 256 * 1024):
            await response.write(view[start : start + 256 * 1024])
        await response.write_eof()
        return response
