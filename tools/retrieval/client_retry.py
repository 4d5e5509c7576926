"""Retrying the server store's requests after transient failures (the connection dropped or timed
out, 429, 500, 502, 503, 504: a node restarting, a shard moving), with jittered exponential
backoff. Every request the store makes is safe to repeat (upserts and deletes name point ids)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from qdrant_client.http.exceptions import (
    ApiException,
    ResponseHandlingException,
    UnexpectedResponse,
)

from core.logging import get_logger
from core.metrics import Metrics

__all__ = ["Retrier", "transient"]

log = get_logger(__name__)
T = TypeVar("T")
_TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})
_RETRY_CAP_S = 2.0


def transient(exc: BaseException) -> bool:
    """Worth another try: the network, a timeout, or a server that is busy or restarting."""
    if isinstance(exc, UnexpectedResponse):
        return exc.status_code in _TRANSIENT_STATUS
    return isinstance(exc, ResponseHandlingException | OSError | TimeoutError)


class Retrier:
    """`retries` more tries after a transient failure, each counted in the metrics."""

    def __init__(self, backend: str, retries: int, base_s: float, metrics: Metrics | None) -> None:
        self._backend = backend
        self._retries = max(0, retries)
        self._base_s = base_s
        self._metrics = metrics

    async def __call__(self, op: str, fn: Callable[[], Awaitable[T]]) -> T:
        """`fn()`, tried again after transient failures; the last failure is raised."""
        delay = self._base_s
        for attempt in range(self._retries):
            try:
                return await fn()
            except (ApiException, OSError, TimeoutError) as exc:
                if not transient(exc):
                    raise
                log.info(
                    "vector_store_retry",
                    backend=self._backend,
                    op=op,
                    attempt=attempt + 1,
                    error=str(exc)[:200],
                )
                if self._metrics is not None:
                    self._metrics.inc("vector_store_retries_total", backend=self._backend, op=op)
            await asyncio.sleep(delay * random.uniform(0.5, 1.0))  # jitter: retries do not align
            delay = min(_RETRY_CAP_S, delay * 2)
        return await fn()
