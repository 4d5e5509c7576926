"""Builds the LLM requests of each stage from the versioned prompt files in prompts/.

Retrieval-augmented: every request carries the source show's DNA summary, and the rules request
also the summaries of its nearest shows, named as influences to avoid copying.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

from core.ports.llm import LLMMessage, LLMRequest
from core.ports.shows import ShowBrief
from tools.transform.models import (
    BibleAndOutline,
    OutlineScene,
    SceneDraft,
    TransformRules,
)
from tools.transform.validate import length_bounds

__all__ = [
    "PROMPT_SET",
    "PROMPT_VERSION",
    "ShowContext",
    "outline_request",
    "revise_messages",
    "rules_request",
    "scene_request",
]

PROMPT_SET = "v1"
_DIR = Path(__file__).resolve().parent / "prompts"
_STAGES = ("system", "rules", "outline", "scene", "revise")
# The DNA goes into the prompt as JSON; past this size it is cut (the summary still carries it).
_MAX_DNA_CHARS = 6000
_MAX_TOKENS = {"rules": 3000, "outline": 6000, "scene": 4000}
_TOOLS = {
    "rules": "write_transformation_rules",
    "outline": "write_bible_and_outline",
    "scene": "write_scene",
}


@cache
def _template(stage: str) -> Template:
    return Template((_DIR / f"{stage}.{PROMPT_SET}.md").read_text(encoding="utf-8"))


def _prompt_version() -> str:
    digest = hashlib.sha256()
    for stage in _STAGES:
        digest.update((_DIR / f"{stage}.{PROMPT_SET}.md").read_bytes())
    return f"transform-{PROMPT_SET}-{digest.hexdigest()[:10]}"


# Part of every cache key (ours and the LLM adapter's): any edit of a prompt file changes it.
PROMPT_VERSION = _prompt_version()


@dataclass(frozen=True, slots=True)
class ShowContext:
    """What the prompts know about the request: the source show, its influences, the target."""

    show: ShowBrief
    influences: tuple[ShowBrief, ...]
    setting: str
    tone: str | None
    scenes: int

    @property
    def tone_text(self) -> str:
        return self.tone or "keep the source's tone"


def rules_request(ctx: ShowContext) -> LLMRequest:
    text = _template("rules").substitute(
        title=ctx.show.title,
        setting=ctx.setting,
        tone=ctx.tone_text,
        source_summary=ctx.show.summary or "(no summary stored)",
        source_dna=_dna_json(ctx.show.dna),
        influences=_influences(ctx.influences),
    )
    return _request(text, "rules")


def outline_request(ctx: ShowContext, rules: TransformRules) -> LLMRequest:
    text = _template("outline").substitute(
        title=ctx.show.title,
        setting=ctx.setting,
        tone=ctx.tone_text,
        rules_json=rules.model_dump_json(indent=1),
        source_beats=_beats_text(dna_beats(ctx.show.dna), ctx.show.summary),
        scenes=ctx.scenes,
    )
    return _request(text, "outline")


def scene_request(
    ctx: ShowContext, rules: TransformRules, story: BibleAndOutline, plan: OutlineScene
) -> LLMRequest:
    scenes = story.outline.scenes
    index = plan.number - 1
    bounds = length_bounds(plan.runtime_min)
    text = _template("scene").substitute(
        number=plan.number,
        total=len(scenes),
        episode_title=story.outline.episode_title,
        show_title=story.bible.title,
        setting=ctx.setting,
        tone=ctx.tone_text,
        bible_json=story.bible.model_dump_json(indent=1),
        rules_brief=_rules_brief(rules),
        logline=story.outline.logline,
        previous=_neighbour_scene(scenes, index - 1, "this is the opening scene"),
        next=_neighbour_scene(scenes, index + 1, "this is the final scene"),
        scene_plan_json=plan.model_dump_json(),
        beat_count=len(plan.beats),
        min_words=bounds.min_words,
        max_words=bounds.max_words,
        runtime=f"{plan.runtime_min:g}",
    )
    return _request(text, "scene")


def revise_messages(
    request: LLMRequest, draft: SceneDraft, number: int, problems: Sequence[str]
) -> LLMRequest:
    """The same conversation, plus the failed draft and the validator's feedback."""
    feedback = _template("revise").substitute(
        number=number, problems="\n".join(f"- {p}" for p in problems)
    )
    messages = (
        *request.messages,
        LLMMessage("assistant", draft.model_dump_json()),
        LLMMessage("user", feedback),
    )
    return replace(request, messages=messages)


