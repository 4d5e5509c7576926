"""The embedded store's earlier collection: the shard an older layout of the bot left beside the
current one, named by the alias file until its servers' works are carried over. It is read page
by page (payloads only, never written), under its own lock so an older bot still running on it
is reported instead of read half-way, and left on disk once the alias moves on."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import qdrant_edge as qe

from core.ports.vectors import TENANT_KEY, WORK_ID_KEY, CollectionSpec, StoredWork
from core.result import ErrorCode, StepResult
from tools.retrieval.edge_schema import ALIAS_FILE, ShardLock, read_json, record_alias

__all__ = ["EarlierShard", "earlier_name"]


def earlier_name(root: Path, spec: CollectionSpec) -> str | None:
    """The collection the alias still names when it is another one still on disk, else None."""
    named = read_json(root / ALIAS_FILE).get(spec.alias)
    if not isinstance(named, str) or not named or named == spec.name:
        return None
    if Path(named).name != named:  # the alias file names a folder of this root, nothing else
        return None
    return named if (root / named / "segments").exists() else None


class EarlierShard:
    """The earlier collection of one store; its calls are synchronous (the store's thread)."""

    def __init__(self, root: Path, spec: CollectionSpec) -> None:
        self._root = root
        self._spec = spec
        self.name: str | None = None
        self._shard: qe.EdgeShard | None = None
        self._lock: ShardLock | None = None

    def find(self) -> str | None:
        """Look for it (at open); the alias moves to this collection when there is none."""
        self.name = earlier_name(self._root, self._spec)
        if self.name is None:
            record_alias(self._root, self._spec)
        return self.name

    def read(
        self, skip_tenants: Sequence[str], offset: str | None, limit: int
    ) -> StepResult[tuple[list[StoredWork], str | None]]:
        if self.name is None:
            return StepResult.success(([], None))
        opened = self._open(self.name)
        if opened.error is not None:
            return opened.cast_error()
        shard = opened.unwrap()
        skip = list(dict.fromkeys(skip_tenants))
        request = qe.ScrollRequest(
            offset=offset,
            limit=limit,
            filter=(
                qe.Filter(must_not=[qe.FieldCondition(TENANT_KEY, match=qe.MatchAny(skip))])
                if skip
                else None
            ),
            with_payload=True,
            with_vector=False,
        )
        records, after = shard.scroll(request)
        works = [_stored(r.payload or {}) for r in records]
        return StepResult.success((works, None if after is None else str(after)))

    def _open(self, name: str) -> StepResult[qe.EdgeShard]:
        if self._shard is not None:
            return StepResult.success(self._shard)
        path = self._root / name
        lock = ShardLock(self._root / f"{name}.lock")
        if not lock.take():
            return StepResult.failure(
                ErrorCode.UNAVAILABLE,
                f"The earlier vector collection at {path} is in use by another studio process "
                "(an older bot still running?): stop it, and the servers' shows are carried over "
                "at the next start.",
            )
        try:
            self._shard = qe.EdgeShard.load(str(path))
        except Exception as exc:  # the engine raises its own error types for a damaged shard
            lock.release()
            return StepResult.failure(
                ErrorCode.UNAVAILABLE,
                f"The earlier vector collection at {path} cannot be read ({exc}); its servers' "
                "shows stay there until it can.",
                retryable=False,
            )
        self._lock = lock
        return StepResult.success(self._shard)

    def settle(self) -> None:
        """The works are carried over: let the earlier shard go and move the alias here."""
        self.close()
        self.name = None
        record_alias(self._root, self._spec)

    def close(self) -> None:
        shard, self._shard = self._shard, None
        if shard is not None:
            shard.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _stored(payload: dict[str, Any]) -> StoredWork:
    return StoredWork(
        tenant=str(payload.get(TENANT_KEY, "")),
        work_id=str(payload.get(WORK_ID_KEY, "")),
        payload=payload,
    )
