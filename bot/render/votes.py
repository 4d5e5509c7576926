"""The buttons under a similar-shows answer, and what a member is told when they press one.

Three rows for the first `VOTED_RESULTS` results, numbered as the embed numbers them:
👍 1 … 👍 5, 👎 1 … 👎 5 and 🔎 1 … 🔎 5 (more like this). Discord allows 25 buttons a message,
fewer than the 30 that ten results would need, so an answer of six to ten results has a fourth
row with one button, "Vote on 6–10": it sends the member, privately, the same three rows for
results 6-10 (`later_results`). An answer to a described story has no show to vote under, so it
gets only the 🔎 rows. Each custom id holds the answer's key and the result's rank
(`bot.custom_ids.make_answer`); nothing else is needed to act on a press, after a restart too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot import custom_ids
from bot.custom_ids import Action
from bot.render.model import ButtonSpec, OutMessage, Reply
from core.ports.feedback import ShownAnswer, VoteReceipt

__all__ = [
    "VOTED_RESULTS",
    "answer_gone",
    "later_results",
    "vote_buttons",
    "vote_hint",
    "vote_noted",
]

VOTED_RESULTS = 5  # one row per kind of button, five buttons a row
_ROWS = ((Action.SHOW_UP, "👍"), (Action.SHOW_DOWN, "👎"), (Action.SHOW_MORE, "🔎"))


def vote_buttons(
    data: Mapping[str, Any], results: Sequence[Any], *, first: int = 1
) -> list[ButtonSpec]:
    """The buttons for results `first` to `first` + 4 of an answer the tool remembered
    (`answer_key`; none for any other), and under the first five of a longer answer the one
    that sends the rest's."""
    key = data.get("answer_key")
    if not isinstance(key, str) or not key or len(results) < first:
        return []
    last = min(len(results), first + VOTED_RESULTS - 1)
    rows = _ROWS if data.get("query_id") else _ROWS[2:]
    buttons = [
        ButtonSpec(
            label=str(rank),
            custom_id=custom_ids.make_answer(action, key, rank),
            emoji=emoji,
            row=row,
        )
        for row, (action, emoji) in enumerate(rows)
        for rank in range(first, last + 1)
    ]
    if first == 1 and len(results) > VOTED_RESULTS:
        rest = VOTED_RESULTS + 1
        span = f"{rest}–{len(results)}" if len(results) > rest else str(rest)
        buttons.append(
            ButtonSpec(
                label=f"Vote on {span}",
                custom_id=custom_ids.make_answer(Action.SHOW_REST, key, rest),
                emoji="🔢",
                row=len(rows),
            )
        )
    return buttons


def later_results(shown: ShownAnswer, first: int) -> Reply:
    """The private message with the buttons of an answer's results from `first` on."""
    results = shown.results
    data = {"answer_key": shown.key, "query_id": shown.query_id}
    listed = "\n".join(
        f"**{rank}. {s.title}**" for rank, s in enumerate(results, start=1) if rank >= first
    )
    what = f"shows like {shown.query_title}" if shown.votable else "your description"
    message = OutMessage(
        content=f"Results {first}–{len(results)} of {what}:\n{listed}\n-# {vote_hint(data)}",
        buttons=vote_buttons(data, results, first=first),
    )
    return Reply([message], ephemeral=True)


def vote_hint(data: Mapping[str, Any]) -> str:
    """The footer line that says what the buttons do."""
    if not data.get("answer_key"):
        return ""
    more = "🔎 n: more like result n"
    if not data.get("query_id"):
        return more
    return f"👍 / 👎 n: is result n alike? This server's answers learn from it · {more}"


def voted_mark(why: Any) -> str:
    """After a result's score: this server's net vote on it under this show, if any."""
    net = why.get("votes") if isinstance(why, Mapping) else None
    if not isinstance(net, int) or not net:
        return ""
    return f" · 👍 {net} here" if net > 0 else f" · 👎 {-net} here"


def vote_noted(receipt: VoteReceipt) -> Reply:
    """The private answer to a 👍 or 👎 (nobody else sees a message for a vote)."""
    result, query = receipt.result_title, receipt.query_title
    if receipt.value > 0:
        text = (
            f"👍 Noted: {result} is like {query}. It and the shows most like it will rank higher "
            f"in this server's answers for shows like {query}."
        )
    else:
        text = (
            f"👎 Noted: {result} is not much like {query}. This server's answers for shows like "
            f"{query} leave it out from now on, and rank it lower for shows close to {query}."
        )
    if receipt.previous == receipt.value:
        text += " (You had said so already: your vote counts once.)"
    elif receipt.previous is not None:
        text += " (This replaces your earlier vote on it.)"
    return Reply.text(text, ephemeral=True)


def answer_gone() -> Reply:
    return Reply.text(
        "That answer is too old for its buttons. Ask /show similar again and use the new ones.",
        ephemeral=True,
    )


def votes_not_kept() -> Reply:
    return Reply.text(
        "Votes are not kept by this bot, so this button does nothing here.", ephemeral=True
    )
