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

# A show with curated facts (the starter catalog's) against the others (fan-judgement dev).
WORK_WEIGHTS: Mapping[str, float] = MappingProxyType({"synopsis": 0.1, "facts": 0.4, "tags": 0.5})
# A show without curated facts (one a server added) against the others: its "facts" vector is
# only the DNA's logline and genre words, its tags are guesses (retellings dev).
# Sentence-by-sentence MaxSim finds retellings far better than whole-text vectors, and the
# shared rare words (names, places: the sparse "words" vector) add what MaxSim blurs: retellings
# dev hit@1 0.819 -> 0.889, 0.834-0.861 in 4-fold cross-validation over the dev sources (0.82
# without words); the facts vector got weight 0 in every fold.
PLAIN_WEIGHTS: Mapping[str, float] = MappingProxyType({"sentences": 0.7, "words": 0.3})
# A described story ("a chemistry teacher becomes a drug lord") against the stored shows: the
# description is compared with each show's facts (logline first) and synopsis (described dev).
TEXT_WEIGHTS: Mapping[str, float] = MappingProxyType({"synopsis": 0.2, "facts": 0.8})


def weights_for(curated: bool) -> Mapping[str, float]:
    return WORK_WEIGHTS if curated else PLAIN_WEIGHTS
