"""Script writing: is the parallel scene stage close to its critical path, and is a repeat free?

The real path: TRANSFORM runner (bot.wiring.transform) -> AnthropicLLM and the official SDK over
HTTP -> a loopback fake of the Messages API (tests/fakes/anthropic_api.py) that answers every
call after a fixed latency L with a valid tool_use for the forced tool of each stage.

    ideal_s    = (sequential stages: rules + outline + ceil(scenes / concurrency)) x L
    efficiency = ideal_s / wall_s                 (goal >= 0.85)
    repeat_wall_ratio = repeat wall / first wall  (goal <= 0.05; every stage from the cache)
    repeat_cache_hit_rate                         (goal >= 0.95)

First runs are measured `--rounds` times on a fresh cache each (median reported), after one
untimed warm-up round; each is then repeated on its warm cache. The LLM adapter's own response
cache is off, so the only reuse measured is the transform stage cache. Prints one JSON line.

    python benchmarks/script.py            # 8 scenes, concurrency 4, L = 0.2 s, 3 rounds
    python benchmarks/script.py --quick    # 6 scenes, concurrency 3, L = 0.1 s, 2 rounds
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.wiring.transform import build_transform_runner  # noqa: E402
from core.cache import CacheRegistry  # noqa: E402
from core.config import Settings, load_settings  # noqa: E402
from core.jobs.model import Job, JobKind  # noqa: E402
from core.logging import configure_logging  # noqa: E402
from core.metrics import Metrics  # noqa: E402
from tests.fakes.anthropic_api import FakeMessagesAPI, Reply, tool_use  # noqa: E402
from tests.unit.tools.transform import canned  # noqa: E402
from tests.unit.tools.transform.doubles import LibraryDouble, RecordingReporter  # noqa: E402
from tools.llm.anthropic_llm import AnthropicLLM  # noqa: E402

SEQUENTIAL_STAGES = 2  # rules, then the bible and outline
CALLS_PER_SCENE = 1  # the canned scenes pass review on the first draft


def _reply(body: dict[str, Any]) -> Reply:
    name = str(body["tool_choice"]["name"])
    texts = [
        m["content"] if isinstance(m["content"], str) else json.dumps(m["content"])
        for m in body["messages"]
    ]
    return tool_use(name, canned.tool_input(name, "\n".join(texts)))


def _settings(api: FakeMessagesAPI, data_dir: Path, concurrency: int) -> Settings:
    return load_settings(
        env={"ANTHROPIC_API_KEY": "sk-ant-bench-0000", "ANTHROPIC_BASE_URL": api.base_url},
        overrides={
            "data_dir": str(data_dir),
            "llm": {"model": "claude-fake-model"},
            "transform": {"concurrency": concurrency},
        },
    )


async def _round(
    api: FakeMessagesAPI, llm: AnthropicLLM, settings: Settings, scenes: int
) -> dict[str, float]:
    """One first request on an empty transform cache, then the same request again."""
    metrics = Metrics()
    runner = build_transform_runner(
        settings,
        metrics=metrics,
        caches=CacheRegistry(),
        llm=llm,
        show_library=LibraryDouble([canned.show_brief("Friends")]),
        jobs=None,
    )
    job = Job(
        id=1,
        kind=JobKind.TRANSFORM,
        params={"title": "Friends", "setting": "a Mars colony in 2300", "scenes": scenes},
        tenant="bench",
        user_id="u",
    )
    calls_before = len(api.requests)
    start = time.perf_counter()
    first = (await runner.run(job, RecordingReporter())).unwrap()
    first_wall = time.perf_counter() - start
    first_calls = len(api.requests) - calls_before
    start = time.perf_counter()
    repeat = (await runner.run(job, RecordingReporter())).unwrap()
    repeat_wall = time.perf_counter() - start
    if first["scenes_written"] != scenes or first["scene_problems"]:
        raise SystemExit(f"the benchmark script is not complete: {first}")
    hits, misses = repeat["cache"]["hits"], repeat["cache"]["misses"]
    return {
        "first_wall_s": first_wall,
        "first_calls": first_calls,
        "repeat_wall_s": repeat_wall,
        "repeat_calls": len(api.requests) - calls_before - first_calls,
        "repeat_hit_rate": hits / (hits + misses) if hits + misses else 0.0,
    }


async def _measure(
    api: FakeMessagesAPI, scenes: int, concurrency: int, rounds: int
) -> list[dict[str, float]]:
    results = []
    llm: AnthropicLLM | None = None
    try:
        # Round 0 is a warm-up, not reported: the bot's SDK client is long-lived, so its first
        # connection and lazy set-up are not part of any request it serves.
        for index in range(rounds + 1):
            with tempfile.TemporaryDirectory(prefix="studio-bench-script-") as tmp:
                settings = _settings(api, Path(tmp), concurrency)
                if llm is None:
                    # The adapter's own response cache is off: only the stage cache is measured.
                    llm = AnthropicLLM(settings=settings.llm, metrics=Metrics(), cache=None)
                result = await _round(api, llm, settings, scenes if index else 1)
                if index:
                    results.append(result)
    finally:
        if llm is not None:
            await llm.aclose()
    return results


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--scenes", type=int)
    parser.add_argument("--concurrency", type=int)
    parser.add_argument("--latency", type=float, help="seconds the fake takes per call (L)")
    parser.add_argument("--rounds", type=int)
    args = parser.parse_args()
    scenes = args.scenes or (6 if args.quick else 8)
    concurrency = args.concurrency or (3 if args.quick else 4)
    latency = args.latency or (0.1 if args.quick else 0.2)
    rounds = args.rounds or (2 if args.quick else 3)
    configure_logging(level="warning")

    async with FakeMessagesAPI(latency_s=latency) as api:
        api.set_default(_reply)
        results = await _measure(api, scenes, concurrency, rounds)
        max_in_flight = api.max_in_flight

    waves = math.ceil(scenes / concurrency)
    ideal = (SEQUENTIAL_STAGES + waves * CALLS_PER_SCENE) * latency
    wall = statistics.median(r["first_wall_s"] for r in results)
    repeat = statistics.median(r["repeat_wall_s"] for r in results)
    figures = {
        "benchmark": "script",
        "scenes": scenes,
        "concurrency": concurrency,
        "latency_s": latency,
        "rounds": rounds,
        "llm_calls_first": int(statistics.median(r["first_calls"] for r in results)),
        "llm_calls_repeat": int(max(r["repeat_calls"] for r in results)),
        "max_in_flight": max_in_flight,
        "wall_s": round(wall, 4),
        "ideal_s": round(ideal, 4),
        "sequential_s": round((SEQUENTIAL_STAGES + scenes * CALLS_PER_SCENE) * latency, 4),
        "efficiency": round(ideal / wall, 3),
        "repeat_wall_s": round(repeat, 4),
        "repeat_wall_ratio": round(repeat / wall, 4),
        "repeat_cache_hit_rate": round(statistics.median(r["repeat_hit_rate"] for r in results), 3),
    }
    figures["goals_met"] = (
        figures["efficiency"] >= 0.85
        and figures["repeat_wall_ratio"] <= 0.05
        and figures["repeat_cache_hit_rate"] >= 0.95
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
