"""A written (or partly written) script: the stages' outputs and each scene's outcome."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tools.transform.models import BibleAndOutline, OutlineScene, SceneDraft, TransformRules

__all__ = ["Script", "WrittenScene"]


@dataclass(frozen=True, slots=True)
class WrittenScene:
    plan: OutlineScene
    draft: SceneDraft
    # LLM calls made for this scene in this run (0 when it came from the cache).
    attempts: int
    cached: bool
    # What the validator still objects to after the last allowed rewrite; empty when it passed.
    problems: tuple[str, ...] = ()

    @property
    def number(self) -> int:
        return self.plan.number

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class Script:
    source_title: str
    setting: str
    tone: str | None
    rules: TransformRules
    story: BibleAndOutline
    # Written scenes in outline order; a cancelled run has fewer than the outline plans.
    scenes: tuple[WrittenScene, ...]
    # None for a complete script, else why it stops short ("cancelled after 3 of 6 scenes").
    incomplete_reason: str | None = None

    @property
    def complete(self) -> bool:
        return self.incomplete_reason is None

    @property
    def planned(self) -> int:
        return len(self.story.outline.scenes)

    @property
    def failed_validation(self) -> list[WrittenScene]:
        return [s for s in self.scenes if not s.passed]

    def to_json(self) -> dict[str, Any]:
        return {
            "source_title": self.source_title,
            "setting": self.setting,
            "tone": self.tone,
            "complete": self.complete,
            "incomplete_reason": self.incomplete_reason,
            "scenes_planned": self.planned,
            "scenes_written": len(self.scenes),
            "rules": self.rules.model_dump(mode="json"),
            "bible": self.story.bible.model_dump(mode="json"),
            "outline": self.story.outline.model_dump(mode="json"),
            "scenes": [
                {
                    "number": s.number,
                    "heading": s.plan.heading,
                    "elements": [e.model_dump(mode="json") for e in s.draft.elements],
                    "key_frame": s.draft.key_frame,
                    "passed_validation": s.passed,
                    "validation_problems": list(s.problems),
                }
                for s in self.scenes
            ],
        }
