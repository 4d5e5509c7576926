"""The persistent caches: one SQLite file under the data dir, one namespace per cache, each
registered by name so `/admin cache stats|clear` finds it."""

from __future__ import annotations

from core.cache import CacheRegistry, PersistentCache
from core.config import Settings

__all__ = ["CACHE_FILE", "persistent_cache"]

CACHE_FILE = "cache.sqlite3"  # every persistent cache namespace shares this file
_MB = 1024 * 1024


def persistent_cache(
    settings: Settings, caches: CacheRegistry | None, name: str
) -> PersistentCache:
    """The registered cache of this name, created on first use (builders may share one)."""
    existing = caches.get(name) if caches is not None else None
    if isinstance(existing, PersistentCache):
        return existing
    cache = PersistentCache(
        settings.data_dir / CACHE_FILE,
        name,
        max_bytes=int(settings.cache.persistent_max_mb * _MB),
    )
    if caches is not None:
        caches.register(cache)
    return cache
