"""Builders that wire concrete adapters into runners and services (the composition root).

`build_services` is imported lazily: it pulls in every adapter (torch among them), and the
submodules here are also used on their own by lighter commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.services import Services
    from core.config import Settings
    from core.ports.progress import ProgressSink

__all__ = ["build_services"]


async def build_services(settings: Settings, sink: ProgressSink, **options: Any) -> Services:
    from bot.wiring.services import build_services as build

    return await build(settings, sink, **options)
