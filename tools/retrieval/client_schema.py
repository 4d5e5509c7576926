"""The server store's collection: created with the cluster layout (shards, replicas, write
consistency), its named vectors and payload indexes, reached through an alias moved to it once it
is ready, and an existing one checked against what this version needs (see
tools.retrieval.client)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qdrant_client import AsyncQdrantClient, models
from qdrant_client.http.exceptions import UnexpectedResponse

from core.ports.vectors import (
    TAGS_INV_NORM_KEY,
    TAGS_KEY,
    TENANT_KEY,
    TITLE_KEY,
    WORK_ID_KEY,
    CollectionSpec,
    StoredWork,
)
from tools.retrieval.client_points import stored

__all__ = ["ClusterLayout", "Opened", "earlier_page", "ensure_collection", "point_alias"]

HTTP_CONFLICT = 409


@dataclass(frozen=True, slots=True)
class ClusterLayout:
    shard_number: int = 1
    replication_factor: int = 1
    write_consistency_factor: int = 1


@dataclass(frozen=True, slots=True)
class Opened:
    created: bool = False
    # Why an existing collection cannot be used, and what to do about it (the alias is left).
    mismatch: str | None = None
    # The collection the alias still names, whose works are not carried over yet.
    earlier: str | None = None


async def ensure_collection(
    client: AsyncQdrantClient, spec: CollectionSpec, layout: ClusterLayout, where: str
) -> Opened:
    """Create the collection unless it exists, then point the alias at it unless the alias
    names an earlier collection still there (the alias moves once its works are carried over:
    `point_alias`)."""
    name = spec.name
    created = False
    if await client.collection_exists(name):
        wrong = await _mismatch(client, spec, where)
        if wrong:
            return Opened(mismatch=wrong)
    else:
        try:
            await _create(client, spec, layout)
            created = True
        except UnexpectedResponse as exc:
            # Another bot process created it a moment ago: check it like an existing one.
            if exc.status_code != HTTP_CONFLICT:
                raise
            wrong = await _mismatch(client, spec, where)
            if wrong:
                return Opened(mismatch=wrong)
    earlier = await _earlier(client, spec)
    if earlier is None:
        await point_alias(client, spec)
    return Opened(created=created, earlier=earlier)


async def _earlier(client: AsyncQdrantClient, spec: CollectionSpec) -> str | None:
    current = {a.alias_name: a.collection_name for a in (await client.get_aliases()).aliases}
    named = current.get(spec.alias)
    if not named or named == spec.name:
        return None
    return named if await client.collection_exists(named) else None


async def earlier_page(
    client: AsyncQdrantClient,
    name: str,
    skip_tenants: Sequence[str],
    offset: str | None,
    limit: int,
) -> tuple[list[StoredWork], str | None]:
    """One page of an earlier collection's works outside `skip_tenants` (payloads only)."""
    skip = list(dict.fromkeys(skip_tenants))
    records, after = await client.scroll(
        name,
        scroll_filter=(
            models.Filter(
                must_not=[models.FieldCondition(key=TENANT_KEY, match=models.MatchAny(any=skip))]
            )
            if skip
            else None
        ),
        limit=limit,
        offset=offset,
        with_payload=True,
        with_vectors=False,
    )
    return [stored(r, False) for r in records], None if after is None else str(after)


async def _create(client: AsyncQdrantClient, spec: CollectionSpec, layout: ClusterLayout) -> None:
    name = spec.name
    await client.create_collection(
        name,
        vectors_config={
            f: models.VectorParams(
                size=spec.dimension,
                distance=models.Distance.COSINE,
                multivector_config=(
                    models.MultiVectorConfig(comparator=models.MultiVectorComparator.MAX_SIM)
                    if f in spec.multi
                    else None
                ),
            )
            for f in spec.facets
        },
        sparse_vectors_config={name: models.SparseVectorParams() for name in spec.sparse} or None,
        shard_number=layout.shard_number,
        replication_factor=layout.replication_factor,
        write_consistency_factor=layout.write_consistency_factor,
    )
    await client.create_payload_index(
        name,
        TENANT_KEY,
        models.KeywordIndexParams(type=models.KeywordIndexType.KEYWORD, is_tenant=True),
    )
    for key in (WORK_ID_KEY, TITLE_KEY, TAGS_KEY):
        await client.create_payload_index(name, key, models.PayloadSchemaType.KEYWORD)
    # The score formula reads both for every candidate (slow unindexed).
    await client.create_payload_index(name, TAGS_INV_NORM_KEY, models.PayloadSchemaType.FLOAT)


async def point_alias(client: AsyncQdrantClient, spec: CollectionSpec) -> None:
    alias = spec.alias
    current = {a.alias_name: a.collection_name for a in (await client.get_aliases()).aliases}
    if current.get(alias) == spec.name:
        return
    operations: list[Any] = []
    if alias in current:
        operations.append(
            models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=alias))
        )
    operations.append(
        models.CreateAliasOperation(
            create_alias=models.CreateAlias(collection_name=spec.name, alias_name=alias)
        )
    )
    await client.update_collection_aliases(change_aliases_operations=operations)


async def _mismatch(client: AsyncQdrantClient, spec: CollectionSpec, where: str) -> str | None:
    name = spec.name
    info = await client.get_collection(name)
    vectors = info.config.params.vectors
    if not isinstance(vectors, dict):
        return (
            f"The collection {name} on {where} has a single unnamed vector; this "
            "version needs one named vector per facet. Drop or rename that collection."
        )
    sizes = {f: v.size for f, v in vectors.items()}
    wrong = {f: s for f, s in sizes.items() if s != spec.dimension}
    if wrong:
        return (
            f"The collection {name} on {where} stores {sorted(set(wrong.values()))}-"
            f"dimension vectors, but the embedding model makes {spec.dimension}. Use "
            "the model the collection was built with, or drop the collection to rebuild it."
        )
    if sorted(sizes) != sorted(spec.facets):
        return (
            f"The collection {name} on {where} has facets {sorted(sizes)}, this "
            f"version needs {sorted(spec.facets)}. Drop it to rebuild it."
        )
    sparse = sorted(info.config.params.sparse_vectors or {})
    if sparse != sorted(spec.sparse):
        return (
            f"The collection {name} on {where} has sparse vectors {sparse}, this version needs "
            f"{sorted(spec.sparse)}. Drop it to rebuild it."
        )
    return None
