"""What "more like this" and a server's votes do to a "shows like X" search.

Votes re-rank through Qdrant's recommendation (positive and negative examples, its sum_scores
strategy on the `VOTE_VECTOR` named vector; `vote_examples`), as a term of the fused search the
store runs (core.ports.vectors.Examples, tools.retrieval.examples), in one search:
- under the show asked about, a result the server disliked is left out (the server said no);
  a liked result is a positive example, weighted `LIKE_WEIGHT`: it and the shows like it rise;
- a result disliked under another show can be a negative example, weighted `NEAR_WEIGHT`, for
  the shows close to that one: the first `NEAR` results of the answer the vote was cast under
  (FeedbackStore.near). Telling the bot that Sherlock is not like Breaking Bad, under an answer
  that listed Ozark first, would push Sherlock (and, less, the shows like it) down for Ozark,
  only where it still holds (`dislike_carries`: a dislike of Monster under Steins;Gate says
  nothing against Monster for Death Note). As shipped the weight is 0: votes under another
  show change nothing.
Why 0 (benchmarks/feedback.py --tune, dev pairs whose shows are both dev, 165, ranking with the
viewing facts, 2026-12-05): next similar show hit@1 0.921 without votes; carried dislikes at
0.05 helped none and harmed 1 (0.915), and no setting of benchmarks/lib/feedback_tune.py beat
no votes: carried likes, a vote read the other way round (at 0.2: 4 helped, 4 harmed; the
harmed are pairs the fans list one way only, The Shield -> Breaking Bad), a 👍 making two shows
close, dislikes at 0.1-0.2. Chosen per fold in a 4-fold CV over the next show, the settings gave
0.898 against 0.921 without. Two re-weightings were tried in numpy on the same pairs: the
server's votes raising the signals (synopsis, facts, shared facts) or the fact fields that
separate its likes from its dislikes: neither moved a first result until it harmed more than it
helped. The votes rarely bear on the next show's misses: its wrong first result is seldom among
the five voted on, and a recommendation example moves every show by its similarity to the
example, so a disliked show sinks only a little more than its neighbours (the right answer).
Votes as evidence about the facts shows share did not help either (benchmarks/lib/
feedback_tags.py, same dev pairs, 2026-12-05): a weight per tag from the votes, the liked and
disliked shows' tags added to or taken from the next query's (Rocchio), or an association over
(tag of the show voted under, tag of the result) lent to the next query's tags, gated by
closeness or not: chosen per fold 0.884 against 0.897 without votes; a server that voted under
57 shows, held-out shows 0.895 -> 0.899 hit@1, p@5 unchanged. So no vote touches tag weights.
Under the show asked about, every example lowered the precision of the results the member had
not seen yet a little or more (0.184 without; a like at 0.05: 0.171, at 0.25: 0.161; a
disliked result as a negative example too at 0.05: 0.189 alone, 0.182 with the like): the voted
results are all close to the show asked about, so pushing away from (or towards) them drifts
the answer away from that show. A like is kept at 0.05 so that the liked show itself rises, as
its button says. Each result keeps its score, the similarity a member reads: the votes only
order.

More like this: the member presses it under one result R of "shows like Q"; the next answer has
Q and R as positive examples, fused the way Qdrant's recommendation API does with its
sum-of-scores strategy: a show's score is its fused score as a neighbour of Q plus `SEED_WEIGHT`
times its score as a neighbour of R (`more_like`), over both answers searched `CANDIDATES` deep,
so each search keeps every signal of the usual fused query (facets, shared facts, one entry per
work). Weight 0.5 was chosen on the dev split of the fan-judgement set (benchmarks/feedback.py,
beside 1.0, 0.25 and the average-vector strategy, which lost more of the answer's precision for
Q there). R as a recommendation example of the store's own search (one vector, `Examples`) was
tried too: at weight 0.25 it kept a little more precision for Q (0.389 against 0.365 on dev,
ranking of 2026-12-05) but found fewer shows fans accept for both Q and R (0.189 against 0.200),
what the button asks. On that ranking 1.0 edges 0.5 on dev for both (0.203 against 0.200, one
result in 370) and loses precision for Q (0.357 against 0.365): 0.5 is kept.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, Protocol, TypeVar

from core.ports.vectors import TAGS_KEY, Examples, StoredWork
from tools.narrative.facts import stored_tag_similarity
from tools.narrative.feedback import Vote
from tools.narrative.library import Library

__all__ = [
    "CANDIDATES",
    "DISLIKE_WEIGHT",
    "LIKE_WEIGHT",
    "LINK",
    "MIRROR_WEIGHT",
    "NEAR_WEIGHT",
    "SEED_WEIGHT",
    "VOTE_VECTOR",
    "VotePlan",
    "carried_dislikes",
    "carried_tags",
    "close_shows",
    "dislike_carries",
    "more_like",
    "sum_scores",
    "vote_examples",
    "with_votes",
]

Tags = Mapping[str, Collection[str]]  # work id -> its stored fact tags

# How deep "more like this" searches each of its two answers before fusing them.
CANDIDATES = 30
# The named vector the vote examples compare on (tools.narrative.indexing.SIGNALS).
VOTE_VECTOR = "facts"
# Under the show asked about: a disliked result is left out (the server said no), a liked one
# is a positive example; a disliked one as a negative example too lowered dev precision.
LIKE_WEIGHT = 0.05
DISLIKE_WEIGHT = 0.0
# A dislike under a close show: off, it helped no next answer on dev (see the docstring). At a
# weight, a multiple of the like's lets the store run both as one recommendation (`_merged`).
NEAR_WEIGHT = 0.0
# A vote on (another show, this one) read the other way round, and whether a 👍 makes two shows
# close for carried votes: both off (benchmarks/feedback.py --tune, see the docstring above).
MIRROR_WEIGHT = 0.0
Link = Literal["near", "both"]
LINK: Link = "near"
# How much the pressed result counts beside the show asked about (dev of the fan judgements).
SEED_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class VotePlan:
    """What a server's votes do to one search: recommendation examples, and the results it
    disliked under this very show, left out of the answer."""

    examples: tuple[Examples, ...] = ()
    leave_out: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.examples or self.leave_out)


def carried_dislikes(
    query_id: str, votes: Sequence[Vote], near: Mapping[str, Collection[str]], link: Link = LINK
) -> list[tuple[str, str]]:
    """(show voted under, result) of each dislike under a close show of `query_id`."""
    close = close_shows(query_id, votes, near, link)
    return [
        (vote.query_id, vote.result_id)
        for vote in votes
        if vote.net < 0 and query_id != vote.result_id and vote.query_id in close
    ]


def dislike_carries(query_id: str, under: str, result: str, tags: Tags | None) -> bool:
    """Whether a dislike of `result` under the close show `under` counts for `query_id`. The
    server said `result` is not like `under`; that says little about this show when `result`
    shares more of this show's facts (stored tags) than of `under`'s, and there the dislike sank
    right answers. On the fan-judgement dev pairs, of the carried dislikes of a show the fans
    accept for the close show, 16 of 20 were of that kind; of the carried dislikes of a show
    they do not accept, 17 of 115 (benchmarks/feedback.py). Unknown tags: it counts."""
    if tags is None or not all(i in tags for i in (query_id, under, result)):
        return True
    mine = stored_tag_similarity(tags[result], tags[query_id])
    return mine <= stored_tag_similarity(tags[result], tags[under])


async def carried_tags(
    library: Library,
    tenant: str,
    query: StoredWork,
    votes: Sequence[Vote],
    near: Mapping[str, Collection[str]],
    *,
    link: Link = LINK,
) -> dict[str, list[str]]:
    """The stored tags `dislike_carries` compares: the query show's and, for each dislike under
    a close show, that show's and the result's (one read each; none when no dislike is)."""
    pairs = carried_dislikes(query.work_id, votes, near, link)
    if not pairs:
        return {}
    out = {query.work_id: list(query.payload.get(TAGS_KEY) or ())}
    for work_id in sorted({i for pair in pairs for i in pair} - set(out)):
        found = await library.get(tenant, work_id)
        if found.error is None:
            out[work_id] = list(found.unwrap().payload.get(TAGS_KEY) or ())
    return out


def vote_examples(
    query_id: str,
    votes: Sequence[Vote],
    near: Mapping[str, Collection[str]],
    *,
    tags: Tags | None = None,
    using: str = VOTE_VECTOR,
    like_weight: float = LIKE_WEIGHT,
    dislike_weight: float = DISLIKE_WEIGHT,
    near_weight: float = NEAR_WEIGHT,
    near_like_weight: float = 0.0,
    mirror_weight: float = MIRROR_WEIGHT,
    link: Link = LINK,
) -> VotePlan:
    """What this server's votes do to a search for shows like `query_id`; `near` maps each show
    voted under to the first results of the answers voted under (FeedbackStore.near); `tags`
    (`carried_tags`) decides which dislikes under a close show carry (`dislike_carries`);
    `mirror_weight`: a vote on (another show, this one) as a positive (negative) example of that
    show here; `link`: which shows voted under count as close (`close_shows`).
    Empty (false) when no vote bears on it."""
    liked: set[str] = set()
    disliked: set[str] = set()
    disliked_near: set[str] = set()
    liked_near: set[str] = set()
    mirrored_like: set[str] = set()
    mirrored_dislike: set[str] = set()
    close = close_shows(query_id, votes, near, link)
    for vote in votes:
        if not vote.net:
            continue
        if vote.result_id == query_id:
            if vote.query_id != query_id:
                (mirrored_like if vote.net > 0 else mirrored_dislike).add(vote.query_id)
            continue
        if vote.query_id == query_id:
            (liked if vote.net > 0 else disliked).add(vote.result_id)
        elif vote.query_id in close:
            if vote.net > 0:
                liked_near.add(vote.result_id)
            elif dislike_carries(query_id, vote.query_id, vote.result_id, tags):
                disliked_near.add(vote.result_id)
    carried = disliked_near - liked - mirrored_like
    terms = [
        (like_weight, sorted(liked), []),
        (dislike_weight, [], sorted(disliked)),
        (near_weight, [], sorted(carried)),
        (near_like_weight, sorted(liked_near - disliked - disliked_near), []),
        (mirror_weight, sorted(mirrored_like - liked - disliked), sorted(mirrored_dislike - liked)),
    ]
    return VotePlan(_merged(using, terms), tuple(sorted(disliked)))


def close_shows(
    query_id: str, votes: Sequence[Vote], near: Mapping[str, Collection[str]], link: Link = LINK
) -> set[str]:
    """The shows voted under whose votes count for `query_id` too: those whose answer listed it
    among its first results ("near"); with "both", also those the server liked it under or
    liked under it (a 👍 says the two shows are alike, whichever was asked about)."""
    found = {q for q, shown in near.items() if query_id in shown}
    if link == "both":
        for vote in votes:
            if vote.net > 0 and vote.result_id == query_id:
                found.add(vote.query_id)
            elif vote.net > 0 and vote.query_id == query_id:
                found.add(vote.result_id)
    found.discard(query_id)
    return found


def _merged(
    using: str, terms: Sequence[tuple[float, Sequence[str], Sequence[str]]]
) -> tuple[Examples, ...]:
    """The terms (weight, positive, negative) as few `Examples` as the store can run: each one
    costs a prefetch, and a sum of scores counts an example listed n times n times, so terms whose
    weights are whole multiples of the smallest share one `Examples` at that weight."""
    used = [(w, pos, neg) for w, pos, neg in terms if w > 0.0 and (pos or neg)]
    if not used:
        return ()
    unit = min(w for w, _, _ in used)
    times = [w / unit for w, _, _ in used]
    if any(abs(t - round(t)) > 1e-9 for t in times):
        return tuple(Examples(using, w, tuple(pos), tuple(neg)) for w, pos, neg in used)
    positive = [i for (_, pos, _), t in zip(used, times, strict=True) for i in [*pos] * round(t)]
    negative = [i for (_, _, neg), t in zip(used, times, strict=True) for i in [*neg] * round(t)]
    return (Examples(using, unit, tuple(positive), tuple(negative)),)


class Explained(Protocol):
    """What `with_votes` annotates: tools.narrative.similar.SimilarShow fits."""

    @property
    def id(self) -> str: ...

    @property
    def why(self) -> Mapping[str, Any]: ...


E = TypeVar("E", bound=Explained)


def with_votes(query_id: str, ranked: Sequence[E], votes: Sequence[Vote]) -> list[E]:
    """The results with `why["votes"]`, the server's net vote on the pair, where it has one."""
    net = {v.result_id: v.net for v in votes if v.query_id == query_id}
    return [
        replace(s, why={**s.why, "votes": net[s.id]}) if net.get(s.id) else s  # type: ignore[type-var]
        for s in ranked
    ]


