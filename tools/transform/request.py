"""A transformation request, checked before any model call: each bad input gets its own message.

The bounds are the intent contract's (core.intent.schema.TransformShowParams): a job's params are
re-checked here because a job may come from anywhere (a stored job, the console, a retry).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from annotated_types import Ge, Le, MaxLen, MinLen

from core.intent.schema import TransformShowParams
from core.result import ErrorCode, StepResult

__all__ = [
    "MAX_SCENES",
    "MAX_SETTING_CHARS",
    "MIN_SCENES",
    "MIN_SETTING_CHARS",
    "TransformRequest",
    "parse_request",
]


def _bound(field: str, kind: type[Any], attr: str) -> int:
    for item in TransformShowParams.model_fields[field].metadata:
        if isinstance(item, kind):
            return int(getattr(item, attr))
    raise LookupError(f"TransformShowParams.{field} has no {kind.__name__} bound")


MIN_SETTING_CHARS = _bound("setting", MinLen, "min_length")
MAX_SETTING_CHARS = _bound("setting", MaxLen, "max_length")
MIN_SCENES = _bound("scenes", Ge, "ge")
MAX_SCENES = _bound("scenes", Le, "le")
MAX_TITLE_CHARS = _bound("title", MaxLen, "max_length")
MAX_TONE_CHARS = _bound("tone", MaxLen, "max_length")
DEFAULT_SCENES = int(TransformShowParams.model_fields["scenes"].default)


@dataclass(frozen=True, slots=True)
class TransformRequest:
    tenant: str
    title: str
    setting: str
    scenes: int = DEFAULT_SCENES
    tone: str | None = None
    storyboard: bool = False
    # Who asked and where: storyboard frames are submitted as their jobs, in the same thread.
    user_id: str = ""
    job_id: int | None = None
    channel_id: str | None = None
    thread_id: str | None = None
    request_id: str | None = None


def parse_request(
    params: Mapping[str, Any], *, tenant: str, **where: Any
) -> StepResult[TransformRequest]:
    title = _text(params.get("title"))
    if not title:
        return _invalid("which show? give the title of a show in this server's library")
    if len(title) > MAX_TITLE_CHARS:
        return _invalid(f"the title is {len(title)} characters; at most {MAX_TITLE_CHARS}")
    setting = _text(params.get("setting"))
    bounds = f"{MIN_SETTING_CHARS} to {MAX_SETTING_CHARS} characters"
    if not setting:
        return _invalid(
            f"the setting is empty: say where and when to move the show, e.g. 'a Mars colony in"
            f" 2300' ({bounds})"
        )
    if len(setting) < MIN_SETTING_CHARS:
        return _invalid(f"the setting {setting!r} is too short: describe it in {bounds}")
    if len(setting) > MAX_SETTING_CHARS:
        return _invalid(
            f"the setting is {len(setting)} characters long: keep it to at most"
            f" {MAX_SETTING_CHARS} characters"
        )
    scenes = params.get("scenes", DEFAULT_SCENES)
    if scenes is None:
        scenes = DEFAULT_SCENES
    if isinstance(scenes, bool) or not isinstance(scenes, int):
        return _invalid(f"scenes must be a whole number between {MIN_SCENES} and {MAX_SCENES}")
    if not MIN_SCENES <= scenes <= MAX_SCENES:
        return _invalid(f"scenes must be between {MIN_SCENES} and {MAX_SCENES} (got {scenes})")
    tone = _text(params.get("tone")) or None
    if tone is not None and len(tone) > MAX_TONE_CHARS:
        return _invalid(f"the tone is {len(tone)} characters; keep it to {MAX_TONE_CHARS}")
    storyboard = params.get("storyboard", False)
    if not isinstance(storyboard, bool):
        return _invalid("storyboard must be true or false")
    return StepResult.success(
        TransformRequest(
            tenant=tenant,
            title=title,
            setting=setting,
            scenes=scenes,
            tone=tone,
            storyboard=storyboard,
            **where,
        )
    )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())


def _invalid(message: str) -> StepResult[TransformRequest]:
    return StepResult.failure(ErrorCode.INVALID_INPUT, message)
