"""The intent contract (docs/intents.md): names, typed parameters, and the analyzer's output.

Slash commands and free text both end in the same `Intent` + validated params, so every option is
checked here, in core, whatever the frontend (Discord does not enforce option ranges).
"""

from __future__ import annotations

import enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

__all__ = [
    "PARAMS_BY_INTENT",
    "REQUIRED",
    "AnalyzeShowParams",
    "ChatParams",
    "FindSimilarParams",
    "GenerateImageParams",
    "GenerateVideoParams",
    "HelpParams",
    "Intent",
    "IntentResult",
    "JobRefParams",
    "ShowDnaParams",
    "TransformShowParams",
    "missing_params",
]


class Intent(enum.StrEnum):
    GENERATE_IMAGE = "generate_image"
    GENERATE_VIDEO = "generate_video"
    ANALYZE_SHOW = "analyze_show"
    SHOW_DNA = "show_dna"
    FIND_SIMILAR = "find_similar"
    TRANSFORM_SHOW = "transform_show"
    JOB_STATUS = "job_status"
    JOB_CANCEL = "job_cancel"
    HELP = "help"
    CHAT = "chat"


Quality = Literal["draft", "final"]
Aspect = Literal["square", "portrait", "landscape"]
Facet = Literal["plot", "theme", "structure", "character", "all"]


class _Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _no_control(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = "".join(ch for ch in value if ch.isprintable() or ch in "\n\t")
    return cleaned


class GenerateImageParams(_Params):
    prompt: str = Field(min_length=1, max_length=6000)
    negative_prompt: str | None = Field(default=None, max_length=6000)
    quality: Quality = "draft"
    aspect: Aspect = "square"
    count: int = Field(default=1, ge=1, le=4)
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1)
    style: str | None = Field(default=None, max_length=200)

    _clean = field_validator("prompt", "negative_prompt", "style")(_no_control)


class GenerateVideoParams(_Params):
    prompt: str = Field(min_length=1, max_length=6000)
    seconds: int = Field(default=2, ge=1, le=10)
    quality: Quality = "draft"
    aspect: Aspect = "square"
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1)

    _clean = field_validator("prompt")(_no_control)


class AnalyzeShowParams(_Params):
    title: str = Field(min_length=1, max_length=200)
    text: str | None = Field(default=None, max_length=1_000_000)


class ShowDnaParams(_Params):
    title: str = Field(min_length=1, max_length=200)


class FindSimilarParams(_Params):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    text: str | None = Field(default=None, min_length=1, max_length=20000)
    k: int = Field(default=5, ge=1, le=10)
    facet: Facet = "all"
    # "More like this" under one result: a second show (title) the answer should also be like.
    # Set by that button only, so it is kept out of the schema the intent reader fills.
    like: SkipJsonSchema[str | None] = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _one_of(self) -> FindSimilarParams:
        if not self.title and not self.text:
            raise ValueError("give a show title or a description to compare with")
        if self.like and not self.title:
            raise ValueError("'like' goes with a show title, not with a description")
        return self


class TransformShowParams(_Params):
    title: str = Field(min_length=1, max_length=200)
    setting: str = Field(min_length=3, max_length=300)
    scenes: int = Field(default=5, ge=1, le=12)
    tone: str | None = Field(default=None, max_length=100)
    storyboard: bool = False


class JobRefParams(_Params):
    # Discord's integer options stop at 2**53; a bigger id cannot exist (and SQLite cannot hold
    # one past 2**63, so it must be refused here rather than crash the lookup).
    job_id: int | None = Field(default=None, ge=1, le=2**53)


class HelpParams(_Params):
    topic: str | None = Field(default=None, max_length=100)


class ChatParams(_Params):
    pass


PARAMS_BY_INTENT: dict[Intent, type[_Params]] = {
    Intent.GENERATE_IMAGE: GenerateImageParams,
    Intent.GENERATE_VIDEO: GenerateVideoParams,
    Intent.ANALYZE_SHOW: AnalyzeShowParams,
    Intent.SHOW_DNA: ShowDnaParams,
    Intent.FIND_SIMILAR: FindSimilarParams,
    Intent.TRANSFORM_SHOW: TransformShowParams,
    Intent.JOB_STATUS: JobRefParams,
    Intent.JOB_CANCEL: JobRefParams,
    Intent.HELP: HelpParams,
    Intent.CHAT: ChatParams,
}

# Required parameters per intent. For find_similar either one of title/text is enough; when neither
# is given the analyzer reports "title" as missing.
REQUIRED: dict[Intent, tuple[str, ...]] = {
    Intent.GENERATE_IMAGE: ("prompt",),
    Intent.GENERATE_VIDEO: ("prompt",),
    Intent.ANALYZE_SHOW: ("title",),
    Intent.SHOW_DNA: ("title",),
    Intent.FIND_SIMILAR: ("title",),
    Intent.TRANSFORM_SHOW: ("title", "setting"),
    Intent.JOB_STATUS: (),
    Intent.JOB_CANCEL: (),
    Intent.HELP: (),
    Intent.CHAT: (),
}


def missing_params(intent: Intent, params: dict[str, Any]) -> list[str]:
    if intent is Intent.FIND_SIMILAR:
        return [] if params.get("title") or params.get("text") else ["title"]
    return [name for name in REQUIRED[intent] if params.get(name) in (None, "")]


class IntentResult(BaseModel):
    """Exactly what `studio intent TEXT --json` prints."""

    model_config = ConfigDict(frozen=True)

    intent: Intent
    confidence: float = Field(ge=0.0, le=1.0)
    source: Literal["rules", "embedding", "llm"]
    params: dict[str, Any] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)
