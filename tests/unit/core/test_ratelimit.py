from __future__ import annotations

from core.clock import FakeClock
from core.ratelimit import RateLimiter


def test_a_user_over_the_limit_waits_until_the_oldest_command_is_a_minute_old() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=3, clock=clock)
    for _ in range(3):
        assert limiter.check("g:alice") is None
        clock.advance(10)
    wait = limiter.check("g:alice")
    assert wait is not None and abs(wait - 30.0) < 1e-6
    clock.advance(30)
    assert limiter.check("g:alice") is None


def test_users_are_limited_separately_and_a_server_limit_can_be_lower() -> None:
    limiter = RateLimiter(per_minute=2, clock=FakeClock())
    assert limiter.check("g:alice") is None
    assert limiter.check("g:alice") is None
    assert limiter.check("g:alice") is not None
    assert limiter.check("g:bob") is None
    assert limiter.check("g:carol", limit=1) is None
    assert limiter.check("g:carol", limit=1) is not None


def test_refused_commands_do_not_count() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=1, clock=clock)
    assert limiter.check("k") is None
    for _ in range(5):
        assert limiter.check("k") is not None
    clock.advance(60)
    assert limiter.check("k") is None
