"""The "show_dna" tool: a stored show's narrative DNA and its chart.

Returns ToolOutput(kind="show_dna", data={"id", "title", "tenant", "logline", "method",
"dna": <the DNA as JSON data>, "chart_png": <PNG bytes>}); the renderer turns it into an embed
and an attachment.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from core.context import RequestContext
from core.intent.schema import ShowDnaParams
from core.replies import ToolOutput
from core.result import StepResult
from tools.narrative.chart import render_chart_async
from tools.narrative.library import Library, stored_dna

__all__ = ["ShowDnaTool"]


class ShowDnaTool:
    def __init__(self, library: Library) -> None:
        self._library = library

    @property
    def name(self) -> str:
        return "show_dna"

    async def run(self, params: BaseModel, ctx: RequestContext) -> StepResult[Any]:
        p = (
            params
            if isinstance(params, ShowDnaParams)
            else ShowDnaParams.model_validate(params.model_dump())
        )
        found = await self._library.find(ctx.tenant, p.title)
        if found.error is not None:
            return found.cast_error()
        work = found.unwrap()
        dna = stored_dna(work)
        chart = await render_chart_async(dna)
        return StepResult.success(
            ToolOutput(
                kind="show_dna",
                data={
                    "id": work.work_id,
                    "title": dna.work.title,
                    "tenant": work.tenant,
                    "logline": dna.logline,
                    "method": dna.extraction.method,
                    "dna": dna.model_dump(mode="json"),
                    "chart_png": chart,
                },
            )
        )
