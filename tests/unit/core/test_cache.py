from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from core.cache import CacheRegistry, MemoryCache, PersistentCache
from core.clock import FakeClock


def test_memory_cache_counts_hits_and_misses() -> None:
    cache: MemoryCache[str, int] = MemoryCache("intents", max_entries=10)
    assert cache.get("a") is None
    cache.set("a", 1)
    assert cache.get("a") == 1
    stats = cache.stats()
    assert (stats.hits, stats.misses, stats.entries) == (1, 1, 1)
    assert stats.hit_rate == 0.5


def test_memory_cache_evicts_least_recently_used_at_its_bound() -> None:
    cache: MemoryCache[str, int] = MemoryCache("c", max_entries=2)
    cache.set("a", 1)
    cache.set("b", 2)
    cache.get("a")  # a is now the most recent
    cache.set("c", 3)
    assert "b" not in cache and "a" in cache and "c" in cache
    assert cache.stats().evictions == 1
    assert len(cache) == 2


def test_memory_cache_expires_after_ttl() -> None:
    clock = FakeClock()
    cache: MemoryCache[str, str] = MemoryCache("c", max_entries=5, ttl_s=10, clock=clock)
    cache.set("k", "v")
    clock.advance(9.9)
    assert cache.get("k") == "v"
    clock.advance(0.2)
    assert cache.get("k") is None
    assert cache.stats().evictions == 1


def test_persistent_cache_survives_reopen_and_is_bounded_by_bytes(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    clock = FakeClock()
    cache = PersistentCache(path, "llm", max_bytes=250, clock=clock)
    for i in range(3):
        clock.advance(1)
        cache.set(f"k{i}", b"x" * 100)
    cache.flush()
    # 300 bytes > 250: the least recently used entry went
    assert cache.get("k0") is None
    assert cache.get("k2") == b"x" * 100
    assert cache.stats().evictions == 1
    assert cache.stats().size_bytes == 200
    cache.close()
    again = PersistentCache(path, "llm", max_bytes=250)
    assert again.get("k1") == b"x" * 100
    again.close()


def test_persistent_namespaces_are_separate_caches(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    llm = PersistentCache(path, "llm", max_bytes=10_000)
    emb = PersistentCache(path, "embeddings", max_bytes=10_000)
    llm.set("k", b"answer")
    emb.set_many({"k": b"vector", "k2": b"v2"})
    assert llm.get("k") == b"answer" and emb.get("k") == b"vector"
    report = emb.clear()
    assert (report.entries, report.size_bytes) == (2, 8)
    assert emb.get("k") is None and llm.get("k") == b"answer"


def test_persistent_ttl(tmp_path: Path) -> None:
    clock = FakeClock()
    cache = PersistentCache(tmp_path / "c.db", "t", max_bytes=1000, ttl_s=60, clock=clock)
    cache.set("k", b"v")
    cache.flush()
    clock.advance(61)
    assert cache.get("k") is None


def test_registry_lists_and_clears_by_name(tmp_path: Path) -> None:
    registry = CacheRegistry()
    mem: MemoryCache[str, str] = MemoryCache("intents", max_entries=10)
    disk = PersistentCache(tmp_path / "c.db", "llm", max_bytes=1000)
    registry.register(mem)
    registry.register(disk)
    mem.set("a", "b")
    disk.set("a", b"bb")
    assert [s.name for s in registry.stats()] == ["intents", "llm"]
    (report,) = registry.clear("llm")
    assert report.entries == 1 and disk.stats().entries == 0 and mem.stats().entries == 1
    reports = registry.clear()
    assert {r.name for r in reports} == {"intents", "llm"} and len(mem) == 0
    with pytest.raises(KeyError):
        registry.clear("nope")
    with pytest.raises(ValueError, match="already registered"):
        registry.register(MemoryCache("intents", max_entries=1))


def test_the_byte_budget_bounds_every_namespace_together(tmp_path: Path) -> None:
    """`cache.persistent_max_mb` is the file's bound, not each namespace's: four caches in one
    file hold at most the budget between them, the least recently used going first."""
    path = tmp_path / "cache.sqlite3"
    clock = FakeClock()
    names = ("llm", "embeddings", "dna", "transform")
    caches = [PersistentCache(path, n, max_bytes=10_000, clock=clock) for n in names]
    for i in range(100):
        clock.advance(1)
        caches[i % 4].set(f"k{i}", bytes(500))
    for cache in caches:
        cache.flush()
    total_bytes, entries = caches[0].total()
    assert total_bytes <= 10_000 and entries == 20
    assert sum(c.stats().size_bytes for c in caches) == total_bytes
    assert caches[3].get("k99") == bytes(500) and caches[0].get("k0") is None
    for cache in caches:
        cache.close()


def test_a_write_never_waits_for_the_disk(tmp_path: Path) -> None:
    """`set` only queues: while the writer is stuck in a slow commit, the caller (the event
    loop) goes on at once and reads its own write back."""
    cache = PersistentCache(tmp_path / "c.db", "llm", max_bytes=10**6)
    with cache._write_lock:  # a commit that takes as long as this block
        started = time.perf_counter()
        cache.set("answer", b"forty-two")
        assert time.perf_counter() - started < 0.05
        assert cache.get("answer") == b"forty-two"
    cache.close()
    reopened = PersistentCache(tmp_path / "c.db", "llm", max_bytes=10**6)
    assert reopened.get("answer") == b"forty-two"
    reopened.close()


def test_a_cache_written_by_the_previous_version_counts_its_entries(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    with sqlite3.connect(path) as old:  # the schema before the running total existed
        old.execute(
            "CREATE TABLE cache (ns TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, "
            "size INTEGER NOT NULL, created REAL NOT NULL, accessed REAL NOT NULL, "
            "PRIMARY KEY (ns, key))"
        )
        old.execute("CREATE INDEX cache_lru ON cache (ns, accessed)")
        old.executemany(
            "INSERT INTO cache VALUES (?, ?, ?, ?, 1.0, ?)",
            [("llm", f"k{i}", bytes(100), 100, float(i)) for i in range(30)],
        )
    cache = PersistentCache(path, "llm", max_bytes=1_000)
    assert cache.get("k29") == bytes(100)
    cache.set("new", bytes(100))
    cache.flush()
    assert cache.total() == (1_000, 10)  # trimmed to the budget, oldest first
    assert cache.get("k0") is None and cache.get("new") == bytes(100)
    cache.close()
