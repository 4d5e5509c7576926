"""Builders that wire concrete adapters into runners and services (the composition root).

`build_services` and `build_console_services` import the builder when called: it pulls in every
adapter (torch among them), which the lighter commands that use the submodules here on their
own (`studio intent`, `studio similar`) do not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.services import ConsoleServices, Services
    from core.config import Settings
    from core.ports.progress import ProgressSink

__all__ = ["build_console_services", "build_services"]


async def build_services(settings: Settings, sink: ProgressSink, **options: Any) -> Services:
    from bot.wiring.root import build_services as build

    return await build(settings, sink, **options)


async def build_console_services(settings: Settings, sink: ProgressSink) -> ConsoleServices:
    from bot.wiring.root import build_console_services as build

    return await build(settings, sink)
