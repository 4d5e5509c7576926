"""Plain messages in a studio thread, as hostile as they come (huge, empty, control and
zero-width characters, bidi overrides, lone surrogates, mention and markdown injection, prompt
injection, very long single words), one to three in a row so follow-ups are read too: the real
analyzer and orchestrator answer every one without a crash or an apology, within Discord's
limits, and never by repeating the member's words back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.render.replies import render_result
from core.replies import SmallTalk
from core.result import ErrorCode
from tests.fuzz.conftest import SEEDED_TENANT
from tests.fuzz.strategies import hostile_text
from tests.fuzz.support import DEEP, FUZZ, Stack, check_result

_CONVERSATIONS = st.lists(hostile_text(), min_size=1, max_size=3)


def _converse(stack: Stack, messages: list[str], seeded: bool) -> None:
    ctx = stack.ctx(tenant=SEEDED_TENANT if seeded else None)
    for text in messages:
        result = stack.handle_message(text, ctx)
        check_result(result)
        if isinstance(result.value, SmallTalk) and len(text.strip()) > 12:
            content = render_result(result).messages[0].content or ""
            assert text.strip() not in content, "the bot parroted the member's message"


@FUZZ
@given(messages=_CONVERSATIONS, seeded=st.booleans())
def test_any_message_gets_an_answer_that_fits(
    stack: Stack, messages: list[str], seeded: bool
) -> None:
    _converse(stack, messages, seeded)


@pytest.mark.slow
@DEEP
@given(messages=_CONVERSATIONS, seeded=st.booleans())
def test_any_message_gets_an_answer_that_fits_deep(
    stack: Stack, messages: list[str], seeded: bool
) -> None:
    _converse(stack, messages, seeded)


@pytest.mark.parametrize(
    "text",
    [
        "\ud800",  # a lone surrogate: the tokenizer and SQLite refused it (was INTERNAL)
        "shows like \ud83d",
        "draw a fox \udfff in the snow",
        "-" * 59_000,  # quadratic backtracking in the media-request rule (was 35 s)
        "'" * 59_000,
        "",
        "\u200b\u202e\u2066",
    ],
    ids=["surrogate", "cut-emoji", "surrogate-in-prompt", "dashes", "quotes", "empty", "invisible"],
)
def test_messages_that_broke_the_bot_are_answered(stack: Stack, text: str) -> None:
    result = stack.handle_message(text, stack.ctx())
    assert result.error is None or result.error.code is not ErrorCode.INTERNAL
    check_result(result)


def test_a_message_over_the_limit_says_how_long_it_may_be(stack: Stack) -> None:
    limit = stack.settings.limits.max_text_chars
    result = stack.handle_message("a" * (limit + 1), stack.ctx())
    assert result.error is not None and result.error.code is ErrorCode.INVALID_INPUT
    assert f"{limit}" in result.error.message and "shorter" in result.error.message
    check_result(result)