def dna_beats(dna: Mapping[str, Any]) -> list[str]:
    """The beats of a DNA document, whatever the schema version calls them."""
    for holder in (dna, dna.get("structure"), dna.get("plot")):
        if not isinstance(holder, Mapping):
            continue
        beats = holder.get("beats")
        if isinstance(beats, Sequence) and not isinstance(beats, str):
            return [b for b in (_beat_label(item) for item in beats) if b]
    return []


def _beat_label(item: Any) -> str:
    if isinstance(item, str):
        return item.strip()
    if isinstance(item, Mapping):
        # The DNA schema's beats: {"id": "inciting_incident", "position": 0.1, "summary": ...}.
        beat_id, summary = item.get("id"), item.get("summary")
        if isinstance(beat_id, str) and isinstance(summary, str) and summary.strip():
            return f"{beat_id.replace('_', ' ')}: {summary.strip()}"
        for key in ("id", "name", "label", "beat", "description"):
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return ""


def _request(text: str, stage: str) -> LLMRequest:
    return LLMRequest(
        system=_template("system").template.strip(),
        messages=(LLMMessage("user", text.strip()),),
        max_tokens=_MAX_TOKENS[stage],
        prompt_version=PROMPT_VERSION,
        purpose=f"transform_{stage}",
        # The forced tool's name: what the model (and a test fake) sees the stage as.
        tool_choice=_TOOLS[stage],
    )


# Provenance, not story: quoting evidence sentences back costs tokens and invites copying.
_DNA_NOISE = frozenset({"evidence", "extraction", "work"})


def _compact(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _compact(v) for k, v in value.items() if k not in _DNA_NOISE}
    if isinstance(value, list | tuple):
        return [_compact(v) for v in value]
    return value


def _dna_json(dna: Mapping[str, Any]) -> str:
    text = json.dumps(_compact(dna), ensure_ascii=False, sort_keys=True, default=str)
    if len(text) > _MAX_DNA_CHARS:
        return text[:_MAX_DNA_CHARS] + " ... (cut)"
    return text


def _influences(shows: Sequence[ShowBrief]) -> str:
    if not shows:
        return "(none found in the library)"
    return "\n".join(f"- {s.title}: {' '.join(s.summary.split())}" for s in shows)


def _beats_text(beats: Sequence[str], summary: str) -> str:
    if beats:
        return "\n".join(f"{i}. {b}" for i, b in enumerate(beats, 1))
    return f"(the DNA lists no beats; infer them from the summary)\n{summary}"


def _rules_brief(rules: TransformRules) -> str:
    lines = [f"World: {rules.setting.era}, {rules.setting.place}.", f"Tone: {rules.tone_mapping}"]
    lines += [
        f"{c.new_name} ({c.archetype}; was {c.source_character}): {c.occupation};"
        f" wants {c.motivation}; never changes: {', '.join(c.must_not_change)}"
        for c in rules.characters
    ]
    if rules.avoid:
        lines.append(f"Do not copy: {'; '.join(rules.avoid)}")
    return "\n".join(lines)


def _neighbour_scene(scenes: Sequence[OutlineScene], index: int, none: str) -> str:
    if index < 0 or index >= len(scenes):
        return none
    scene = scenes[index]
    return f"{scene.heading}: {scene.purpose}"
