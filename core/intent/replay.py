"""Replaying a thread's earlier messages into `Turn`s, as the orchestrator records them, so a
labelled follow-up ("now 6 scenes") is read with the context the bot would really have.

Only the member's messages are read; the bot's own lines are implied by what was recorded (a
reading with missing parameters is the question the bot asked).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from core.conversation import Turn
from core.intent.schema import Intent, IntentResult

__all__ = ["replay"]

Analyze = Callable[..., Awaitable[IntentResult]]


async def replay(analyze: Analyze, texts: Sequence[str], *, max_turns: int = 8) -> list[Turn]:
    """The turns the orchestrator would hold after the member sent `texts`, oldest first."""
    turns: list[Turn] = []
    for text in texts:
        reading = await analyze(text, context=tuple(turns))
        if reading.missing:
            turns.append(
                Turn(
                    intent=reading.intent,
                    params=dict(reading.params),
                    missing=tuple(reading.missing),
                    text=text,
                )
            )
        elif reading.intent is not Intent.CHAT:
            turns.append(Turn(intent=reading.intent, params=dict(reading.params), text=text))
        turns = turns[-max_turns:]
    return turns
