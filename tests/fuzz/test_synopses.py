"""`/show add` with a hostile synopsis runs as a real job (offline extractor, MiniLM, qdrant-edge):
it ends stored, or refused with a reason the member can act on, never as a crash. Fuzzing found
two crashes here: one very long "word" (or a run of emoji) made a character's want longer than
the schema allows, and one long capitalised word did the same to the setting's place."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.intent.schema import Intent
from core.ports.progress import JobState
from core.replies import JobAccepted
from tests.fuzz.strategies import FRAGMENTS, hostile_text
from tests.fuzz.support import DEEP, FUZZ, Stack, check_result, check_update

_STORY = (
    "A fox lives in the snow near a village. She steals bread from the baker, who swears "
    "revenge. In the end they become friends."
)
_SYNOPSES = st.one_of(
    hostile_text(),
    # a real story with hostile pieces spliced in, so extraction goes all the way through
    st.lists(st.sampled_from(FRAGMENTS), max_size=10).map(lambda bits: " ".join([*bits, _STORY])),
    st.builds(
        lambda word, n: f"They travel to {word * n}. They stay in {word * n}.",
        st.sampled_from(["Xy", "🦊", ".", "\u200b"]),
        st.integers(100, 3000),
    ),
)


def _analyse(stack: Stack, synopsis: str) -> None:
    result = stack.run_command(
        Intent.ANALYZE_SHOW, {"title": "Fuzzed", "text": synopsis}, stack.ctx()
    )
    check_result(result)
    if not isinstance(result.value, JobAccepted):
        return
    final = stack.final_update(result.value.ticket.job.id)
    check_update(final)
    assert final.state in (JobState.SUCCEEDED, JobState.FAILED)


@settings(FUZZ, max_examples=15)
@given(synopsis=_SYNOPSES)
def test_any_synopsis_is_stored_or_refused_with_a_reason(stack: Stack, synopsis: str) -> None:
    _analyse(stack, synopsis)


@pytest.mark.slow
@settings(DEEP, max_examples=150)
@given(synopsis=_SYNOPSES)
def test_any_synopsis_is_stored_or_refused_with_a_reason_deep(stack: Stack, synopsis: str) -> None:
    _analyse(stack, synopsis)


@pytest.mark.parametrize(
    "synopsis",
    [
        "b" * 5000,
        "🦊" * 3000,
        "." * 3000 + " a story of two friends who travel",
        "They travel to X" + "y" * 400 + ". They stay in X" + "y" * 400 + " for years.",
    ],
    ids=["long-word", "emoji", "dots", "long-place"],
)
def test_synopses_that_crashed_the_extractor_are_stored(stack: Stack, synopsis: str) -> None:
    result = stack.run_command(
        Intent.ANALYZE_SHOW, {"title": "Edge case", "text": synopsis}, stack.ctx()
    )
    final = stack.final_update(result.unwrap().ticket.job.id)
    assert final.state is JobState.SUCCEEDED, final.error
    check_update(final)
