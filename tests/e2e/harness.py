"""Start the emulator and the bot the way a user would: settings pointing at the emulator, the
`studio bot` start-up path (`bot.cli_bot.start_bot`), and services from a factory.

By default the services are the doubles in tests/e2e/doubles.py. `STUDIO_E2E_SERVICES=module:fn`
names another factory `(settings, sink) -> Services` (the real composition root) to run the same
tests against it; tests that reach into the doubles are skipped then.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.cli_bot import RunningBot, ServicesFactory, start_bot
from bot.services import Services
from core.cache import CacheRegistry, MemoryCache
from core.clock import SystemClock
from core.config import Settings, load_settings
from core.metrics import Metrics
from core.ports.progress import ProgressSink
from tests.e2e.doubles import JobScript, JobServiceDouble, OrchestratorDouble
from tests.e2e.emulator import DiscordEmulator

_ORIGINAL_BASE = discord.http.Route.BASE
_ORIGINAL_GATEWAY = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
# discord.py waits this long after the last GUILD_CREATE before `on_ready`; Discord sends them
# at once, and so does the emulator.
FAST_READY: dict[str, Any] = {"guild_ready_timeout": 0.05}


@dataclass
class Doubles:
    """The services a test can steer; one set per test, kept across a bot restart (like a job
    store on disk)."""

    script: JobScript
    results_dir: Path
    jobs: JobServiceDouble | None = None
    commands: OrchestratorDouble | None = None
    caches: CacheRegistry = field(default_factory=CacheRegistry)
    metrics: Metrics = field(default_factory=Metrics)

    async def factory(self, settings: Settings, sink: ProgressSink) -> Services:
        if self.jobs is None:
            self.jobs = JobServiceDouble(settings, results_dir=self.results_dir, script=self.script)
            self.commands = OrchestratorDouble(settings, self.jobs)
            answers: MemoryCache[str, str] = MemoryCache("llm_responses", max_entries=100)
            answers.set("prompt-hash", "a cached answer")
            self.caches.register(answers)
            self.caches.register(MemoryCache("embeddings", max_entries=100))
        assert self.commands is not None
        self.jobs.sink = sink  # a restart brings a new sink, as a new process would
        return Services(
            settings=settings,
            metrics=self.metrics,
            caches=self.caches,
            clock=SystemClock(),
            commands=self.commands,
            jobs=self.jobs,
        )


@dataclass
class Studio:
    emu: DiscordEmulator
    settings: Settings
    factory: ServicesFactory
    running: RunningBot
    doubles: Doubles | None = None
    expected_violations: list[str] = field(default_factory=list)

    @property
    def client(self) -> Any:
        return self.running.client

    @property
    def services(self) -> Services:
        return self.running.services

    @property
    def jobs(self) -> JobServiceDouble:
        if self.doubles is None or self.doubles.jobs is None:
            pytest.skip("needs the test doubles (STUDIO_E2E_SERVICES is set)")
        return self.doubles.jobs

    @property
    def commands(self) -> OrchestratorDouble:
        if self.doubles is None or self.doubles.commands is None:
            pytest.skip("needs the test doubles (STUDIO_E2E_SERVICES is set)")
        return self.doubles.commands

    async def restart(self) -> None:
        """Stop the bot and start it again on the same data dir and emulator."""
        await self.running.client.close()
        await self.running.task
        self.running = await start_bot(self.settings, self.factory, **FAST_READY)

    async def stop(self) -> None:
        try:
            if self.doubles is not None and self.doubles.jobs is not None:
                await self.doubles.jobs.aclose()
            await self.running.stop()
        finally:
            await self.emu.close()
            discord.http.Route.BASE = _ORIGINAL_BASE
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = _ORIGINAL_GATEWAY


def studio_settings(
    emu: DiscordEmulator, data_dir: Path, overrides: dict[str, Any] | None = None
) -> Settings:
    layers = dict(overrides or {})
    discord_layer = {
        "token": emu.token,
        "api_base": emu.api_base,
        "gateway_url": emu.gateway_url,
        **layers.pop("discord", {}),
    }
    return load_settings(
        env={}, overrides={"data_dir": str(data_dir), "discord": discord_layer, **layers}
    )


async def start_studio(
    tmp_path: Path,
    *,
    script: JobScript | None = None,
    shards: int = 1,
    overrides: dict[str, Any] | None = None,
    factory: ServicesFactory | None = None,
) -> Studio:
    emu = DiscordEmulator(shards=shards)
    await emu.start()
    settings = studio_settings(emu, tmp_path / "data", overrides)
    named = os.environ.get("STUDIO_E2E_SERVICES")
    doubles: Doubles | None = None
    if factory is not None:
        pass  # the caller's own services (the real composition root in the full-stack tests)
    elif named:
        module, _, name = named.partition(":")
        factory: ServicesFactory = getattr(importlib.import_module(module), name)
    else:
        doubles = Doubles(script=script or JobScript(), results_dir=tmp_path / "results")
        factory = doubles.factory
    try:
        running = await start_bot(settings, factory, ready_timeout_s=20, **FAST_READY)
    except BaseException:
        await emu.close()
        raise
    return Studio(emu=emu, settings=settings, factory=factory, running=running, doubles=doubles)
