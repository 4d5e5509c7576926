"""Start the emulator and the bot the way a user would: settings pointing at the emulator, the
`studio bot` start-up path (`bot.cli.bot.start_bot`), and services from a factory.

By default the services are the doubles in tests/e2e/doubles.py. `STUDIO_E2E_SERVICES=module:fn`
names another factory `(settings, sink) -> Services` (the real composition root) to run the same
tests against it; tests that reach into the doubles are skipped then.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.cli.bot import RunningBot, ServicesFactory, start_bot
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


# -- `studio bot` in a process of its own ------------------------------------------------------
# For what cannot happen inside the test's process: kill -9 of the bot, and a load test where the
# bot must not share an event loop (or a GIL) with the emulator that plays Discord.
ROOT = Path(__file__).resolve().parents[2]
_OWN_ENV = ("STUDIO_", "DISCORD_", "ANTHROPIC_")


def bot_process_env(
    emu: DiscordEmulator, data_dir: Path, settings: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment of a `studio bot` child: this process's, minus any Studio settings, plus
    the emulator's endpoints, the data dir and `settings` (STUDIO_* names)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_ENV)}
    env.update(
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        PYTHONUNBUFFERED="1",
        STUDIO_DATA_DIR=str(data_dir),
        DISCORD_TOKEN=emu.token,
        DISCORD_API_BASE=emu.api_base,
        DISCORD_GATEWAY_URL=emu.gateway_url,
        STUDIO_LOGGING__FORMAT="json",
        STUDIO_HTTP__ENABLED="off",
    )
    env.update(settings or {})
    return env


@dataclass
class BotProcess:
    """One `python -m bot bot` process; its log (JSON lines) goes to `log_path`."""

    proc: asyncio.subprocess.Process
    log_path: Path

    @classmethod
    async def spawn(cls, env: dict[str, str], log_path: Path) -> BotProcess:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("ab") as log_file:  # the child keeps its own copy of the descriptor
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "bot",
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=log_file,
            )
        return cls(proc, log_path)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def events(self, name: str) -> list[dict[str, Any]]:
        """The child's log lines whose event is `name`, parsed."""
        found = []
        for line in self.log_text().splitlines():
            if f'"{name}"' in line:
                with contextlib.suppress(json.JSONDecodeError):
                    entry = json.loads(line)
                    if entry.get("event") == name:
                        found.append(entry)
        return found

    async def wait_ready(self, *, count: int = 1, timeout: float = 120.0) -> None:
        """Until the log says `bot_ready` `count` times (a restart appends to the same log)."""
        deadline = time.monotonic() + timeout
        while len(self.events("bot_ready")) < count:
            if self.proc.returncode is not None:
                raise AssertionError(f"the bot exited ({self.proc.returncode}):\n{self.tail()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot was not ready in {timeout:.0f} s:\n{self.tail()}")
            await asyncio.sleep(0.1)

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def children(self) -> list[int]:
        """Pids of the bot's child processes (its media worker)."""
        found: list[int] = []
        for task in Path(f"/proc/{self.pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                found += [int(p) for p in task.read_text().split()]
        return found

    def peak_rss_mb(self, pid: int | None = None) -> float:
        """The process's peak resident memory so far (VmHWM), in MiB; 0 when unknown."""
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid or self.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    async def kill(self) -> None:
        """kill -9: no clean-up of any kind."""
        if self.proc.returncode is None:
            self.proc.kill()
        await self.proc.wait()

    async def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (the bot closes its stores and worker), then SIGKILL if it hangs."""
        if self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), timeout)
            except TimeoutError:
                await self.kill()


# -- the real stack with one MiniLM per test process -------------------------------------------
class BorrowedEmbedder:
    """The process's shared real MiniLM embedder, which a studio must not close when it stops."""

    def __init__(self) -> None:
        from tests.fakes import shared_embedder

        self._inner = shared_embedder()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def close(self) -> None:
        return None


def share_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `bot.wiring.build_services` use the shared embedder: the same model, loaded once per
    test process instead of once per start (seconds each, and the intent examples' vectors are
    then cached too). Everything else stays the real composition."""
    import bot.wiring.root as wiring

    monkeypatch.setattr(wiring, "build_embedder", lambda *_a, **_k: BorrowedEmbedder())


def on_loopback_claude(base_url: str, api_key: str, **llm: Any) -> dict[str, Any]:
    """Settings overrides for the real stack with Claude at a loopback fake: no starter catalog
    (the heuristic DNA reader for added shows), no HTTP server; `llm` adds Claude settings."""
    return {
        "catalog": {"load_starter": False, "extractor": "heuristic"},
        "http": {"enabled": "off"},
        "llm": {"api_key": api_key, "base_url": base_url, **llm},
    }
