from __future__ import annotations

import pytest

from core.result import ErrorCode, StepError, StepResult, UnwrapError, timed


def test_ok_result_carries_value_and_matches() -> None:
    result = StepResult.success([1, 2])
    match result:
        case StepResult(value=items, error=None):
            assert items == [1, 2]
        case _:
            pytest.fail("an ok result must match the ok pattern")
    assert result.ok and result.unwrap() == [1, 2]


def test_error_result_matches_on_code_and_refuses_unwrap() -> None:
    result: StepResult[int] = StepResult.failure(ErrorCode.NOT_FOUND, "no show called Frends")
    match result:
        case StepResult(error=StepError(code=ErrorCode.NOT_FOUND, message=msg)):
            assert "Frends" in msg
        case _:
            pytest.fail("an error result must match on its code")
    with pytest.raises(UnwrapError) as info:
        result.unwrap()
    assert info.value.error.code is ErrorCode.NOT_FOUND


@pytest.mark.parametrize(
    ("code", "retryable", "user_caused"),
    [
        (ErrorCode.INVALID_INPUT, False, True),
        (ErrorCode.RATE_LIMITED, True, True),
        (ErrorCode.UNAVAILABLE, True, False),
        (ErrorCode.TIMEOUT, True, False),
        (ErrorCode.INTERNAL, False, False),
        (ErrorCode.CANCELLED, False, False),
    ],
)
def test_codes_have_explicit_retry_and_blame(
    code: ErrorCode, retryable: bool, user_caused: bool
) -> None:
    error = StepResult.failure(code, "x").unwrap_error()
    assert error.retryable is retryable
    assert code.user_caused is user_caused


def test_exactly_eight_error_codes() -> None:
    assert {c.value for c in ErrorCode} == {
        "invalid_input",
        "not_found",
        "forbidden",
        "rate_limited",
        "unavailable",
        "timeout",
        "cancelled",
        "internal",
    }


def test_result_is_frozen_and_cannot_be_both() -> None:
    result = StepResult.success(1)
    with pytest.raises(AttributeError):
        result.value = 2  # type: ignore[misc]
    with pytest.raises(ValueError, match="not both"):
        StepResult(value=1, error=StepError(ErrorCode.INTERNAL, "x"))


def test_metadata_records_timings_and_cache_hits() -> None:
    timings: dict[str, float] = {}
    with timed(timings, "embed"):
        sum(range(1000))
    result = StepResult.success("x").with_meta(cache_hit=True, timings_ms=timings)
    assert result.meta.cache_hit is True
    assert result.meta.timings_ms["embed"] >= 0.0
    assert result.meta.with_timing("search", 1.5).timings_ms == {**timings, "search": 1.5}


def test_map_keeps_errors_untouched() -> None:
    failed: StepResult[int] = StepResult.failure(ErrorCode.TIMEOUT, "slow")
    assert failed.map(lambda v: v + 1) is failed
    assert StepResult.success(2).map(lambda v: v + 1).unwrap() == 3
