"""Options checked in core, whatever the frontend: Discord registers option ranges but does not
enforce them (a 5000-character prompt and `count: 9` both arrive), so every slash command and
every reading of a message is validated here against the intent's parameter model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from core.config import LimitSettings
from core.intent.schema import PARAMS_BY_INTENT, Intent
from core.result import ErrorCode, StepResult

__all__ = ["validate_params"]

_PROMPT_FIELDS = ("prompt", "negative_prompt")
_TEXT_FIELDS = ("text",)


def validate_params(
    intent: Intent, options: Mapping[str, Any], limits: LimitSettings
) -> StepResult[BaseModel]:
    """The intent's params model, or INVALID_INPUT naming the option and what is allowed."""
    model = PARAMS_BY_INTENT[intent]
    given = {k: v for k, v in options.items() if v is not None}
    for name in _PROMPT_FIELDS:
        value = given.get(name)
        if isinstance(value, str) and len(value) > limits.max_prompt_chars:
            return _invalid(
                name,
                f"{name} is {len(value)} characters long; the most allowed is "
                f"{limits.max_prompt_chars}. Shorten it and try again.",
            )
    for name in _TEXT_FIELDS:
        value = given.get(name)
        if isinstance(value, str) and len(value) > limits.max_text_chars:
            return _invalid(
                name,
                f"{name} is {len(value)} characters long; the most allowed is "
                f"{limits.max_text_chars}. Send a shorter synopsis.",
            )
    try:
        return StepResult.success(model.model_validate(given))
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        name = str(error["loc"][0]) if error["loc"] else ""
        return _invalid(name, _describe(model, name, error))


def _invalid(name: str, message: str) -> StepResult[BaseModel]:
    return StepResult.failure(ErrorCode.INVALID_INPUT, message, details={"option": name})


def _describe(model: type[BaseModel], name: str, error: Mapping[str, Any]) -> str:
    kind = error["type"]
    field = model.model_fields.get(name)
    if kind == "extra_forbidden":
        if not model.model_fields:
            return f"{name} is not an option here; this command takes no options. Leave it out."
        allowed = ", ".join(model.model_fields)
        return f"{name} is not an option here; the options are: {allowed}."
    if kind == "missing":
        return f"{name} is required."
    if field is None:
        # A rule across fields (find_similar: a title or a text): pydantic's message says it.
        return str(error["msg"]).removeprefix("Value error, ") + "."
    low, high = _bounds(field)
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        if low is not None and high is not None:
            return f"{name} must be between {low} and {high}."
        if low is not None:
            return f"{name} must be at least {low}."
        return f"{name} must be at most {high}."
    if kind == "string_too_long":
        # The length, never the text: a pasted page must not be echoed back.
        given = error.get("input")
        if isinstance(given, str):
            return (
                f"{name} is {len(given)} characters long; the most allowed is "
                f"{error['ctx']['max_length']}. Shorten it and try again."
            )
        return f"{name} must be at most {error['ctx']['max_length']} characters."
    if kind == "string_too_short":
        return f"{name} must be at least {error['ctx']['min_length']} characters."
    if kind == "literal_error":
        return f"{name} must be one of {error['ctx']['expected'].replace(chr(39), '')}."
    if name == "job_id" and isinstance(error.get("input"), str):
        # "kill job a1b2c3": Studio's jobs are numbered; no job has a name like that.
        return (
            f"job_id must be a job's number, the #number shown when the job started; "
            f"“{str(error['input'])[:40]}” is not one. Give that number, or leave the id out "
            f"to use your latest job."
        )
    if kind.startswith("int_"):
        return f"{name} must be a whole number" + (
            f" between {low} and {high}." if low is not None and high is not None else "."
        )
    if kind.startswith("bool_"):
        return f"{name} must be true or false."
    return f"{name} is not valid: {error['msg']}."


def _bounds(field: FieldInfo) -> tuple[Any, Any]:
    low: Any = None
    high: Any = None
    for item in field.metadata:
        if isinstance(item, annotated_types.Ge):
            low = item.ge
        elif isinstance(item, annotated_types.Gt):
            low = item.gt
        elif isinstance(item, annotated_types.Le):
            high = item.le
        elif isinstance(item, annotated_types.Lt):
            high = item.lt
    return low, high
