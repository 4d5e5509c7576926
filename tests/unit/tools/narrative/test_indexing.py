"""What indexing writes for a show: every named vector, the masked sentences among them."""

from __future__ import annotations

import numpy as np

from tests.fakes import shared_embedder
from tests.unit.tools.narrative.conftest import heuristic
from tools.narrative.indexing import MASKED, SENTENCES, VECTORS, IndexItem, WorkIndexer
from tools.narrative.work import WorkText

STORY = (
    "Prospero, the rightful Duke of Milan, lives on a remote island with his daughter Miranda. "
    "With the help of the spirit Ariel, Prospero raises a storm that wrecks his brother Antonio's "
    "ship. Miranda falls in love with Ferdinand, a prince from the wreck. "
    "In the end Prospero forgives Antonio and gives up his magic."
)
RENAMED = (
    STORY.replace("Prospero", "Morbius")
    .replace("Milan", "Altair")
    .replace("Miranda", "Altaira")
    .replace("Ariel", "Robby")
    .replace("Antonio", "Adams")
    .replace("Ferdinand", "Farman")
)


class _NoStore:
    """Building points needs no store."""


async def test_a_story_told_under_other_names_matches_on_its_masked_sentences() -> None:
    embedder = shared_embedder()
    indexer = WorkIndexer(embedder, _NoStore(), count_tokens=embedder.count_tokens)
    works = [
        WorkText(id="a", title="Storm", synopsis=STORY),
        WorkText(id="b", title="Planet", synopsis=RENAMED),
    ]
    dnas = [r.unwrap() for r in await heuristic().extract_many(works)]
    points = await indexer.points(
        [IndexItem("global", d, w.synopsis) for w, d in zip(works, dnas, strict=True)]
    )
    first, second = points
    assert set(first.vectors) == set(VECTORS)
    assert len(first.vectors[MASKED]) == len(first.vectors[SENTENCES]) == 4
    # Names moved the sentences apart; masked, the two tellings are the same text.
    raw = np.asarray(first.vectors[SENTENCES]) @ np.asarray(second.vectors[SENTENCES]).T
    hidden = np.asarray(first.vectors[MASKED]) @ np.asarray(second.vectors[MASKED]).T
    assert float(np.diag(raw).min()) < 0.95
    assert float(np.diag(hidden).min()) > 0.999
