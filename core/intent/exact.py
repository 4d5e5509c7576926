"""Stage 1: the few readings a pattern gets exactly right, decided before the learned classifier.

- an empty message is chat;
- administration or instruction-override text is never an action: chat, or help when it asks
  how something works (no intent reaches an admin action from free text);
- slash-like syntax typed as a message ("/imagine a fox", "/show dna Fargo");
- a message naming a job id: a question about it ("is job 99 cancelled?") is a status check,
  an order with a stop word ("kill job 7f3e", "termiante job 9") a cancellation; one that is
  neither is left to the classifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from core.intent.options import any_job_id
from core.intent.rules import ADMIN_TEXT, ASKS_HOW, is_media_request
from core.intent.schema import Intent

__all__ = ["ExactDecision", "decide_exact", "slash_body"]

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class ExactDecision:
    intent: Intent
    confidence: float
    rule: str


# Attempts to speak as the system or reach secrets, beyond the admin words the rules know.
_OVERRIDE = re.compile(
    r"</?\s*(?:instructions?|system|prompt)\s*>|\bnew\s+task\s*:|\bapi[\s_-]?keys?\b|"
    r"\b(?:bot\s+)?tokens?\b.{0,20}\b(?:print|show|give|tell|output|reveal)|"
    r"\b(?:print|show|give|tell|output|reveal|dump)\b.{0,30}\b(?:config|secrets?|env|"
    r"environment|password|credentials)\b|\bshell\s+commands?\b|\bban\s+(?:user|@)|"
    r"\bpretend\s+you\s+(?:have|are)\b|\byou\s+are\s+now\b",
    _I,
)
_SLASH = re.compile(
    r"^/(?P<cmd>imagine|animate|transform|status|cancel|help|show\s+(?:dna|similar|add)|similar|"
    r"dna|add)\b\s*(?P<rest>.*)$",
    _I | re.DOTALL,
)
_SLASH_INTENTS = {
    "imagine": Intent.GENERATE_IMAGE,
    "animate": Intent.GENERATE_VIDEO,
    "transform": Intent.TRANSFORM_SHOW,
    "status": Intent.JOB_STATUS,
    "cancel": Intent.JOB_CANCEL,
    "help": Intent.HELP,
    "dna": Intent.SHOW_DNA,
    "similar": Intent.FIND_SIMILAR,
    "add": Intent.ANALYZE_SHOW,
}
# A question about a job: it asks, it does not order ("is job 99 cancelled?", "was 4f2e stopped").
_QUESTION = re.compile(
    r"^\W*(?:is|was|were|are|has|have|had|did|does|do|what|what's|whats|where|where's|how|how's|"
    r"hows|when|why|any|can\s+you\s+(?:check|tell)|ist|est-ce|já|ya|où|wo|wie|"
    r"qu[eé]|cu[aá]l|como|cómo|status|check|progress|update|eta)\b"
    r"|\?\s*$",
    _I,
)
_ORDER = re.compile(
    r"^\W*(?:(?:yes|yeah|ok|okay|please|pls|plz|now|just|and|so)\W+)*"
    # a polite order is still an order: "can you stop job 12?"
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+|just\s+)?)?"
    r"(?:cancel\w*|cancle|stop|abort|kill|terminate|halt|scrap|drop|end|call\s+off|nuke|delete|"
    r"annule\w*|arr[êe]te\w*|cancela\w*|det[eé]n\w*|para|brich|stopp\w*|abbrechen)\b",
    _I,
)
_STOP_WORD = re.compile(
    r"\b(?:cancel\w*|cancle|stop|abort|kill|terminate|halt|scrap|call\s+off|annule\w*|"
    r"arr[êe]te\w*|cancela\w*|det[eé]n\w*|brich|stopp\w*|abbrechen|abbrechen)\b",
    _I,
)


def slash_body(text: str) -> tuple[Intent, str] | None:
    """("/imagine a fox" ->) the command's intent and the words after it."""
    if m := _SLASH.match(text.strip()):
        name = m.group("cmd").lower().split()[-1]
        return _SLASH_INTENTS[name], m.group("rest").strip()
    return None


def decide_exact(text: str) -> ExactDecision | None:
    if not text.strip():
        return ExactDecision(Intent.CHAT, 0.95, "empty")
    if ADMIN_TEXT.search(text) or _OVERRIDE.search(text):
        if ASKS_HOW.search(text):
            return ExactDecision(Intent.HELP, 0.9, "admin_question")
        return ExactDecision(Intent.CHAT, 0.95, "admin_refused")
    if slashed := slash_body(text):
        return ExactDecision(slashed[0], 0.97, "slash")
    if any_job_id(text) is not None and not is_media_request(text):
        if _ORDER.match(text) or _misspelt_order(text):
            return ExactDecision(Intent.JOB_CANCEL, 0.95, "cancel_job_id")
        if _QUESTION.search(text):
            return ExactDecision(Intent.JOB_STATUS, 0.95, "status_job_id")
        if _STOP_WORD.search(text):
            return ExactDecision(Intent.JOB_CANCEL, 0.9, "cancel_job_id")
        # Neither a question nor a stop word ("job 77 pls", "yeet job 12"): not exact; the
        # classifier reads it.
    return None


_STOP_VERBS = ("cancel", "abort", "terminate", "annule", "annuler", "cancela", "abbrechen", "stopp")
_FIRST_WORD = re.compile(r"^\W*(?:(?:please|pls|plz|now|just|ok|okay)\W+)*([^\W\d_]{5,})", _I)


def _misspelt_order(text: str) -> bool:
    """The message opens with a stop verb typed with one slip ("termiante job 99", "cancle")."""
    if not (m := _FIRST_WORD.match(text)):
        return False
    word = m.group(1).lower()
    return any(DamerauLevenshtein.distance(word, verb) == 1 for verb in _STOP_VERBS)
