"""Does a server's 👍/👎 on one "shows like X" answer improve its next answers?

On the fan-judgement set (benchmarks/data/retrieval/fan_judgement.jsonl): a member asks for
shows like A and votes on the first answer (its top 5, the way a member reads it): 👍 on every
result the fans accept as alike to A, 👎 on every other. The votes re-rank through Qdrant's
recommendation (tools.narrative.learning.vote_examples: examples searched by the store itself,
the path `/show similar` takes once a server has votes). Two things are measured:

- the next query of a similar show: the same server asks for shows like B, a show the fans
  accept as alike to A that is itself a query of the set. hit@1 of B's answer (its first result
  is one the fans accept for B) without and with A's votes (A's dislikes are negative examples
  for B when B is among the first three results of the answer to A they were cast under, as
  FeedbackStore.near keeps them). A pair counts for a split only when A and B are both of it:
  the votes on A's answer are cast from A's fan list, so a dev pair with a test A would let dev
  tuning read test labels. Of the 714 pairs, dev keeps 165 and test 169 (380 mixed pairs count
  for neither);
- the same show asked again: A's next answer with its own votes (liked results as examples,
  disliked ones left out). Every disliked result must leave the top 5; the results the member
  has not seen yet (the first five of the new answer not among the five voted on) are judged by
  precision over the fans' list, against the plain answer's results 6-10 (what the member would
  have seen next without votes).

How votes reach the next show (a dislike or like carried to a close show, a vote read the other
way round, a 👍 making two shows close) is chosen on dev pairs only: `--tune` runs every setting
of benchmarks/lib/feedback_tune.py and prints the 4-fold cross-validated hit@1 of choosing among
them on the other folds (an earlier grid also tried the synopsis vector, which did no better than
facts), and the weights of votes under the same show on dev queries; the test pairs report the
setting in use (`--test`). `--tune` also measures votes as evidence about the facts (tags) the
shows share, re-weighting or expanding the next query's tag coefficients
(benchmarks/lib/feedback_tags.py, `dev_votes_as_tag_evidence`): none beat no votes on dev.

"More like this" (the 🔎 button): a member asks for shows like A and presses it under the first
result of the top 5 that fans accept for A (R); the next answer has A and R as examples. Each
way of using them (tools.narrative.learning's `more_like`, sum of scores of the two fused answers
with R weighted 0.25, 0.5 or 1; R as a recommendation example of the store's search,
`examples_<weight>`; and `seeded_work` below, Qdrant's average-vector strategy) is judged against
the plain answer's next five (R left out of both) by precision@5 over the shows the fans accept
for A, and over the shows they accept for both A and R. The way in use was chosen on dev.

Vectors and DNAs come through benchmarks/retrieval_quality.py's cached build. Prints one JSON
line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.lib import feedback_tags
from benchmarks.lib import feedback_tune as tune
from benchmarks.lib import retrieval_eval as ev
from benchmarks.lib.more_like import seeded_work
from benchmarks.retrieval_quality import CACHE, GUILD, build
from core.cache import PersistentCache
from core.logging import configure_logging
from core.ports.vectors import Examples, StoredWork
from tools.narrative.feedback import NEAR, Vote
from tools.narrative.learning import (
    CANDIDATES,
    DISLIKE_WEIGHT,
    LIKE_WEIGHT,
    LINK,
    NEAR_WEIGHT,
    SEED_WEIGHT,
    VOTE_VECTOR,
    carried_tags,
    more_like,
    vote_examples,
)
from tools.narrative.similar import SimilarFinder, SimilarShow
from tools.retrieval.embedder import MiniLMEmbedder

SHOWN = 5  # what a member reads and votes on
NEXT = 10  # how deep an answer to the same show asked again is read
# What votes under another show do, as shipped (tools.narrative.learning's defaults).
IN_USE: dict[str, Any] = {"near_weight": NEAR_WEIGHT}
LIKE_WEIGHTS = (0.0, 0.05, 0.1, 0.25)  # a like under the same show
DISLIKE_WEIGHTS = (0.0, 0.02, 0.05)  # a dislike under the same show (it is left out too)
# How much the pressed result's own answer counts in sum_scores (the query's counts 1).
MORE_WEIGHTS = (1.0, 0.5, 0.25)


def votes_on(answer: Sequence[SimilarShow], query: str, alike: frozenset[str]) -> list[Vote]:
    return [Vote(query, s.id, 1 if s.id in alike else -1) for s in answer[:SHOWN]]


def pairs(fans: Sequence[ev.FanQuery]) -> list[tuple[ev.FanQuery, ev.FanQuery]]:
    """(A, B): B is alike to A by the fans and is itself a query of the set."""
    by_id = {q.query: q for q in fans}
    return [(a, by_id[b]) for a in fans for b in sorted(a.alike) if b in by_id and b != a.query]


Works = Mapping[str, StoredWork]


async def next_show_hits(
    finder: SimilarFinder,
    works: Works,
    chosen: Sequence[tuple[ev.FanQuery, ev.FanQuery]],
    answers: Mapping[str, list[SimilarShow]],
    setting: Mapping[str, Any],
) -> tuple[list[int], list[int], list[float], list[float]]:
    """Per pair (A, B): B's hit@1 without and with the votes on A's answer, and its reciprocal
    rank (MRR@10) without and with. A's dislikes (and likes) count for B as `setting` says
    (tools.narrative.learning.vote_examples' keywords): by default when B is among the first
    `NEAR` results of A's answer and the dislike still holds for B (`dislike_carries`)."""
    plain_hits, moved_hits, rr_plain, rr_moved = [], [], [], []
    for a, b in chosen:
        votes = votes_on(answers[a.query], a.query, a.alike)
        plain = answers[b.query][:NEXT]
        near = {a.query: [s.id for s in answers[a.query][:NEAR]]}
        link = setting.get("link", LINK)
        tags = await carried_tags(finder.library, GUILD, works[b.query], votes, near, link=link)
        plan = vote_examples(b.query, votes, near, tags=tags, using=VOTE_VECTOR, **setting)
        moved = plain
        if plan:
            moved = (
                await finder.like_work(
                    GUILD, works[b.query], k=NEXT, examples=plan.examples, leave_out=plan.leave_out
                )
            ).unwrap()
        plain_hits.append(int(bool(plain) and plain[0].id in b.alike))
        moved_hits.append(int(bool(moved) and moved[0].id in b.alike))
        rr_plain.append(_reciprocal_rank(plain, b.alike))
        rr_moved.append(_reciprocal_rank(moved, b.alike))
    return plain_hits, moved_hits, rr_plain, rr_moved


async def next_show_rates(
    finder: SimilarFinder,
    works: Works,
    chosen: Sequence[tuple[ev.FanQuery, ev.FanQuery]],
    answers: Mapping[str, list[SimilarShow]],
) -> dict[str, Any]:
    """hit@1 (and MRR@10) of B's answer without and with the votes on A's, as shipped."""
    before, after, rr_before, rr_after = await next_show_hits(
        finder, works, chosen, answers, IN_USE
    )
    return {
        "pairs": len(chosen),
        "hit@1_without_feedback": round(statistics.fmean(before), 3) if before else None,
        "hit@1_with_feedback": round(statistics.fmean(after), 3) if after else None,
        "mrr@10_without_feedback": round(statistics.fmean(rr_before), 4) if before else None,
        "mrr@10_with_feedback": round(statistics.fmean(rr_after), 4) if after else None,
        **{k: v for k, v in tune.summary(before, after).items() if k != "hit@1"},
    }


async def next_show_tuning(
    finder: SimilarFinder,
    works: Works,
    chosen: Sequence[tuple[ev.FanQuery, ev.FanQuery]],
    answers: Mapping[str, list[SimilarShow]],
) -> dict[str, Any]:
    """Every setting of benchmarks/lib/feedback_tune on the (dev) pairs, and the CV figure."""
    plain: list[int] = []
    by_setting: dict[str, list[int]] = {}
    for setting in tune.SETTINGS:
        plain, hits, _, _ = await next_show_hits(finder, works, chosen, answers, setting.kwargs())
        by_setting[setting.name] = hits
    return {
        "cross_validated": tune.cross_validated(plain, by_setting, [b.query for _, b in chosen]),
        "by_setting": {name: tune.summary(plain, hits) for name, hits in by_setting.items()},
    }


def _reciprocal_rank(answer: Sequence[SimilarShow], alike: frozenset[str]) -> float:
    return next((1.0 / n for n, s in enumerate(answer[:NEXT], start=1) if s.id in alike), 0.0)


async def same_show_rates(
    finder: SimilarFinder,
    works: Works,
    chosen: Sequence[ev.FanQuery],
    answers: Mapping[str, list[SimilarShow]],
    *,
    using: str,
    like: float,
    dislike: float,
) -> dict[str, Any]:
    """A's next answer with its own votes: disliked results left in the top `SHOWN`, and
    precision over the fans' list of the first `SHOWN` results not voted on, against the plain
    answer's next `SHOWN`."""
    unseen_plain, unseen_voted, disliked_shown, votes_cast = [], [], 0, 0
    for q in chosen:
        voted = answers[q.query][:SHOWN]
        votes = votes_on(voted, q.query, q.alike)
        plan = vote_examples(
            q.query, votes, {}, using=using, like_weight=like, dislike_weight=dislike
        )
        again = (
            await finder.like_work(
                GUILD, works[q.query], k=NEXT, examples=plan.examples, leave_out=plan.leave_out
            )
        ).unwrap()
        seen = {s.id for s in voted}
        disliked = {v.result_id for v in votes if v.net < 0}
        disliked_shown += sum(s.id in disliked for s in again[:SHOWN])
        votes_cast += len(votes)
        fresh = [s for s in again if s.id not in seen][:SHOWN]
        unseen_voted.append(sum(s.id in q.alike for s in fresh) / SHOWN)
        nxt = answers[q.query][SHOWN : SHOWN * 2]
        unseen_plain.append(sum(s.id in q.alike for s in nxt) / SHOWN)
    return {
        "queries": len(chosen),
        "dislikes_still_in_top5": disliked_shown,
        "p@5_unseen_without_votes": round(statistics.fmean(unseen_plain), 3)
        if unseen_plain
        else None,
        "p@5_unseen_with_votes": round(statistics.fmean(unseen_voted), 3) if unseen_voted else None,
    }


def more_like_rates(
    chosen: Sequence[ev.FanQuery],
    plain: Mapping[str, list[SimilarShow]],
    seeded: Mapping[str, tuple[str, list[SimilarShow]]],
    labelled: Sequence[ev.FanQuery],
) -> dict[str, Any]:
    """Per query with a pressed result: the seeded answer against the plain answer's next
    `SHOWN` (the pressed show left out of both), judged by the fans' list for the query, and,
    where the pressed show is itself a query of the set, by the shows fans accept for both."""
    by_id = {q.query: q for q in labelled}  # the fans' lists are labels, not tuning
    rows: dict[str, list[float]] = {}
    for q in chosen:
        if q.query not in seeded:
            continue
        pressed, answer = seeded[q.query]
        rest = [s for s in plain[q.query] if s.id != pressed][:SHOWN]
        judges = {"query": q.alike - {pressed}}
        if pressed in by_id:
            judges["both"] = (q.alike & by_id[pressed].alike) - {pressed, q.query}
        for name, judged in judges.items():
            for which, shows in (("plain_next", rest), ("more_like_this", answer[:SHOWN])):
                rows.setdefault(f"p@5_{which}_alike_to_{name}", []).append(
                    sum(s.id in judged for s in shows) / SHOWN
                )
            rows.setdefault(f"queries_judged_by_{name}", []).append(1.0)
    return {
        name: (len(values) if name.startswith("queries") else round(statistics.fmean(values), 3))
        for name, values in sorted(rows.items())
    }


async def more_like_answers(
    finder: SimilarFinder, query: StoredWork, answer: Sequence[SimilarShow], alike: frozenset[str]
) -> dict[str, tuple[str, list[SimilarShow]]]:
    """The 🔎 press under the first accepted result of the top `SHOWN`, and the answer to it by
    each way of using the two examples (empty when no result of the top is accepted)."""
    pressed = next((s for s in answer[:SHOWN] if s.id in alike), None)
    if pressed is None:
        return {}
    seed = (await finder.library.get("global", pressed.id, with_vectors=True)).unwrap()
    averaged = await finder.like_work(GUILD, seeded_work(query, seed), k=SHOWN + 1)
    out = {"average_vector": [s for s in averaged.unwrap() if s.id != pressed.id][:SHOWN]}
    of_seed = (await finder.like_work(GUILD, seed, k=CANDIDATES)).unwrap()
    for weight in MORE_WEIGHTS:
        fused = more_like(answer, of_seed, weight=weight, leave_out={query.work_id, pressed.id})
        out[f"sum_scores_{weight}"] = fused[:SHOWN]
        liked = (Examples(VOTE_VECTOR, weight, positive=(pressed.id,)),)
        searched = await finder.like_work(GUILD, query, k=SHOWN + 1, examples=liked)
        out[f"examples_{weight}"] = [s for s in searched.unwrap() if s.id != pressed.id][:SHOWN]
    return {name: (pressed.id, shows) for name, shows in out.items()}


async def run(args: argparse.Namespace) -> dict[str, Any]:
    configure_logging(level="warning", fmt="json", stream=sys.stderr)
    embedder = MiniLMEmbedder(
        persistent_cache=PersistentCache(CACHE / "vectors.sqlite3", "embeddings", max_bytes=1 << 30)
    )
    fans = ev.fan_queries()
    answers: dict[str, list[SimilarShow]] = {}
    works: dict[str, StoredWork] = {}
    seeded: dict[str, dict[str, tuple[str, list[SimilarShow]]]] = {}
    splits = ("dev", "test") if args.test else ("dev",)
    with tempfile.TemporaryDirectory() as tmp:
        parts = await build(Path(tmp) / "catalog", embedder, starter=True, tenant="global")
        try:
            finder = parts.finder
            for q in fans:
                found = await parts.library.get("global", q.query, with_vectors=True)
                if found.error is not None or found.unwrap() is None:
                    continue
                works[q.query] = found.unwrap()
                answers[q.query] = (
                    await finder.like_work(GUILD, works[q.query], k=CANDIDATES)
                ).unwrap()
                pressed = await more_like_answers(finder, works[q.query], answers[q.query], q.alike)
                for strategy, seeded_answer in pressed.items():
                    seeded.setdefault(strategy, {})[q.query] = seeded_answer
            fans = [q for q in fans if q.query in answers]
            every = pairs(fans)
            in_split = {split: [q for q in fans if q.split == split] for split in ("dev", "test")}
            by_split = {
                s: [(a, b) for a, b in every if a.split == b.split == s] for s in ("dev", "test")
            }
            near_grid: dict[str, Any] = {}
            same_grid: dict[str, Any] = {}
            tag_votes: dict[str, Any] = {}
            if args.tune:
                near_grid = await next_show_tuning(finder, works, by_split["dev"], answers)
                first = {q: found[0].id for q, found in answers.items() if found}
                tag_votes = await feedback_tags.measured_on_store(parts, fans, first)
                for like in LIKE_WEIGHTS:
                    for dislike in DISLIKE_WEIGHTS:
                        same_grid[f"like_{like}_dislike_{dislike}"] = await same_show_rates(
                            finder,
                            works,
                            in_split["dev"],
                            answers,
                            using=VOTE_VECTOR,
                            like=like,
                            dislike=dislike,
                        )
            next_show = {
                split: await next_show_rates(finder, works, by_split[split], answers)
                for split in splits
            }
            same_show = {
                split: await same_show_rates(
                    finder,
                    works,
                    in_split[split],
                    answers,
                    using=VOTE_VECTOR,
                    like=LIKE_WEIGHT,
                    dislike=DISLIKE_WEIGHT,
                )
                for split in splits
            }
        finally:
            await parts.close()
    return {
        "benchmark": "feedback",
        "shown_and_voted": SHOWN,
        "vote_vector": VOTE_VECTOR,
        "near_weight_in_use": NEAR_WEIGHT,
        "like_weight_in_use": LIKE_WEIGHT,
        "dislike_weight_in_use": DISLIKE_WEIGHT,
        "dev_next_show_tuning": near_grid or None,
        "dev_same_show_by_weight": same_grid or None,
        "dev_votes_as_tag_evidence": tag_votes or None,
        "next_show": next_show,
        "same_show_asked_again": same_show,
        "more_like_this_weight_in_use": SEED_WEIGHT,
        "more_like_this": {
            strategy: {
                split: more_like_rates(in_split[split], answers, by_query, fans) for split in splits
            }
            for strategy, by_query in seeded.items()
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tune", action="store_true", help="print dev hit@1 for each weight")
    # Already a few seconds: `make bench-quick` passes --quick to every benchmark.
    parser.add_argument("--quick", action="store_true", help="the same run (already short)")
    parser.add_argument("--test", action="store_true", help="report the test pairs (once)")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
