from __future__ import annotations

from tests.fakes import fake_anthropic

__all__ = ["fake_anthropic"]
