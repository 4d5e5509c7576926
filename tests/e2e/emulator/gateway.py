"""The gateway websocket: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, RESUME with replay.

Events are numbered per session and kept, so a client that reconnects with RESUME receives what
it missed (the test for a dropped connection checks that nothing is lost and no new IDENTIFY is
needed). Frames are plain JSON text, which discord.py accepts without compression.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from tests.e2e.emulator.server import DiscordEmulator

HEARTBEAT_INTERVAL_MS = 41_250

# Intent bits (Discord API docs, "Gateway Intents").
GUILDS = 1 << 0
GUILD_MESSAGES = 1 << 9
MESSAGE_CONTENT = 1 << 15

_NEEDS = {
    "GUILD_CREATE": GUILDS,
    "THREAD_CREATE": GUILDS,
    "CHANNEL_UPDATE": GUILDS,
    "MESSAGE_CREATE": GUILD_MESSAGES,
    "MESSAGE_UPDATE": GUILD_MESSAGES,
    "MESSAGE_DELETE": GUILD_MESSAGES,
}


@dataclass
class Session:
    id: str
    intents: int
    shard: tuple[int, int]
    seq: int = 0
    events: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    ws: web.WebSocketResponse | None = None
    identified_at: float = field(default_factory=time.monotonic)


@dataclass
class GatewayLog:
    at: float
    what: str  # connect, identify, resume, resumed, invalid_session, drop, heartbeat
    session_id: str | None = None


class Gateway:
    def __init__(self, emulator: DiscordEmulator) -> None:
        self._emu = emulator
        self.sessions: dict[str, Session] = {}
        self.log: list[GatewayLog] = []
        self.ready = asyncio.Event()

    # -- sending --------------------------------------------------------------------------------
    def wants(self, session: Session, event: str, guild_id: int | None) -> bool:
        need = _NEEDS.get(event, 0)
        if need and not session.intents & need:
            return False
        if guild_id is not None:
            shard_id, count = session.shard
            return (guild_id >> 22) % count == shard_id
        return True

    async def dispatch(self, event: str, data: dict[str, Any], *, guild_id: int | None) -> None:
        for session in list(self.sessions.values()):
            if not self.wants(session, event, guild_id):
                continue
            payload = data
            if (
                event in ("MESSAGE_CREATE", "MESSAGE_UPDATE")
                and not session.intents & MESSAGE_CONTENT
            ):
                author = data.get("author", {}).get("id")
                if author != str(self._emu.bot_user.id):
                    payload = {**data, "content": "", "embeds": [], "attachments": []}
            session.seq += 1
            session.events.append((session.seq, event, payload))
            await self._send(session, {"op": 0, "t": event, "s": session.seq, "d": payload})

    async def _send(self, session: Session, frame: dict[str, Any]) -> None:
        ws = session.ws
        if ws is None or ws.closed:
            return  # kept in session.events for a RESUME
        try:
            await ws.send_str(json.dumps(frame))
        except (ConnectionError, RuntimeError):
            session.ws = None

    async def drop(self, *, code: int = 4000) -> None:
        """Close every connection as a network failure would (the client should RESUME)."""
        for session in self.sessions.values():
            ws, session.ws = session.ws, None
            if ws is not None and not ws.closed:
                self.log.append(GatewayLog(time.monotonic(), "drop", session.id))
                await ws.close(code=code, message=b"dropped by the test")

    # -- the websocket --------------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self.log.append(GatewayLog(time.monotonic(), "connect"))
        await ws.send_str(
            json.dumps({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
        )
        session: Session | None = None
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            op, d = frame.get("op"), frame.get("d")
            if op == 1:
                self.log.append(GatewayLog(time.monotonic(), "heartbeat"))
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:
                session = await self._identify(ws, d)
                if session is None:
                    break
            elif op == 6:
                session = await self._resume(ws, d)
        if session is not None and session.ws is ws:
            session.ws = None
        return ws

    async def _identify(self, ws: web.WebSocketResponse, d: dict[str, Any]) -> Session | None:
        if d.get("token") != self._emu.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        shard = tuple(d.get("shard") or (0, 1))
        session = Session(
            id=secrets.token_hex(16), intents=int(d.get("intents", 0)), shard=(shard[0], shard[1])
        )
        session.ws = ws
        self.sessions[session.id] = session
        self.log.append(GatewayLog(time.monotonic(), "identify", session.id))
        emu = self._emu
        guilds = [g for g in emu.guilds.values() if self.wants(session, "GUILD_CREATE", g.id)]
        ready = {
            "v": 10,
            "user": emu.bot_user.payload(),
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "resume_gateway_url": emu.gateway_url,
            "shard": list(session.shard),
            "application": {"id": str(emu.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        session.seq += 1
        session.events.append((session.seq, "READY", ready))
        await self._send(session, {"op": 0, "t": "READY", "s": session.seq, "d": ready})
        for guild in guilds:
            await self.dispatch("GUILD_CREATE", emu.guild_payload(guild), guild_id=guild.id)
        self.ready.set()
        return session

    async def _resume(self, ws: web.WebSocketResponse, d: dict[str, Any]) -> Session | None:
        session = self.sessions.get(str(d.get("session_id")))
        if session is None or d.get("token") != self._emu.token:
            self.log.append(GatewayLog(time.monotonic(), "invalid_session"))
            await ws.send_str(json.dumps({"op": 9, "d": False}))
            return None
        self.log.append(GatewayLog(time.monotonic(), "resume", session.id))
        session.ws = ws
        since = int(d.get("seq") or 0)
        for seq, event, payload in list(session.events):
            if seq > since:
                await self._send(session, {"op": 0, "t": event, "s": seq, "d": payload})
        session.seq += 1
        await self._send(session, {"op": 0, "t": "RESUMED", "s": session.seq, "d": {}})
        self.log.append(GatewayLog(time.monotonic(), "resumed", session.id))
        return session

    def count(self, what: str) -> int:
        return sum(1 for entry in self.log if entry.what == what)
