"""Placing a framework's beats on a synopsis: each beat goes to the sentence that reads most like
it, in story order, near where that beat usually falls. The framework that fits best wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tools.narrative.vocab import BeatDef

__all__ = ["BeatPlacement", "place_beats", "sentence_positions"]

Matrix = npt.NDArray[np.float32]

# How much a sentence far from a beat's usual place is discounted (per unit of story length).
POSITION_PENALTY = 0.35


@dataclass(frozen=True, slots=True)
class BeatPlacement:
    beat: BeatDef
    sentence: int
    position: float
    similarity: float


def sentence_positions(count: int) -> npt.NDArray[np.float64]:
    """Where each sentence sits in the story, 0..1 (its middle)."""
    return (np.arange(count, dtype=np.float64) + 0.5) / max(count, 1)


def place_beats(
    beats: Sequence[BeatDef], sims: Matrix, positions: npt.NDArray[np.float64]
) -> tuple[float, list[BeatPlacement]]:
    """Best monotone assignment of beats (in order) to sentences (non-decreasing), by dynamic
    programming over score = similarity - penalty * distance from the beat's usual position.
    Returns the mean similarity of the chosen sentences (the framework's fit) and placements."""
    n, k = sims.shape[0], len(beats)
    expected = np.array([b.position for b in beats], dtype=np.float64)
    score = sims.astype(np.float64) - POSITION_PENALTY * np.abs(
        positions[:, None] - expected[None, :]
    )
    best = np.full((k, n), -np.inf)
    back = np.zeros((k, n), dtype=np.int64)
    best[0] = score[:, 0]
    for b in range(1, k):
        # Running maximum of the previous beat over sentences up to i.
        prev_best = np.maximum.accumulate(best[b - 1])
        prev_arg = _running_argmax(best[b - 1])
        best[b] = score[:, b] + prev_best
        back[b] = prev_arg
    end = int(np.argmax(best[k - 1]))
    chosen = [0] * k
    chosen[k - 1] = end
    for b in range(k - 1, 0, -1):
        chosen[b - 1] = int(back[b][chosen[b]])
    # Beats that share a sentence are spread across that sentence's stretch of the story, in
    # order, so the timeline still reads left to right.
    share = {i: chosen.count(i) for i in set(chosen)}
    seen: dict[int, int] = {}
    placements = []
    for b, (beat, i) in enumerate(zip(beats, chosen, strict=True)):
        j = seen.get(i, 0)
        seen[i] = j + 1
        position = (i + (j + 0.5) / share[i]) / n
        placements.append(BeatPlacement(beat, i, float(position), float(sims[i, b])))
    fit = float(np.mean([p.similarity for p in placements]))
    return fit, placements


def _running_argmax(values: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    out = np.zeros(len(values), dtype=np.int64)
    best_index = 0
    for i in range(len(values)):
        if values[i] > values[best_index]:
            best_index = i
        out[i] = best_index
    return out
