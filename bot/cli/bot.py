"""`studio bot`: build the services, start the Discord client, run until stopped.

The progress sink is made first because the job service publishes into it; the client binds it to
Discord once logged in. The services come from a factory `(settings, sink) -> Services`: the
composition root's `bot.wiring.build_services` in production, test doubles in tests/e2e.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord

from bot import wiring
from bot.client import StudioClient, create_client
from bot.http_server import HealthServer
from bot.progress import DiscordProgressSink
from bot.services import Services
from core.clock import Clock
from core.config import Settings
from core.logging import get_logger
from core.ports.progress import ProgressSink

__all__ = ["RunningBot", "ServicesFactory", "run", "start_bot", "start_health"]

log = get_logger(__name__)

ServicesFactory = Callable[[Settings, ProgressSink], Awaitable[Services]]
EXIT_OK = 0
EXIT_FAILED = 1
READY_TIMEOUT_S = 120.0


@dataclass
class RunningBot:
    client: StudioClient
    services: Services
    sink: DiscordProgressSink
    task: asyncio.Task[None]

    async def stop(self) -> None:
        await self.client.close()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        await self.services.aclose()


async def start_bot(
    settings: Settings,
    factory: ServicesFactory,
    *,
    clock: Clock | None = None,
    ready_timeout_s: float = READY_TIMEOUT_S,
    **client_options: Any,
) -> RunningBot:
    """Start the client and return once it is ready (raises what login or connect raised)."""
    token = settings.discord.token.get_secret_value() if settings.discord.token else ""
    sink = DiscordProgressSink(min_interval_s=settings.discord.progress_min_interval_s, clock=clock)
    services = await factory(settings, sink)
    client = create_client(services, sink, **client_options)
    task = asyncio.create_task(client.start(token), name="discord-client")
    ready = asyncio.create_task(client.wait_until_ready())
    done, _ = await asyncio.wait(
        {task, ready}, timeout=ready_timeout_s, return_when=asyncio.FIRST_COMPLETED
    )
    if ready not in done:
        ready.cancel()
        if task in done:
            await services.aclose()
            task.result()  # re-raise the login or connection error
        await client.close()
        await services.aclose()
        raise TimeoutError(f"the Discord client was not ready within {ready_timeout_s:.0f} s")
    # What start-up loaded (discord.py, torch, the embedding model: ~500k objects) lives as long
    # as the process. Frozen, the cyclic collector no longer walks it: a full collection took
    # ~0.4 s on 2 cores, and one landing in a burst of commands stalled every deferral behind it.
    gc.collect()
    gc.freeze()
    log.info("bot_ready", user=str(client.user), guilds=len(client.guilds))
    return RunningBot(client=client, services=services, sink=sink, task=task)


def run(_args: argparse.Namespace, settings: Settings) -> int:
    if settings.discord.token is None or not settings.discord.token.get_secret_value():
        print("studio: set DISCORD_TOKEN to run the Discord bot.", file=sys.stderr)
        return EXIT_FAILED
    try:
        return asyncio.run(_serve(settings, wiring.build_services))
    except discord.LoginFailure:
        print("studio: Discord refused the token (DISCORD_TOKEN).", file=sys.stderr)
        return EXIT_FAILED


async def _serve(settings: Settings, factory: ServicesFactory) -> int:
    running = await start_bot(settings, factory)
    health = await start_health(running)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on every platform
            loop.add_signal_handler(sig, stop.set)
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({running.task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    stopper.cancel()
    log.info("bot_stopping")
    if health is not None:
        await health.stop()
    await running.stop()
    return EXIT_OK


async def start_health(running: RunningBot) -> HealthServer | None:
    """/metrics, /healthz and /readyz for operators (on unless `http.enabled = "off"`)."""
    settings = running.services.settings
    if settings.http.enabled == "off":
        return None
    client = running.client

    async def discord_ready() -> str | None:
        if client.is_closed() or not client.is_ready():
            return "not connected to Discord"
        return None

    server = HealthServer(
        running.services.metrics, host=settings.http.host, port=settings.http.port
    )
    server.add_check("discord", discord_ready)
    for name, check in running.services.readiness.items():
        server.add_check(name, check)
    await server.start()
    return server
