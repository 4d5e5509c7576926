"""Persistent cache: write and hit latency at 10k and 200k entries, today's store (the baseline,
benchmarks/lib/cache_baseline.py: SUM(size) per write, a write per hit) beside the new one
(core.cache_store: running total, writes queued to a writer thread).

For each size, a fresh file is filled with N entries of 256 bytes under a budget that holds them
all, then: 200 single writes of new keys (the caller's time per `set`: what the event loop
waits), the same 200 writes until they are in the file (`flush`), amortised per write, and 1,000
hits on random stored keys. Medians in milliseconds. One JSON line at the end.

    .venv/bin/python benchmarks/cache.py [--sizes 10000,200000] [--dir /tmp/x]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Protocol

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.lib.cache_baseline import BaselinePersistentCache
from core.cache_store import PersistentCache

VALUE = bytes(256)
WRITES = 200
HITS = 1000
FILL_BATCH = 5000


class _Cache(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def set(self, key: str, value: bytes) -> None: ...
    def set_many(self, items: dict[str, bytes]) -> None: ...
    def close(self) -> None: ...


def _fill(cache: _Cache, n: int) -> None:
    for start in range(0, n, FILL_BATCH):
        cache.set_many({f"k{i}": VALUE for i in range(start, min(n, start + FILL_BATCH))})


def _ms(seconds: list[float]) -> float:
    return round(statistics.median(seconds) * 1000, 4)


def _measure(cache: _Cache, n: int, flush: Any) -> dict[str, float]:
    flush()
    write_s = []
    started = time.perf_counter()
    for i in range(WRITES):
        t = time.perf_counter()
        cache.set(f"new{i}", VALUE)
        write_s.append(time.perf_counter() - t)
    flush()
    durable_per_write = (time.perf_counter() - started) / WRITES
    rng = random.Random(7)
    hit_s = []
    for _ in range(HITS):
        key = f"k{rng.randrange(n)}"
        t = time.perf_counter()
        value = cache.get(key)
        hit_s.append(time.perf_counter() - t)
        assert value == VALUE, key
    flush()
    return {
        "write_ms": _ms(write_s),
        "write_durable_ms": round(durable_per_write * 1000, 4),
        "hit_ms": _ms(hit_s),
    }


def run(sizes: list[int], folder: Path) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for n in sizes:
        budget = 4 * n * len(VALUE)
        base = BaselinePersistentCache(folder / f"baseline-{n}.sqlite3", "llm", max_bytes=budget)
        _fill(base, n)
        figures[f"baseline_{n}"] = _measure(base, n, lambda: None)
        base.close()
        new = PersistentCache(folder / f"new-{n}.sqlite3", "llm", max_bytes=budget)
        _fill(new, n)
        figures[f"new_{n}"] = _measure(new, n, new.flush)
        new.close()
        print(n, figures[f"baseline_{n}"], figures[f"new_{n}"], file=sys.stderr)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,200000")
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--quick", action="store_true", help="2k and 10k entries only")
    args = parser.parse_args()
    sizes = [int(s) for s in ("2000,10000" if args.quick else args.sizes).split(",")]
    with tempfile.TemporaryDirectory(prefix="cache-bench-") as tmp:
        figures = run(sizes, args.dir or Path(tmp))
    print(json.dumps({"benchmark": "cache", "value_bytes": len(VALUE), **figures}))


if __name__ == "__main__":
    main()