S = TypeVar("S", bound="Scored")


class Scored(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def score(self) -> float: ...


def sum_scores(
    first: Sequence[S], second: Sequence[S], *, weight: float, leave_out: Collection[str]
) -> list[tuple[S, float]]:
    """Qdrant's sum-of-scores recommendation over two answers (each best first): each work with
    its score under the first example plus `weight` times its score under the second, best
    first. A work missing from one answer counts that answer's last score there (it ranked
    below it)."""
    floor = [answer[-1].score if answer else 0.0 for answer in (first, second)]
    mine = {s.id: s.score for s in first}
    theirs = {s.id: s.score for s in second}
    pool = {s.id: s for s in (*second, *first) if s.id not in leave_out}
    fused = [
        (shown, mine.get(work_id, floor[0]) + weight * theirs.get(work_id, floor[1]))
        for work_id, shown in pool.items()
    ]
    return sorted(fused, key=lambda pair: -pair[1])


def more_like(
    first: Sequence[S],
    second: Sequence[S],
    *,
    leave_out: Collection[str],
    weight: float = SEED_WEIGHT,
) -> list[S]:
    """`sum_scores` of the two answers, each result's score shown as the weighted mean of its
    scores under the two examples (what a member reads is still a similarity)."""
    return [
        replace(s, score=round(both / (1.0 + weight), 4))  # type: ignore[type-var]
        for s, both in sum_scores(first, second, weight=weight, leave_out=leave_out)
    ]
