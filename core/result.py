"""`StepResult`: what every tool and core operation returns.

A result is either ok (with `value`) or an error (with an explicit `ErrorCode`, a message meant for
the person who asked, and whether retrying may help). Codes are set where the failure is known,
never guessed from exception text. Bugs still raise.

    match result:
        case StepResult(error=None, value=shows): ...
        case StepResult(error=StepError(code=ErrorCode.NOT_FOUND)): ...
"""

from __future__ import annotations

import enum
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Generic, NoReturn, TypeVar

__all__ = ["ErrorCode", "ResultMeta", "StepError", "StepResult", "UnwrapError", "timed"]

T = TypeVar("T")
U = TypeVar("U")


class ErrorCode(enum.StrEnum):
    INVALID_INPUT = "invalid_input"  # the user can fix it: the message says what to change
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"  # a dependency is down or not configured
    TIMEOUT = "timeout"
    CANCELLED = "cancelled"
    INTERNAL = "internal"  # a bug or an unexpected failure; logged with an error id

    @property
    def user_caused(self) -> bool:
        """Errors the user caused are shown to them; the rest are logged and shown as an apology."""
        return self in _USER_CAUSED


_USER_CAUSED = frozenset(
    {ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN, ErrorCode.RATE_LIMITED}
)
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class StepError:
    code: ErrorCode
    message: str
    retryable: bool = False
    retry_after_s: float | None = None
    # Set for internal errors so the apology a user sees matches a log line.
    error_id: str | None = None
    details: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True, slots=True)
class ResultMeta:
    timings_ms: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    cache_hit: bool | None = None
    source: str | None = None  # which stage/adapter produced the result

    def with_timing(self, name: str, ms: float) -> ResultMeta:
        return replace(self, timings_ms=MappingProxyType({**self.timings_ms, name: ms}))


class UnwrapError(RuntimeError):
    """`unwrap()` on an error result: a bug in the caller, who should have matched on it."""

    def __init__(self, error: StepError) -> None:
        super().__init__(f"{error.code}: {error.message}")
        self.error = error


@dataclass(frozen=True, slots=True)
class StepResult(Generic[T]):
    value: T | None = None
    error: StepError | None = None
    meta: ResultMeta = field(default_factory=ResultMeta)

    __match_args__ = ("value", "error")

    def __post_init__(self) -> None:
        if self.error is not None and self.value is not None:
            raise ValueError("a StepResult is ok or an error, not both")

    @classmethod
    def success(cls, value: T, *, meta: ResultMeta | None = None) -> StepResult[T]:
        return cls(value=value, meta=meta or ResultMeta())

    @classmethod
    def failure(
        cls,
        code: ErrorCode,
        message: str,
        *,
        retryable: bool | None = None,
        retry_after_s: float | None = None,
        error_id: str | None = None,
        details: Mapping[str, Any] | None = None,
        meta: ResultMeta | None = None,
    ) -> StepResult[T]:
        if retryable is None:
            retryable = code in (ErrorCode.RATE_LIMITED, ErrorCode.UNAVAILABLE, ErrorCode.TIMEOUT)
        error = StepError(
            code=code,
            message=message,
            retryable=retryable,
            retry_after_s=retry_after_s,
            error_id=error_id,
            details=MappingProxyType(dict(details or {})),
        )
        return cls(error=error, meta=meta or ResultMeta())

    @property
    def ok(self) -> bool:
        return self.error is None

    def unwrap(self) -> T:
        if self.error is not None:
            raise UnwrapError(self.error)
        return self.value  # type: ignore[return-value]

    def unwrap_error(self) -> StepError:
        if self.error is None:
            raise ValueError("unwrap_error() on an ok result")
        return self.error

    def map(self, fn: Any) -> StepResult[Any]:
        if self.error is not None:
            return self
        return StepResult(value=fn(self.value), meta=self.meta)

    def cast_error(self) -> StepResult[Any]:
        """Re-type an error result so it can be returned from a function of another result type."""
        if self.error is None:
            raise ValueError("cast_error() on an ok result")
        return self

    def with_meta(self, **changes: Any) -> StepResult[T]:
        return replace(self, meta=replace(self.meta, **changes))

    def raise_(self) -> NoReturn:
        raise UnwrapError(self.unwrap_error())


@contextmanager
def timed(timings: dict[str, float], name: str) -> Iterator[None]:
    """Record the wall time of a block, in milliseconds, under `name`."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = (time.perf_counter() - start) * 1000.0
