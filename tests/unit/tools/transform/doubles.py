"""Small in-test doubles of the ports script writing uses: LLM, ShowLibrary and JobReporter."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from core.ports.llm import LLMRequest, LLMResponse
from core.ports.progress import StageLine
from core.ports.shows import ShowBrief
from core.result import ErrorCode, StepResult
from tests.unit.tools.transform import canned

M = TypeVar("M", bound=BaseModel)
# (request, schema, nth call of this purpose) -> the model, or a StepResult error.
Handler = Callable[[LLMRequest, type[BaseModel], int], BaseModel | StepResult[Any]]


def default_handler(request: LLMRequest, schema: type[BaseModel], nth: int) -> BaseModel:
    text = "\n".join(m.content for m in request.messages)
    data = canned.tool_input(request.purpose, text)
    return schema.model_validate(data)


class ScriptedLLM:
    """Answers each call after `latency` seconds with what the handler for its purpose returns."""

    def __init__(
        self,
        *,
        latency: float = 0.0,
        available: bool = True,
        handlers: dict[str, Handler] | None = None,
        hold: dict[int, asyncio.Event] | None = None,
    ) -> None:
        self.latency = latency
        self._available = available
        self.handlers = handlers or {}
        # Scene number -> an event the scene's call waits on (a call still running at a cancel).
        self.hold = hold or {}
        self.calls: list[LLMRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.cancelled_calls = 0
        self._counts: dict[str, int] = {}

    @property
    def available(self) -> bool:
        return self._available

    def count(self, purpose: str) -> int:
        return self._counts.get(purpose, 0)

    async def complete(self, request: LLMRequest) -> StepResult[LLMResponse]:
        raise AssertionError("script writing only uses structured output")

    async def complete_model(self, request: LLMRequest, schema: type[M]) -> StepResult[M]:
        self.calls.append(request)
        nth = self._counts.get(request.purpose, 0)
        self._counts[request.purpose] = nth + 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            if request.purpose == "transform_scene":
                number = canned.plan_from_prompt(request.messages[0].content).number
                if number in self.hold:
                    await self.hold[number].wait()
            handler = self.handlers.get(request.purpose, default_handler)
            answer = handler(request, schema, nth)
        except asyncio.CancelledError:
            self.cancelled_calls += 1
            raise
        finally:
            self.in_flight -= 1
        if isinstance(answer, StepResult):
            return answer
        return StepResult.success(schema.model_validate(answer.model_dump()))


class LibraryDouble:
    def __init__(self, shows: list[ShowBrief], neighbours: list[ShowBrief] | None = None) -> None:
        self.shows = {s.title.casefold(): s for s in shows}
        self._neighbours = neighbours or []
        self.neighbour_calls: list[tuple[str, str, int]] = []

    async def find(self, tenant: str, title: str) -> StepResult[ShowBrief]:
        show = self.shows.get(title.casefold())
        if show is not None:
            return StepResult.success(show)
        close = [s.title for s in self.shows.values() if s.title[0].lower() == title[0].lower()]
        return StepResult.failure(
            ErrorCode.NOT_FOUND, f"no show {title!r}", details={"suggestions": close}
        )

    async def neighbours(self, tenant: str, work_id: str, k: int) -> StepResult[list[ShowBrief]]:
        self.neighbour_calls.append((tenant, work_id, k))
        return StepResult.success(self._neighbours[:k])


@dataclass
class Update:
    stage: str
    step: int | None
    total: int | None
    stages: tuple[StageLine, ...]
    note: str | None


@dataclass
class RecordingReporter:
    """Records every progress update; `cancel_when` flips `cancelled` once it returns True."""

    updates: list[Update] = field(default_factory=list)
    cancel_when: Callable[[RecordingReporter], bool] | None = None
    _cancelled: bool = False

    async def progress(
        self,
        *,
        stage: str,
        step: int | None = None,
        total: int | None = None,
        preview_png: bytes | None = None,
        stages: tuple[StageLine, ...] = (),
        note: str | None = None,
    ) -> None:
        self.updates.append(Update(stage, step, total, stages, note))
        if self.cancel_when is not None and self.cancel_when(self):
            self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        self._cancelled = True

    def state_of(self, name: str) -> str:
        return {line.name: line.state for line in self.updates[-1].stages}[name]

    def done_scenes(self) -> list[int]:
        """Scenes in the order they were ticked done."""
        order: list[int] = []
        for update in self.updates:
            for line in update.stages:
                if line.name.startswith("scene ") and line.state == "done":
                    number = int(line.name.split()[1])
                    if number not in order:
                        order.append(number)
        return order
