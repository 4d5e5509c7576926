"""The vector store port: works with one named vector per facet, kept apart by tenant.

Two adapters live in tools/retrieval: qdrant-edge (the engine in-process, the embedded default) and
qdrant-client (a Qdrant server or cluster; its `:memory:` local mode is the contract-test double).
One contract-test suite runs on both.

Layout every adapter keeps:
- one collection per (embedding model, schema version), reached through an alias where the
  backend has aliases (`CollectionSpec.name` / `CollectionSpec.alias`);
- one named vector per facet (plot, theme, ...), all of a work in ONE point, so a failed write
  never leaves half a work behind;
- the tenant (the guild id, or the shared catalog tenant) as an indexed payload field, required on
  every read and write: a search names the tenants it may see and nothing else comes back;
- point ids are uuid5 of (tenant, work id), so re-importing a work overwrites it;
- the vector size is checked against an existing collection (a clear error, never a silent mix);
- a new layout is a new collection: the alias keeps naming the earlier one until its servers'
  works are carried over (`earlier`, `earlier_works`, `settle`), so a crash part way loses nothing.

Every call returns a StepResult: UNAVAILABLE when the store cannot be reached or is configured
against an incompatible collection; bugs raise.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, Protocol

from core.result import StepResult

__all__ = [
    "TAGS",
    "TAGS_INV_NORM_KEY",
    "TAGS_KEY",
    "TENANT_KEY",
    "TITLE_KEY",
    "WORK_ID_KEY",
    "CollectionSpec",
    "Examples",
    "FacetQuery",
    "SearchHit",
    "SparseVector",
    "StoredWork",
    "VectorStore",
    "WorkPoint",
    "point_id",
    "title_key",
]

Vector = list[float]
# A named vector is one vector, or (for the facets in `CollectionSpec.multi`) a list of them
# compared by MaxSim: the sum over the query's vectors of the best cosine among the work's.
AnyVector = list[float] | list[list[float]]
Fusion = Literal["weighted", "rrf"]


@dataclass(frozen=True, slots=True)
class SparseVector:
    """A sparse vector (word ids -> weights), scored by dot product: lexical matching of the rare
    words two texts share (names, places), which dense vectors blur."""

    indices: tuple[int, ...] = ()
    values: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if len(self.indices) != len(self.values):
            raise ValueError("a sparse vector needs one value per index")


# Payload fields every point carries (indexed: tenant as the tenant key, the others as keywords).
TENANT_KEY = "tenant"
WORK_ID_KEY = "work_id"
TITLE_KEY = "title_key"

# A fixed namespace: the same (tenant, work id) gives the same point id in every process.
_ID_NAMESPACE = uuid.UUID("6f1c1f9e-4c2b-5d0a-9a57-3d2a5b1e7c11")
_SLUG = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def point_id(tenant: str, work_id: str) -> str:
    """The point id of a work in a tenant (uuid5): stable, so imports are idempotent."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{tenant}\x1f{work_id}"))


def title_key(title: str) -> str:
    """How titles are compared: case-folded, quotes dropped, spaces collapsed."""
    cleaned = title.strip().strip("\"'“”‘’`").casefold()
    return _SPACES.sub(" ", cleaned)


@dataclass(frozen=True, slots=True)
class CollectionSpec:
    """What a collection holds; its name changes with the embedding model and schema version."""

    prefix: str
    model: str
    dimension: int
    schema_version: int
    facets: tuple[str, ...]
    # Which vector layout (named vectors and payload the search reads); part of the name, so a
    # new layout gets a fresh collection instead of a mismatch with an old one.
    layout: int = 1
    # Facets holding several vectors per work (sentences), compared by MaxSim.
    multi: tuple[str, ...] = ()
    # Sparse named vectors (lexical), each point carries one per name (`WorkPoint.sparse`).
    sparse: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.dimension < 1:
            raise ValueError("dimension must be positive")
        if not self.facets or len(set(self.facets)) != len(self.facets):
            raise ValueError("facets must be a non-empty tuple of distinct names")

    @property
    def name(self) -> str:
        model = _SLUG.sub("_", self.model.lower()).strip("_")
        layout = f"_l{self.layout}" if self.layout > 1 else ""
        return f"{self.prefix}_{model}_v{self.schema_version}{layout}"

    @property
    def alias(self) -> str:
        """The stable name operators and tools use; it points at the current collection."""
        return f"{self.prefix}_works"


@dataclass(frozen=True, slots=True)
class WorkPoint:
    """One work: a vector per facet of the collection, and its payload (title, DNA, ...)."""

    tenant: str
    work_id: str
    vectors: Mapping[str, AnyVector]
    payload: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    sparse: Mapping[str, SparseVector] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class StoredWork:
    tenant: str
    work_id: str
    payload: Mapping[str, Any]
    vectors: Mapping[str, AnyVector] | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    tenant: str
    work_id: str
    score: float  # the fused score, higher is closer
    facet_scores: Mapping[str, float]  # cosine similarity per queried facet
    payload: Mapping[str, Any]


# The weight key of the shared-facts score in `FacetQuery.weights`.
TAGS = "tags"
TAGS_KEY = "tags"  # payload: the work's fact tags ("subgenres:crime drama", ...)
TAGS_INV_NORM_KEY = "tags_inv_norm"  # payload: 1 / the norm of the work's tag weights


