"""Each stage's output, cached so that repeating a request re-uses every stage.

Keys are built from (source DNA hash, setting, scene count, tone, model, prompt version) plus the
stage name, so a changed DNA, prompt file or model never serves a stale stage. Values are the
validated pydantic models as JSON; an entry that no longer validates (a schema change) is a miss.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from core.logging import get_logger

__all__ = ["CacheKey", "StageCache", "StageStore"]

M = TypeVar("M", bound=BaseModel)
_log = get_logger(__name__)


class StageStore(Protocol):
    """The part of core.cache.PersistentCache this module uses."""

    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes) -> None: ...


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


@dataclass(frozen=True, slots=True)
class CacheKey:
    dna_hash: str
    setting: str
    scenes: int
    tone: str | None
    model: str
    prompt_version: str

    def for_stage(self, stage: str) -> str:
        parts = [
            stage,
            self.dna_hash,
            _norm(self.setting),
            self.scenes,
            _norm(self.tone),
            self.model,
            self.prompt_version,
        ]
        blob = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
        return f"{stage}:{hashlib.sha256(blob.encode()).hexdigest()}"


@dataclass
class StageCache:
    """Hit/miss counts are per instance: the engine makes one per run to report its reuse."""

    store: StageStore | None
    hits: int = 0
    misses: int = 0
    hit_stages: list[str] = field(default_factory=list)

    def get(self, key: str, schema: type[M]) -> M | None:
        if self.store is None:
            self.misses += 1
            return None
        raw = self.store.get(key)
        if raw is None:
            self.misses += 1
            return None
        try:
            value = schema.model_validate_json(raw)
        except ValidationError:
            _log.info("transform_cache_entry_stale", key=key)
            self.misses += 1
            return None
        self.hits += 1
        self.hit_stages.append(key.split(":", 1)[0])
        return value

    def set(self, key: str, value: BaseModel) -> None:
        if self.store is not None:
            self.store.set(key, value.model_dump_json().encode())

    @property
    def hit_rate(self) -> float:
        total = self.hits + self.misses
        return self.hits / total if total else 0.0
