"""The learned ranker that chooses "shows like X" weights: it puts the weight on the signal that
tells alike shows apart, its weights are usable in the store's formula (non-negative, summing
to 1), and its cross-validated figure is measured on queries each fit did not see."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.lib import retrieval_learn as learn

SHOWS = 40


def world(seed: int = 0) -> tuple[dict[str, np.ndarray], list[str], list[frozenset[str]]]:
    """Ten families of four shows: "signal" is high within a family, "noise" is random, "decoy"
    is high for a show's 'surface' look-alikes in the next family."""
    rng = np.random.default_rng(seed)
    ids = [f"show-{i}" for i in range(SHOWS)]
    family = np.arange(SHOWS) // 4
    same = (family[:, None] == family[None, :]).astype(np.float32)
    near = (family[None, :] == (family[:, None] + 1) % 10).astype(np.float32)
    mats = {
        "signal": 0.6 * same + 0.4 * rng.random((SHOWS, SHOWS)).astype(np.float32),
        "noise": rng.random((SHOWS, SHOWS)).astype(np.float32),
        "decoy": 0.7 * near + 0.3 * rng.random((SHOWS, SHOWS)).astype(np.float32),
    }
    alike = [
        frozenset(ids[j] for j in range(SHOWS) if family[j] == family[i] and j != i)
        for i in range(SHOWS)
    ]
    return mats, ids, alike


def test_the_fit_weighs_the_signal_that_separates_alike_shows_and_ignores_noise() -> None:
    mats, ids, alike = world()
    rows = list(range(SHOWS))
    features = np.stack([mats[k] for k in ("signal", "noise", "decoy")], axis=-1).astype(np.float64)
    diffs, weights = learn.pairs(
        features, ids, rows, dict(zip(rows, alike, strict=True)), {}, hard=3.0
    )
    w = learn.fit(diffs, weights, l2=1e-3)
    assert w.sum() == pytest.approx(1.0)
    assert (w >= 0).all()
    assert w[0] > 0.8 and w[1] < 0.1 and w[2] < 0.1


def test_cross_validation_reports_held_out_figures_and_how_stable_the_weights_are() -> None:
    mats, ids, alike = world(1)
    rows = list(range(SHOWS))
    surface = [frozenset() for _ in rows]
    found = learn.cross_validated(mats, ("signal", "noise"), ids, rows, alike, surface)
    assert found["n"] == SHOWS
    assert found["hit@1"] > 0.9  # the signal alone finds a family member first
    assert found["weights"]["signal"] > found["weights"]["noise"]
    assert set(found["fold_spread"]) == {"signal", "noise"}
    noise_only = learn.cross_validated(mats, ("noise",), ids, rows, alike, surface)
    assert noise_only["hit@1"] < 0.5


def test_the_nested_cross_validation_chooses_the_variant_that_carries_the_signal() -> None:
    mats, ids, alike = world(2)
    rows = list(range(SHOWS))
    surface = [frozenset() for _ in rows]
    variants = {
        "with the signal": {"a": mats["signal"], "b": mats["noise"]},
        "noise only": {"a": mats["noise"], "b": mats["decoy"]},
    }
    found = learn.nested_cross_validated(variants, ("a", "b"), ids, rows, alike, surface)
    # Chosen on the training folds alone, every time, and scored on the held-out ones.
    assert found["chosen"] == {"with the signal": 12}
    assert found["hit@1"] > 0.9 and found["n"] == SHOWS


def test_the_loss_for_the_first_results_keeps_only_each_querys_hardest_negatives() -> None:
    mats, ids, alike = world(2)
    rows = list(range(SHOWS))
    features = np.stack([mats[k] for k in ("signal", "noise")], axis=-1).astype(np.float64)
    good = dict(zip(rows, alike, strict=True))
    every, _ = learn.pairs(features, ids, rows, good, {}, hard=3.0)
    scores = features[..., 0]  # the signal ranks the candidates
    hardest, _ = learn.pairs(features, ids, rows, good, {}, hard=3.0, top=5, scores=scores)
    # Three alike shows per query: 3 x 36 negatives become 3 x 5 pairs.
    assert len(every) == SHOWS * 3 * 36 and len(hardest) == SHOWS * 3 * 5
    w = learn.fit_top(features, ids, rows, good, {}, hard=3.0, l2=1e-3, top=5)
    assert w.sum() == pytest.approx(1.0) and w[0] > w[1]
