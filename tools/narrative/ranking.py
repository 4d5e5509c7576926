"""How much each signal counts in "shows like X" (the fused score the vector store computes).

Chosen on the dev split of the independent evaluation sets only (benchmarks/data/retrieval,
`benchmarks/retrieval_quality.py --tune` prints the dev grid); the test split is never used to
pick them. Keys are named vectors of `tools.narrative.indexing.VECTORS`, and "tags" (shared
curated facts, `tools.narrative.facts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["TEXT_WEIGHTS", "WORK_WEIGHTS"]

# A stored show against the others.
WORK_WEIGHTS: Mapping[str, float] = MappingProxyType({"synopsis": 0.3, "facts": 0.3, "tags": 0.4})
# A described story ("a chemistry teacher becomes a drug lord") against the stored shows.
TEXT_WEIGHTS: Mapping[str, float] = MappingProxyType({"synopsis": 0.5, "facts": 0.5})
