"""Re-imagining a show in a new setting: rules, outline, scenes in parallel, screenplay export.

    engine = TransformEngine(llm=..., library=..., config=EngineConfig(...), metrics=..., store=...)
    runner = TransformRunner(engine)          # the JobRunner for JobKind.TRANSFORM

bot/wiring/transform.py builds both from the settings.
"""

from __future__ import annotations

from tools.transform.engine import NEEDS_KEY, EngineConfig, TransformEngine
from tools.transform.request import TransformRequest, parse_request
from tools.transform.runner import TransformRunner
from tools.transform.storyboard import SubmitImage

__all__ = [
    "NEEDS_KEY",
    "EngineConfig",
    "SubmitImage",
    "TransformEngine",
    "TransformRequest",
    "TransformRunner",
    "parse_request",
]
