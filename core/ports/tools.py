"""The tool port: one capability (similar shows, show DNA, analysis, transformation...) that the
orchestrator calls with validated params and the request's context."""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel

from core.context import RequestContext
from core.result import StepResult

__all__ = ["FIND_SIMILAR_TOOL", "SHOW_DNA_TOOL", "Tool"]

# The tools' names (`Tool.name`): the orchestrator routes to them, the composition root registers
# them under them.
SHOW_DNA_TOOL = "show_dna"
FIND_SIMILAR_TOOL = "find_similar"


class Tool(Protocol):
    @property
    def name(self) -> str: ...

    async def run(self, params: BaseModel, ctx: RequestContext) -> StepResult[Any]: ...
