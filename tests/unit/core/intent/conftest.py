from __future__ import annotations

import pytest

from bot.wiring.intent import starter_titles
from core.config import IntentSettings
from core.intent.analyzer import IntentAnalyzer
from tests.fakes import fake_anthropic, shared_embedder

__all__ = ["analyzer", "fake_anthropic"]


@pytest.fixture(scope="session")
def analyzer() -> IntentAnalyzer:
    """The offline analyzer (rules + the real MiniLM stage), example vectors embedded once."""
    built = IntentAnalyzer(
        settings=IntentSettings(), embedder=shared_embedder(), known_titles=starter_titles()
    )
    built.warm_up_sync()
    return built
