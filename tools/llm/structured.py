"""Structured answers: the model is made to call one tool whose input schema is a pydantic model,
the input is validated against it, and an invalid answer gets one repair turn that tells the
model exactly what was wrong (`AnthropicLLM.complete_model()`)."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from core.ports.llm import LLMRequest, LLMResponse, LLMTool

__all__ = ["UNPARSED", "answer_tool", "repair_turns", "validate"]

M = TypeVar("M", bound=BaseModel)

# The key a tool call's input is kept under when the model sent something that was not JSON.
UNPARSED = "__unparsed__"


def answer_tool(request: LLMRequest, schema: type[BaseModel]) -> LLMTool:
    """The tool the model must call: named by the request's tool choice, else after the schema
    (`ShowFacts` -> `show_facts`), described by its docstring."""
    if request.tool_choice and request.tool_choice not in ("any", "auto"):
        name = request.tool_choice
    else:
        name = re.sub(r"(?<!^)(?=[A-Z])", "_", schema.__name__).lower()
    return LLMTool(
        name=name,
        description=(schema.__doc__ or f"Return a {schema.__name__}.").strip(),
        input_schema=schema.model_json_schema(),
    )


def validate(
    response: LLMResponse, tool: str, schema: type[M]
) -> tuple[M | None, str, str | None, Any]:
    """(parsed, what was wrong, the call's id, its raw input) of the forced tool call."""
    ids = list(response.extra.get("tool_use_ids", []))
    for index, call in enumerate(response.tool_calls):
        if call.name != tool:
            continue
        call_id = ids[index] if index < len(ids) else f"toolu_{index}"
        if UNPARSED in call.input:
            raw = call.input[UNPARSED]
            return None, f"the input was not valid JSON: {raw[:300]!r}", call_id, {}
        try:
            return schema.model_validate(dict(call.input)), "", call_id, dict(call.input)
        except ValidationError as exc:
            problems = "\n".join(
                f"- {'.'.join(str(p) for p in err['loc']) or '(input)'}: {err['msg']}"
                for err in exc.errors(include_url=False)
            )
            return None, problems, call_id, dict(call.input)
    return None, f"the answer did not call the {tool} tool", None, {}


def repair_turns(tool: str, call_id: str | None, raw: Any, problem: str) -> list[dict[str, Any]]:
    """The turns that tell the model what was wrong with its answer."""
    fix = f"Call {tool} again with input that fixes exactly these problems and matches the schema."
    if call_id is None:
        return [
            {"role": "assistant", "content": "(no tool call)"},
            {"role": "user", "content": f"You must answer by calling the {tool} tool. {fix}"},
        ]
    return [
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": call_id, "name": tool, "input": raw}],
        },
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": call_id,
                    "is_error": True,
                    "content": f"That input was invalid:\n{problem}\n{fix}",
                }
            ],
        },
    ]
