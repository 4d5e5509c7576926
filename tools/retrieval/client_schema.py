"""The server store's collection: created with the cluster layout (shards, replicas, write
consistency), its named vectors and payload indexes, reached through an alias moved to it once it
is ready, and an existing one checked against what this version needs (see
tools.retrieval.client)."""

from __future__ import annotations

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
)

__all__ = ["ClusterLayout", "ensure_collection"]

HTTP_CONFLICT = 409


@dataclass(frozen=True, slots=True)
class ClusterLayout:
    shard_number: int = 1
    replication_factor: int = 1
    write_consistency_factor: int = 1


async def ensure_collection(
    client: AsyncQdrantClient, spec: CollectionSpec, layout: ClusterLayout, where: str
) -> tuple[bool, str | None]:
    """Create the collection unless it exists, then point the alias at it.

    Returns (created, mismatch): `mismatch` says why an existing collection cannot be used, and
    what to do about it; the alias is then left alone."""
    name = spec.name
    if await client.collection_exists(name):
        wrong = await _mismatch(client, spec, where)
        if wrong:
            return False, wrong
        created = False
    else:
        try:
            await _create(client, spec, layout)
        except UnexpectedResponse as exc:
            # Another bot process created it a moment ago: check it like an existing one.
            if exc.status_code != HTTP_CONFLICT:
                raise
            return False, await _mismatch(client, spec, where)
        created = True
    await _point_alias(client, spec)
    return created, None


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


async def _point_alias(client: AsyncQdrantClient, spec: CollectionSpec) -> None:
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
