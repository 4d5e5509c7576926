from __future__ import annotations

import email.utils
import random

from tools.llm.retry import backoff_s, retry_after_s


def test_retry_after_forms_are_all_understood() -> None:
    assert retry_after_s({"retry-after": "3"}) == 3.0
    assert retry_after_s({"Retry-After-Ms": "1500", "retry-after": "9"}) == 1.5
    date = email.utils.formatdate(1_000_030.0, usegmt=True)
    assert retry_after_s({"retry-after": date}, now=1_000_000.0) == 30.0
    assert retry_after_s({"retry-after": "soon"}) is None
    assert retry_after_s({}) is None


def test_backoff_grows_then_stays_under_the_cap() -> None:
    rng = random.Random(7)
    waits = [backoff_s(n, base_s=1.0, max_s=8.0, rng=rng) for n in range(6)]
    for n, wait in enumerate(waits):
        ceiling = min(8.0, 2.0**n)
        assert ceiling / 2 <= wait <= ceiling
    assert max(waits) <= 8.0
