"""The offline extractor on real MiniLM: labels with evidence, beats on sentences, long texts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.result import ErrorCode
from tests.fakes import shared_embedder
from tests.unit.tools.narrative.samples import pair_stories
from tools.narrative.heuristic import HeuristicExtractor
from tools.narrative.schema import NarrativeDNA
from tools.narrative.text import split_sentences
from tools.narrative.trust import field_trust
from tools.narrative.vocab import vocabulary
from tools.narrative.work import WorkText


@pytest.fixture(scope="module")
def extractor() -> HeuristicExtractor:
    embedder = shared_embedder()
    return HeuristicExtractor(embedder, max_chars=60000, count_tokens=embedder.count_tokens)


@pytest.fixture(scope="module")
def hamlet() -> WorkText:
    return pair_stories()[0][0]  # "The Quiet Merger": a Hamlet pattern in a Lagos company


async def test_every_theme_comes_with_sentences_of_the_synopsis_as_evidence(
    extractor: HeuristicExtractor, hamlet: WorkText
) -> None:
    dna = (await extractor.extract(hamlet)).unwrap()
    sentences = split_sentences(hamlet.synopsis)
    assert 1 <= len(dna.themes) <= 5
    for theme in dna.themes:
        assert theme.evidence, theme.id
        for evidence in theme.evidence:
            assert evidence.sentence is not None
            source = sentences[evidence.sentence]
            assert evidence.text.rstrip(" …") in source
    assert dna.extraction.method == "heuristic"
    assert 0.0 < dna.extraction.confidence <= 0.6
    assert dna.work.id == hamlet.id and dna.work.title == "The Quiet Merger"


async def test_beats_sit_on_sentences_in_story_order(
    extractor: HeuristicExtractor, hamlet: WorkText
) -> None:
    dna = (await extractor.extract(hamlet)).unwrap()
    beats = dna.structure.beats
    allowed = vocabulary().beat_ids(dna.structure.framework)
    assert [b.id for b in beats] == list(allowed)
    positions = [b.position for b in beats]
    assert positions == sorted(positions) and positions[0] >= 0.0 and positions[-1] <= 1.0
    sentences = split_sentences(hamlet.synopsis)
    assert all(b.summary.rstrip(" …") in " ".join(sentences) for b in beats)
    turning = {t.beat for t in dna.structure.turning_points}
    assert turning and turning <= set(allowed)


async def test_the_most_mentioned_person_is_the_protagonist(
    extractor: HeuristicExtractor, hamlet: WorkText
) -> None:
    dna = (await extractor.extract(hamlet)).unwrap()
    lead = dna.characters[0]
    assert lead.name == "Daniel Okafor" and lead.role == "protagonist"
    assert "Lagos" not in {c.name for c in dna.characters}
    assert dna.setting.place == "Lagos"


async def test_genre_hints_from_a_catalog_are_kept(extractor: HeuristicExtractor) -> None:
    work = WorkText(
        id="x",
        title="X",
        synopsis=pair_stories()[1][0].synopsis,
        genres=("Romance", "Drama", "not a genre"),
    )
    dna = (await extractor.extract(work)).unwrap()
    assert dna.genres == ["romance", "drama"]


async def test_a_synopsis_far_longer_than_the_model_window_is_read_in_full(
    extractor: HeuristicExtractor,
) -> None:
    stories = [s for pair in pair_stories() for s in pair]
    # One run-on "sentence" of ~2,000 tokens (eight times the window) plus whole stories.
    run_on = " and then ".join(s.synopsis.split(".")[0] for s in stories) + "."
    text = run_on + " " + " ".join(s.synopsis for s in stories[:3])
    assert extractor._embedder.count_tokens(run_on) > 1500  # type: ignore[attr-defined]
    result = await extractor.extract(WorkText(id="long", title="Long", synopsis=text))
    dna = result.unwrap()
    assert isinstance(dna, NarrativeDNA)
    # The last sentences are still read: the ending beat sits on one of them.
    last = split_sentences(text)[-1]
    assert dna.outcome.summary.rstrip(" …") in last


async def test_bad_synopses_fail_alone_in_a_batch(extractor: HeuristicExtractor) -> None:
    good = pair_stories()[2][0]
    results = await extractor.extract_many(
        [good, WorkText(id="empty", title="Empty", synopsis="  "), good]
    )
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error is not None and results[1].error.code is ErrorCode.INVALID_INPUT


async def test_the_same_text_gives_the_same_dna(
    extractor: HeuristicExtractor, hamlet: WorkText
) -> None:
    first = (await extractor.extract(hamlet)).unwrap()
    again = (await extractor.extract(hamlet)).unwrap()
    assert first.model_dump(exclude={"extraction"}) == again.model_dump(exclude={"extraction"})


async def test_a_members_show_states_its_era_as_fact_only_from_the_catalog(
    extractor: HeuristicExtractor,
) -> None:
    # With the shipped dev figures: a show imported with its year and no stated period gets the
    # year's era as a rough reading; the catalog's era for the same text is a fact.
    text = WorkText(
        id="six-friends",
        title="Six Friends",
        synopsis="Six friends share their jobs, loves and a coffee shop in Manhattan.",
        year=1994,
    )
    own = (await extractor.extract(text)).unwrap()
    assert (own.setting.era, own.extraction.sources["setting.era"]) == (
        "late_twentieth_century",
        "year",
    )
    assert field_trust(own)["setting.era"] == "rough"
    catalog = replace(text, facts={"setting_era": "1990s"})
    curated = (await extractor.extract(catalog)).unwrap()
    assert field_trust(curated)["setting.era"] == "fact"
