"""The buttons under a similar-shows answer, in the console: typed choices `like N`, `dislike N`
and `more N` for its first results, the same as 👍 / 👎 / 🔎 in Discord (the console is a server
of its own, so its votes re-rank only its own answers)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot import custom_ids
from bot.console.choices import Choice, ConsoleScreen, Offers
from bot.console.words import render_result
from bot.custom_ids import Action
from bot.render.votes import VOTED_RESULTS, vote_buttons, vote_noted
from bot.services import ConsoleServices
from core.intent.schema import Intent
from core.ports.feedback import ShowFeedback, VoteValue
from core.replies import SIMILAR_SHOWS_KIND, ToolOutput
from core.result import StepResult

__all__ = ["AnswerVotes", "similar_answer"]

WORDS = {Action.SHOW_UP: "like", Action.SHOW_DOWN: "dislike", Action.SHOW_MORE: "more"}
HINT = "  like N / dislike N: is result N alike? (answers here learn from it)"
MORE_HINT = "  more N: more like result N"


def similar_answer(result: StepResult[Any]) -> Mapping[str, Any] | None:
    """The data of a similar-shows answer, or None for any other result."""
    value = result.value
    if isinstance(value, ToolOutput) and value.kind == SIMILAR_SHOWS_KIND:
        return value.data if isinstance(value.data, Mapping) else None
    return None


@dataclass(frozen=True, slots=True)
class AnswerVotes:
    """The choices under one answer."""

    actions: Offers
    console: ConsoleScreen
    services: ConsoleServices
    answer: Mapping[str, Any]

    def offer(self, line: str | None = None) -> None:
        choices: list[Choice] = []
        results = self.answer.get("results") or []
        # Typed choices have no per-message limit: every result's, 6-10 included.
        later = vote_buttons(self.answer, results, first=VOTED_RESULTS + 1)
        specs = [*vote_buttons(self.answer, results), *later]
        for spec in specs:
            ref = custom_ids.parse(spec.custom_id)
            pressed = ref.answer_result if ref is not None else None
            if ref is not None and ref.action in WORDS and pressed is not None:
                label = f"{WORDS[ref.action]} {pressed[1]}"
                choices.append(Choice(label, self._press(ref.action, *pressed), exact=True))
        hint = HINT + MORE_HINT if self.answer.get("query_id") else MORE_HINT
        self.actions.offer(choices, line=line or hint)

    def _press(self, action: Action, key: str, rank: int) -> Callable[[], Awaitable[None]]:
        async def press() -> None:
            feedback = self.services.feedback
            if feedback is None:
                self.console.say("! Votes are not kept in this console.")
            elif action is Action.SHOW_MORE:
                await self._more_like(feedback, key, rank)
            else:
                await self._vote(feedback, key, rank, 1 if action is Action.SHOW_UP else -1)

        return press

    async def _vote(self, feedback: ShowFeedback, key: str, rank: int, value: VoteValue) -> None:
        tenant = self.console.ctx().tenant
        noted = await feedback.vote_on(tenant, key, rank, "console", value)
        if noted.error is not None:
            self.console.say(render_result(noted))
        else:
            self.console.say(vote_noted(noted.unwrap()).messages[0].content or "")
        self.offer("  (like N / dislike N / more N still apply to that answer)")

    async def _more_like(self, feedback: ShowFeedback, key: str, rank: int) -> None:
        shown = await feedback.answer(self.console.ctx().tenant, key)
        options = None if shown is None else shown.more_like(rank)
        if options is None:
            self.console.say("! That answer is too old for its choices; ask again.")
            return
        ctx = self.console.ctx()
        result = await self.services.commands.run_command(Intent.FIND_SIMILAR, options, ctx)
        self.console.say(render_result(result))
        await self.actions.after_reply(result, self.services, source_text="")
