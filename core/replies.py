"""Typed replies the orchestrator returns in an ok StepResult; frontends render them.

Only the renderers (bot/render/, the console) turn these into words a user reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.intent.schema import Intent, IntentResult
from core.jobs.model import Job, JobTicket

__all__ = [
    "SHOW_DNA_KIND",
    "SIMILAR_SHOWS_KIND",
    "Clarification",
    "Confirmation",
    "HelpReply",
    "JobAccepted",
    "JobCancelled",
    "JobInfo",
    "SmallTalk",
    "ToolOutput",
]

# The kinds of tool output the frontends lay out on their own (any other kind is shown as its
# fields): similar shows with the "why" of each, and a show's narrative DNA.
SIMILAR_SHOWS_KIND = "similar_shows"
SHOW_DNA_KIND = "show_dna"


@dataclass(frozen=True, slots=True)
class Clarification:
    """Required parameters are missing: ask, never guess (and never spend GPU time on a guess)."""

    intent: Intent
    missing: tuple[str, ...]
    understood: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Confirmation:
    """Confidence below the threshold: show what was understood; Run / Edit / Cancel."""

    reading: IntentResult


@dataclass(frozen=True, slots=True)
class JobAccepted:
    ticket: JobTicket


@dataclass(frozen=True, slots=True)
class JobInfo:
    job: Job
    position: int | None = None
    eta_s: float | None = None


@dataclass(frozen=True, slots=True)
class JobCancelled:
    job: Job


@dataclass(frozen=True, slots=True)
class HelpReply:
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class SmallTalk:
    text: str


@dataclass(frozen=True, slots=True)
class ToolOutput:
    """A tool's own result (similar shows, a DNA, ...); `kind` tells the renderer what it is."""

    kind: str
    data: Any
