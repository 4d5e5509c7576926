"""The tool port: one capability (similar shows, show DNA, analysis, transformation...) that the
orchestrator calls with validated params and the request's context."""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel

from core.context import RequestContext
from core.result import StepResult

__all__ = ["Tool"]


class Tool(Protocol):
    @property
    def name(self) -> str: ...

    async def run(self, params: BaseModel, ctx: RequestContext) -> StepResult[Any]: ...
