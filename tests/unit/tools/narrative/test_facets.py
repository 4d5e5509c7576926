"""Facet texts hide character names behind roles; long facet texts are embedded whole."""

from __future__ import annotations

import numpy as np

from tests.fakes import shared_embedder
from tests.unit.tools.narrative.samples import make_dna
from tools.narrative.facets import DEFAULT_WEIGHTS, FACETS, embed_long, facet_texts


def test_the_four_facets_exist_and_names_become_roles() -> None:
    texts = facet_texts(make_dna())
    assert set(texts) == set(FACETS) == set(DEFAULT_WEIGHTS)
    for facet in ("plot", "character", "structure"):
        assert "Daniel" not in texts[facet] and "Okafor" not in texts[facet], facet
        assert "Femi" not in texts[facet], facet
    assert "the protagonist confronts the antagonist" in texts["plot"]
    assert "revenge" in texts["theme"] and "tense" not in texts["plot"]


async def test_a_text_longer_than_the_window_is_the_mean_of_its_windows() -> None:
    embedder = shared_embedder()
    first = "A lighthouse keeper guards a rocky island through a winter of storms. " * 12
    second = "A pastry chef in Paris enters a baking contest against her old mentor. " * 12
    long_text = first + second
    assert embedder.count_tokens(long_text) > 256
    (whole,) = await embed_long(embedder, [long_text], count_tokens=embedder.count_tokens)
    head, tail = await embed_long(
        embedder, [first.strip(), second.strip()], count_tokens=embedder.count_tokens
    )
    assert abs(float(np.linalg.norm(whole)) - 1.0) < 1e-5
    # Both halves count: the whole is close to each, unlike a text cut after the first half.
    assert float(np.dot(whole, tail)) > 0.5 and float(np.dot(whole, head)) > 0.5