@dataclass(frozen=True, slots=True)
class Examples:
    """Qdrant's recommendation by examples (its sum_scores strategy), one more term of a weighted
    search: `weight` * (the sum of the cosines, on named vector `using`, between a work and each
    `positive` example, minus the sum of those to each `negative` one). Examples are work ids,
    each read from the first of the query's tenants that holds it (one that none holds is
    skipped); a work listed twice counts twice; an example is not left out of the answer (a
    liked show rises, it does not vanish). Each `Examples` costs the store one more prefetch.
    """

    using: str
    weight: float
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.weight < 0.0:
            raise ValueError("an examples weight is 0 or more (negative examples push away)")

    @property
    def active(self) -> bool:
        return self.weight > 0.0 and bool(self.positive or self.negative)


@dataclass(frozen=True, slots=True)
class FacetQuery:
    """A weighted multi-facet search, fused by the store: the weighted sum of the cosine on each
    named vector (a vector AND a positive weight make a facet count) and, under the weight
    `TAGS`, the shared-facts score: payload[tags_inv_norm] * sum(tag_terms[t] for t the work's
    tags has), a cosine of weighted tags when `tag_terms` are the query's normalised weights."""

    tenants: tuple[str, ...]
    vectors: Mapping[str, AnyVector]
    weights: Mapping[str, float]
    limit: int = 5
    # Works left out: (tenant, work id) pairs, and any work whose title key is listed (the query
    # show's copy in another tenant is still the query show).
    exclude: tuple[tuple[str, str], ...] = ()
    exclude_title_keys: tuple[str, ...] = ()
    fusion: Fusion = "weighted"
    # Nearest neighbours fetched per facet before fusing; more finds more, costs more.
    candidates: int = 50
    # Payload fields returned with each hit; None returns all of them.
    payload_keys: tuple[str, ...] | None = None
    tag_terms: Mapping[str, float] = field(default_factory=dict)
    # A multivector (MaxSim) facet costs a comparison per pair of vectors: it only scores the
    # `candidates` nearest works by this single-vector facet (None: every work).
    multi_gate: str | None = None
    # Several copies of one work (a server's own and the shared catalog's, matched by work id or
    # title) count once: the copy of the tenant listed first wins.
    distinct: bool = True
    # Sparse (lexical) query vectors by name; one counts like a facet when it has a weight.
    sparse: Mapping[str, SparseVector] = field(default_factory=dict)
    # Recommendation terms (a server's votes, "more like this"), each scored over the works the
    # facets found (they re-rank the candidates, they find none of their own).
    examples: tuple[Examples, ...] = ()

    def active_facets(self) -> tuple[str, ...]:
        return tuple(f for f, v in self.vectors.items() if v and self.weights.get(f, 0.0) > 0.0)

    def active_sparse(self) -> tuple[str, ...]:
        return tuple(
            f for f, v in self.sparse.items() if v.indices and self.weights.get(f, 0.0) > 0.0
        )

    def tag_weight(self) -> float:
        return self.weights.get(TAGS, 0.0) if self.tag_terms else 0.0


class VectorStore(Protocol):
    @property
    def backend(self) -> str:
        """Which adapter: "qdrant-edge" or "qdrant-client" (logs, metrics, /admin stats)."""
        ...

    @property
    def spec(self) -> CollectionSpec: ...

    async def open(self) -> StepResult[None]:
        """Create the collection (and alias) or check an existing one: a vector size or facet set
        that differs from the spec is UNAVAILABLE with a message saying what to change."""
        ...

    async def upsert(self, points: Sequence[WorkPoint]) -> StepResult[int]:
        """Write whole works, in batches. Every point must have a vector for every facet."""
        ...

    async def search(self, query: FacetQuery) -> StepResult[list[SearchHit]]: ...

    async def get(
        self, tenants: Sequence[str], work_id: str, *, with_vectors: bool = False
    ) -> StepResult[StoredWork | None]:
        """The work from the first tenant (in the order given) that has it."""
        ...

    async def find_title(
        self, tenants: Sequence[str], title: str, *, with_vectors: bool = False
    ) -> StepResult[list[StoredWork]]:
        """Works whose title matches (by `title_key`), in the tenants' order."""
        ...

    async def titles(self, tenants: Sequence[str], *, limit: int = 10000) -> StepResult[list[str]]:
        """Titles visible to these tenants (for "did you mean ...?")."""
        ...

    async def count(self, tenants: Sequence[str]) -> StepResult[int]: ...

    async def delete(self, tenant: str, work_ids: Sequence[str]) -> StepResult[int]: ...

    # -- carrying works over from an older layout (tools.narrative.migration) --------------------
    async def earlier(self) -> StepResult[str | None]:
        """The collection an older version of the bot used (another layout, schema or model of
        the same prefix) that the alias still names, so its works are not carried over into this
        one yet; None when there is nothing to carry over. Known after `open()`."""
        ...

    async def earlier_works(
        self, skip_tenants: Sequence[str], *, offset: str | None = None, limit: int = 64
    ) -> StepResult[tuple[list[StoredWork], str | None]]:
        """One page of the earlier collection's works (payloads, no vectors) outside
        `skip_tenants`, and the offset of the next page (None after the last one). UNAVAILABLE
        when that collection cannot be read (an older bot still running on it)."""
        ...

    async def settle(self) -> StepResult[None]:
        """Point the alias at this collection: the earlier one's works are carried over. The
        earlier collection is left in place (an operator removes it)."""
        ...

    async def close(self) -> None: ...
