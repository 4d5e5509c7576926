"""Second-order similarity, as benchmarks/retrieval_quality.py --tune measures it: shows that share
their neighbours come out alike even when their own score says little, a show's own score never
counts in the profile a member's show would have, and the cross-validation reports every way of
comparing neighbourhoods beside the production ranking, on queries each choice did not see."""

from __future__ import annotations

import numpy as np

from benchmarks.lib import retrieval_second as second
from tools.narrative.facts import ShowFacts, tag_norm, tag_terms

SHOWS = 40


def families(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Ten families of four shows scored high within the family, plus noise; the family of each
    show as an array."""
    rng = np.random.default_rng(seed)
    family = np.arange(SHOWS) // 4
    same = (family[:, None] == family[None, :]).astype(np.float64)
    noise = rng.random((SHOWS, SHOWS))
    scores = 0.5 * same + 0.5 * (noise + noise.T) / 2
    return scores, family


def test_two_shows_whose_own_score_was_lost_are_still_found_alike_through_their_neighbours() -> (
    None
):
    scores, family = families()
    scores[0, 1] = scores[1, 0] = 0.0  # shows 0 and 1 look unrelated on their own
    direct_rank = int((scores[0] > scores[0, 1]).sum())
    assert direct_rank > 30  # on their own, 1 is near the bottom of 0's list
    for found in (
        second.profile_similarity(scores, 10),
        second.shared_neighbours(scores, 5),
        second.reciprocal_similarity(scores, 5),
    ):
        others = found[0].copy()
        others[0] = -np.inf
        top = set(np.argsort(-others)[:3].tolist())
        assert top == {1, 2, 3}, top  # its three family members, 1 included
        assert family[list(top)].tolist() == [0, 0, 0]


def test_a_profile_without_itself_ignores_the_shows_own_column() -> None:
    scores, _ = families(1)
    changed = scores.copy()
    np.fill_diagonal(changed, 100.0)  # a show's score against itself, as starter shows have it
    same = second.profile_similarity(scores, 10, with_self=False)
    assert np.allclose(same, second.profile_similarity(changed, 10, with_self=False))
    assert not np.allclose(
        second.profile_similarity(scores, 10), second.profile_similarity(changed, 10)
    )


def test_fusing_nothing_of_the_second_order_leaves_the_production_score_as_it_is() -> None:
    scores, _ = families(2)
    assert second.fuse(scores, scores**2, 0.0) is scores
    fused = second.fuse(scores, np.zeros_like(scores), 0.5)
    assert np.allclose(fused, 0.5 * scores / scores.std())


def test_cross_validation_reports_each_family_beside_the_production_ranking() -> None:
    scores, family = families(3)
    rng = np.random.default_rng(3)
    ids = [f"show-{i}" for i in range(SHOWS)]
    mats = {
        "synopsis": scores.astype(np.float32),
        "facts": rng.random((SHOWS, SHOWS)).astype(np.float32),
        "tags": rng.random((SHOWS, SHOWS)).astype(np.float32),
    }
    alike = [
        frozenset(ids[j] for j in range(SHOWS) if family[j] == family[i] and j != i)
        for i in range(SHOWS)
    ]
    rows = list(range(SHOWS))
    found = second.cross_validated(
        mats,
        ids,
        rows,
        alike,
        [frozenset() for _ in rows],
        families={"profile": lambda s: {"k=10": second.profile_similarity(s, 10)}},
        seeds=(0,),
    )
    assert set(found) == {
        "production ranker",
        "profile",
        "best family chosen per fold",
        "profile as a learned signal",
    }
    assert found["production ranker"]["n"] == SHOWS
    assert found["production ranker"]["hit@1"] > 0.9  # the synopsis carries the families
    assert sum(found["profile"]["chosen"].values()) == 4  # one choice per fold
    assert found["profile"]["p@5"] >= 0.5


def test_latent_tags_bring_labels_that_go_together_closer_and_keep_the_plain_cosine_in_full() -> (
    None
):
    def show(*subgenres: str) -> ShowFacts:
        return ShowFacts.from_mapping({"subgenres": list(subgenres)})

    facts = [
        show("whodunit", "police"),
        show("detective mystery", "police"),
        *[show("whodunit", "detective mystery", "police") for _ in range(4)],
        *[show("sitcom", "workplace comedy") for _ in range(4)],
    ]
    genres = [["crime"]] * 6 + [["comedy"]] * 4
    full = second.latent_tags(genres, facts, len(facts))
    plain = [tag_terms(g, f) for g, f in zip(genres, facts, strict=True)]
    weighted_cosine = sum(w * plain[1].get(t, 0.0) for t, w in plain[0].items()) / (
        tag_norm(plain[0]) * tag_norm(plain[1])
    )
    assert np.isclose(full[0, 1], weighted_cosine)
    reduced = second.latent_tags(genres, facts, 2)
    # "whodunit" and "detective mystery" go together in the catalog: the two crime shows that
    # each have one of them come out nearer, and still far from the comedies.
    assert reduced[0, 1] > full[0, 1] + 0.1
    assert reduced[0, 1] > reduced[0, 7] + 0.5
