"""Tag associations as benchmarks/retrieval_quality.py --tune measures them: the benchmark's
expanded score is the one the store would compute from the query's expanded tag coefficients, a
tag the query lacks that sits on its alike shows gains weight, the label-free associations link
only tags that go together, and the nested CV never trains on a held-out show's pairs."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pytest

from benchmarks.lib import retrieval_assoc as assoc
from benchmarks.lib import retrieval_assoc_cv as assoc_cv
from benchmarks.lib import retrieval_eval as ev
from tools.narrative.facts import ShowFacts, query_tag_terms, tag_norm, tag_terms

# Workplace comedies are alike with mockumentaries although they share no "kind" tag.
SHOWS = [
    {"format": "sitcom", "subgenres": ["workplace comedy"], "tone": ["warm"]},
    {"format": "sitcom", "subgenres": ["mockumentary"], "tone": ["warm"]},
    {"format": "sitcom", "subgenres": ["workplace comedy"], "tone": ["dry"]},
    {"format": "sitcom", "subgenres": ["mockumentary"], "tone": ["dry"]},
    {"format": "sitcom", "subgenres": ["family comedy"], "tone": ["warm"]},
    {"format": "sitcom", "subgenres": ["family comedy"], "tone": ["dry"]},
]
GENRES: list[list[str]] = [["comedy"]] * len(SHOWS)
IDS = [f"s{n}" for n in range(len(SHOWS))]
ALIKE = {0: {1, 3}, 1: {0, 2}, 2: {3, 1}, 3: {2, 0}, 4: {5}, 5: {4}}


def space() -> assoc.TagSpace:
    return assoc.tag_space(GENRES, [ShowFacts.from_mapping(s) for s in SHOWS])


def labels() -> np.ndarray:
    out = np.zeros((len(SHOWS), len(SHOWS)))
    for q, found in ALIKE.items():
        out[q, sorted(found)] = 1.0
    return out


def tag_of(found: assoc.TagSpace, tag: str) -> int:
    return found.vocab.index(tag)


def test_the_expanded_score_is_what_the_store_computes_from_expanded_query_coefficients() -> None:
    found = space()
    pairs = assoc.training_pairs(len(SHOWS), range(len(SHOWS)), range(len(SHOWS)))
    matrix = assoc.associations(found, labels(), pairs, assoc.Settings(1.0, 0, True, True))
    lam = 0.3
    scores = ev.tag_matrix(GENRES, [ShowFacts.from_mapping(s) for s in SHOWS]) + lam * (
        assoc.expanded(found, matrix)
    )
    terms = [tag_terms(g, ShowFacts.from_mapping(s)) for g, s in zip(GENRES, SHOWS, strict=True)]
    for q in range(len(SHOWS)):
        coef: dict[str, float] = dict(query_tag_terms(terms[q]))
        for a, c in list(coef.items()):  # the query expansion a shipped A would make
            for b, strength in enumerate(matrix[tag_of(found, a)]):
                if strength:
                    coef[found.vocab[b]] = coef.get(found.vocab[b], 0.0) + lam * c * strength
        for d in range(len(SHOWS)):
            store = sum(c for t, c in coef.items() if t in terms[d]) / tag_norm(terms[d])
            assert scores[q, d] == pytest.approx(store, rel=1e-5)


def test_a_tag_the_query_lacks_that_sits_on_its_alike_shows_gains_weight() -> None:
    found = space()
    pairs = assoc.training_pairs(len(SHOWS), range(len(SHOWS)), range(len(SHOWS)))
    matrix = assoc.associations(found, labels(), pairs, assoc.Settings(1.0, 0, True, False))
    work, mock = (
        tag_of(found, "subgenres:workplace comedy"),
        tag_of(found, "subgenres:mockumentary"),
    )
    family = tag_of(found, "subgenres:family comedy")
    assert matrix[work, mock] > 0.0 and matrix[mock, work] > 0.0
    assert matrix[work, family] == 0.0  # never alike: no association
    plain = ev.tag_matrix(GENRES, [ShowFacts.from_mapping(s) for s in SHOWS])
    assert plain[2, 3] == pytest.approx(plain[2, 5])  # exact tags cannot tell them apart
    expanded = plain + assoc.expanded(found, matrix)
    assert expanded[2, 3] > expanded[2, 5]  # the mockumentary now ranks above the family comedy


def test_label_free_associations_link_only_tags_that_go_together() -> None:
    shows = [
        {"tone": ["eerie"], "themes": ["grief"]},
        {"tone": ["eerie"], "themes": ["grief"]},
        {"tone": ["warm"], "themes": ["friendship"]},
        {"tone": ["warm"], "themes": ["friendship"]},
    ]
    found = assoc.tag_space([[]] * len(shows), [ShowFacts.from_mapping(s) for s in shows])
    matrix = assoc.cooccurrence(found, top=0, support=0.0)
    eerie, grief, warm = (tag_of(found, t) for t in ("tone:eerie", "themes:grief", "tone:warm"))
    assert matrix[eerie, grief] > 0.0
    assert matrix[eerie, warm] == 0.0
    assert matrix[eerie, eerie] == 0.0  # a tag is not its own association


def test_the_nested_cv_never_trains_on_a_held_out_shows_pairs() -> None:
    found = space()
    rows = list(range(len(SHOWS)))
    mats = {
        "synopsis": np.eye(len(SHOWS)),
        "facts": np.eye(len(SHOWS)),
        "tags": ev.tag_matrix(GENRES, [ShowFacts.from_mapping(s) for s in SHOWS]),
    }
    seen: list[np.ndarray] = []

    def recording(
        space: assoc.TagSpace,
        alike: np.ndarray,
        pairs: np.ndarray,
        tags: np.ndarray,
        fused: np.ndarray,
    ) -> Mapping[str, np.ndarray]:
        seen.append(pairs.copy())
        return {"some": np.zeros_like(tags)}

    alike = [frozenset(IDS[j] for j in ALIKE[r]) for r in rows]
    for every in (False, True):
        seen.clear()
        assoc_cv.nested(mats, found, IDS, rows, alike, recording, every_show=every, seeds=(0,))
        assert seen
        for pairs in seen:
            trained = set(np.flatnonzero(pairs.any(axis=1)))
            candidates = set(np.flatnonzero(pairs.any(axis=0)))
            held = set(rows) - trained  # the shows this fit's figures are judged on
            assert held and not held & candidates
            if not every:
                assert candidates <= trained
