"""`python -m bot.intent_model` (`make intent-model`): fit the intent classifier on the project's
training data and write it to core/intent/data/model/, so no start has to embed the training
messages and fit it (minutes on 2 busy cores). Run it after changing the training data, the
grammars or the classifier's settings; a test fails while the shipped model is stale.
"""

from __future__ import annotations

import os
import time

from core.config import load_settings
from core.intent.analyzer import IntentAnalyzer
from tools.retrieval.embedder import MiniLMEmbedder

__all__ = ["main"]


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    started = time.perf_counter()
    # No vector cache: every training message is encoded afresh, as a first start would.
    analyzer = IntentAnalyzer(settings=load_settings().intent, embedder=MiniLMEmbedder())
    path = analyzer.ship_model()
    size_mb = path.stat().st_size / 1e6
    print(f"wrote {path} ({size_mb:.1f} MB) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
