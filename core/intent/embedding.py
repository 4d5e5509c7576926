"""Stage 2: nearest labelled examples (data/examples.jsonl) with the offline embedding model.

Each intent scores the mean cosine similarity of its `top_k` nearest examples; the stage decides
when the best intent beats the runner-up by the configured margin. The examples are embedded
once (the embedder caches vectors by content hash, on disk when it has a persistent cache).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from core.intent.schema import Intent
from core.ports.embedder import Embedder, Vector

__all__ = ["EXAMPLES_PATH", "EmbeddingClassifier", "EmbeddingVote", "Example", "load_examples"]

EXAMPLES_PATH = Path(__file__).resolve().parent / "data" / "examples.jsonl"
# Softmax temperature turning per-intent similarities into a confidence: similarities of
# MiniLM sentence vectors differ by a few hundredths between a right and a wrong intent.
_TEMPERATURE = 0.05


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: Intent


def load_examples(path: Path = EXAMPLES_PATH) -> tuple[Example, ...]:
    examples: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            try:
                examples.append(Example(text=row["text"], intent=Intent(row["intent"])))
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{path}:{number}: not an intent example ({exc})") from None
    return tuple(examples)


@dataclass(frozen=True, slots=True)
class EmbeddingVote:
    intent: Intent
    confidence: float
    margin: float  # best score minus the runner-up's
    scores: Mapping[Intent, float]


class EmbeddingClassifier:
    def __init__(self, embedder: Embedder, examples: Sequence[Example], *, top_k: int = 3) -> None:
        if not examples:
            raise ValueError("the embedding stage needs labelled examples")
        self._embedder = embedder
        self._examples = tuple(examples)
        self._top_k = top_k
        self._intents = tuple(dict.fromkeys(e.intent for e in self._examples))
        self._labels = np.array([self._intents.index(e.intent) for e in self._examples])
        self._matrix: npt.NDArray[np.float32] | None = None

    @property
    def ready(self) -> bool:
        return self._matrix is not None

    async def warm_up(self) -> None:
        if self._matrix is None:
            self._set(await self._embedder.embed([e.text for e in self._examples]))

    def warm_up_sync(self) -> None:
        if self._matrix is None:
            self._set(self._embedder.embed_sync([e.text for e in self._examples]))

    def _set(self, vectors: list[Vector]) -> None:
        self._matrix = np.asarray(vectors, dtype=np.float32)

    async def classify(self, text: str) -> EmbeddingVote:
        await self.warm_up()
        (vector,) = await self._embedder.embed([text])
        return self.vote(vector)

    def classify_sync(self, text: str) -> EmbeddingVote:
        self.warm_up_sync()
        (vector,) = self._embedder.embed_sync([text])
        return self.vote(vector)

    def vote(self, vector: Vector) -> EmbeddingVote:
        if self._matrix is None:
            raise RuntimeError("warm_up() first: the example vectors are not embedded yet")
        sims = self._matrix @ np.asarray(vector, dtype=np.float32)
        scores: dict[Intent, float] = {}
        for index, intent in enumerate(self._intents):
            own = sims[self._labels == index]
            k = min(self._top_k, own.size)
            top = np.partition(own, own.size - k)[own.size - k :]
            scores[intent] = float(top.mean())
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        (best, best_score), (_, second_score) = ranked[0], ranked[1]
        exps = [math.exp((score - best_score) / _TEMPERATURE) for _, score in ranked]
        return EmbeddingVote(
            intent=best,
            confidence=1.0 / sum(exps),
            margin=best_score - second_score,
            scores=scores,
        )
