"""What a finished job's Reroll, Vary and Final quality buttons ask for, shared by the Discord
buttons (bot.buttons) and the console's /reroll, /vary and /final. Free of discord.py."""

from __future__ import annotations

from typing import Any

from bot.custom_ids import Action
from core.intent.schema import PARAMS_BY_INTENT, Intent
from core.jobs.model import Job, JobKind

__all__ = ["RERUN_INTENT", "rerun_options"]

RERUN_INTENT = {JobKind.IMAGE: Intent.GENERATE_IMAGE, JobKind.VIDEO: Intent.GENERATE_VIDEO}


def rerun_options(job: Job, action: Action) -> dict[str, Any]:
    """The options of a new job made from `job` by Reroll, Vary or Final quality."""
    intent = RERUN_INTENT[job.kind]
    allowed = PARAMS_BY_INTENT[intent].model_fields
    options = {k: v for k, v in job.params.items() if k in allowed and v is not None}
    seeds = job.result.get("seeds") or [job.result.get("seed", options.get("seed"))]
    used_seed = seeds[0] if seeds else None
    if action is Action.REROLL:
        options.pop("seed", None)  # a fresh random seed
    elif action is Action.VARY:
        # A neighbouring seed: the same prompt and settings, a close variation.
        options["seed"] = (int(used_seed) + 1) % 2**32 if used_seed is not None else None
        if options["seed"] is None:
            options.pop("seed")
    elif action is Action.FINAL:
        options["quality"] = "final"
        if used_seed is not None:
            options["seed"] = int(used_seed)
    return options
