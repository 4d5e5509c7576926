"""How much each signal counts in "shows like X" (the fused score the vector store computes).

Chosen on the dev split of the independent evaluation sets only (benchmarks/data/retrieval;
`benchmarks/retrieval_quality.py --splits dev --tune` prints the dev grid); the test split is
never used to pick them. Keys are named vectors of `tools.narrative.indexing.VECTORS`, and
"tags" (shared curated facts, `tools.narrative.facts`). On the dev split the DNA facets (plot,
theme, structure, character) added nothing once the synopsis, facts and tags were in, so "all"
does not use them; they stay searchable one at a time (`facet:`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["PLAIN_WEIGHTS", "PREFETCH", "TEXT_WEIGHTS", "WORK_WEIGHTS", "weights_for"]

# Nearest works fetched per signal before the store fuses them: enough that on a catalog of a
# few hundred shows every ranked work has its real score on every signal (a work outside a
# prefetch counts 0 there, which cost 4 points of retellings hit@1 on dev at 50).
PREFETCH = 200

# A show with curated facts (the starter catalog's) against the others (fan-judgement dev):
# the weights of a pairwise logistic ranker fitted on dev's (alike, not alike) pairs of each
# query show (benchmarks/lib/retrieval_learn.py; with the story facts, 0.21 / 0.25 / 0.54 at
# L2 penalty 1e-3, 0.25 / 0.22 / 0.53 at 1e-4), rounded to 0.05. In 4-fold cross-validation
# over the dev query shows (10 seeds), refitting per fold, the ranker reaches hit@1 0.893-0.903
# and p@5 0.569-0.570 (0.881-0.905 / 0.553-0.559 before the story facts), its fold weights
# within 0.04 of these. The sentence vectors, "words" and the DNA facets got small weights and
# did not raise the CV figures. With the viewing facts humour and complexity in the tags (tried,
# not kept: tools.narrative.facts) the fit is 0.208 / 0.257 / 0.535 (same rounding). A loss
# over each query's hardest 10 or 20 negatives only (benchmarks/lib/retrieval_learn.py
# fit_top, for the first results) moved weight to the
# synopsis (0.26 / 0.20 / 0.54) without raising the CV figures (0.899 / 0.569 and 0.881 / 0.572
# against 0.899 / 0.569 over every pair, before the viewing facts).
# Second-order similarity (two shows alike because they share their neighbours; benchmarks/lib/
# retrieval_second.py) did not help either: fan-judgement dev 4-fold CV over 3 seeds, k and the
# fused share chosen on the training folds, against this ranker refitted in the same folds
# (0.895 / 0.567 / MRR 0.932): score profiles against every starter show (one dimension each,
# centred, top k, cosine) 0.890 / 0.568, the same without a show's own column 0.886 / 0.568,
# shared nearest neighbours 0.886 / 0.567, k-reciprocal re-ranking 0.890 / 0.567, diffusion over
# the k-nearest graph 0.868 / 0.565, the profile as a learned fourth signal 0.881 / 0.562. So no
# profile vector is stored. Latent tags (the catalog's tags reduced by SVD, so labels that go
# together count as near) as a fourth learned signal, k chosen per fold over 10 seeds: 0.895 /
# 0.580 against 0.897 / 0.569; a paired bootstrap over the dev queries puts that p@5 gain's 90%
# interval at about 0.00-0.03, too near noise to pay for a new named vector and a layout change
# (the session-7 viewing facts had shown a dev gain of that size that fell on the held-out split).
# Since fans' descriptors are in the tags (tools.narrative.facts, "fan" at 0.3), the weights
# are no longer the ranker's above (0.2 / 0.25 / 0.55) but the dev grid's (step 0.1) choice:
# synopsis 0.3 / facts 0.1 / tags 0.6, through the store on all of fan-judgement dev hit@1
# 0.921, p@5 0.584, MRR 0.946 against 0.895 / 0.568 / 0.932 before (the same weights without fan
# tags, in-sample: 0.908 / 0.574 / 0.941). Chosen per fold with the fan weight (nested 4-fold
# CV, 10 seeds): 0.896 / 0.578 against 0.874 / 0.567 without fan tags
# (benchmarks/lib/retrieval_fan.py). Described stories and retellings read other weights.
WORK_WEIGHTS: Mapping[str, float] = MappingProxyType({"synopsis": 0.3, "facts": 0.1, "tags": 0.6})
# A show without curated facts (one a server added) against the others: its "facts" vector is
# only the DNA's logline and genre words, its tags are guesses (retellings dev).
# Sentence-by-sentence MaxSim finds retellings far better than whole-text vectors, and the
# shared rare words (names, places: the sparse "words" vector) add what MaxSim blurs. With
# near-binary word weights (tools.narrative.words.K1) the words carry more: retellings dev 4-fold
# CV over the retold sources, weights re-chosen per fold: hit@1 0.884, MRR 0.910 (0.861 / 0.872
# with the old TF weights at 0.7 / 0.3); 0.7 for words was chosen in 10 of 12 folds; the facts
# and synopsis vectors added nothing. MaxSim over the sentences with people and places masked
# ("masked") finds transpositions told under other names: retellings dev 4-fold CV (3 seeds,
# benchmarks/retellings_alignment.py) hit@1 0.917 -> 0.931, MRR 0.929 -> 0.940; on the 52
# dev-only pairs never tuned on, 0.712 -> 0.721 among every text, 0.740 -> 0.760 among their own
# through the store (retrieval_quality); fan and described dev unchanged.
PLAIN_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"sentences": 0.3, "words": 0.5, "masked": 0.2}
)
# A described story ("a chemistry teacher becomes a drug lord") against the stored shows: the
# description is compared with each show's facts (logline first) and synopsis (described dev).
TEXT_WEIGHTS: Mapping[str, float] = MappingProxyType({"synopsis": 0.2, "facts": 0.8})


def weights_for(curated: bool) -> Mapping[str, float]:
    return WORK_WEIGHTS if curated else PLAIN_WEIGHTS
