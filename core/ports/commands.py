"""What a frontend (Discord cogs, the console) calls: the orchestrator, as a port.

A slash command arrives as an intent with raw option values; a plain message arrives as text.
Both come back as a StepResult whose value is one of the reply types in core.replies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from core.context import RequestContext
from core.intent.schema import Intent
from core.result import StepResult

__all__ = ["CommandHandler"]


class CommandHandler(Protocol):
    async def run_command(
        self, intent: Intent, options: Mapping[str, Any], ctx: RequestContext
    ) -> StepResult[Any]:
        """A slash command: options are validated in core (INVALID_INPUT names the option)."""
        ...

    async def handle_message(self, text: str, ctx: RequestContext) -> StepResult[Any]:
        """A plain message in a studio thread: classify, then clarify, confirm, run or submit."""
        ...
