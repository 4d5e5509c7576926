"""The Discord frontend through the loopback emulator: how fast commands are acknowledged, and how
many REST calls the throttled progress message saves.

Both run against the real discord.py client started the way `studio bot` starts it, with the
e2e test doubles as services (tests/e2e). Figures:
- ack_p50_ms / ack_p99_ms / ack_max_ms: INTERACTION_CREATE sent -> the bot's deferral received,
  over every slash command in turn, sent in concurrent waves;
- progress: the same job (many small progress updates) published through the sink with the
  default 1 s interval and with the smallest allowed (0.05 s), side by side: edits made, the
  shortest gap between two edits of the message, and the ratio of edits saved.
Prints one JSON line.

    python benchmarks/discord_frontend.py            # 1000 interactions
    python benchmarks/discord_frontend.py --quick    # 200 interactions (well under a minute)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import logging

from core.logging import configure_logging
from core.metrics import percentile
from tests.e2e.doubles import JobScript
from tests.e2e.emulator import Interaction
from tests.e2e.harness import Studio, start_studio
from tests.e2e.test_commands import EVERY_COMMAND, EXAMPLE_OPTIONS

WAVE = 20
USERS = ("alice", "bob", "carol", "owner")


async def ack_latencies(studio: Studio, count: int) -> list[float]:
    emu = studio.emu
    interactions: list[Interaction] = []
    for start in range(0, count, WAVE):
        wave = []
        for i in range(start, min(count, start + WAVE)):
            command = EVERY_COMMAND[i % len(EVERY_COMMAND)]
            user = "alice" if command.startswith("admin") else USERS[i % len(USERS)]
            wave.append(emu.invoke(user, command, **EXAMPLE_OPTIONS[command]))
        batch = await asyncio.gather(*wave)
        interactions += batch
        await emu.wait_until(lambda b=batch: all(i.acked_at for i in b), timeout=30)
    return sorted(i.ack_latency or 0.0 for i in interactions)


async def progress_edits(tmp: Path, interval: float, script: JobScript) -> dict[str, float]:
    studio = await start_studio(
        tmp, script=script, overrides={"discord": {"progress_min_interval_s": interval}}
    )
    try:
        emu = studio.emu
        interaction = await emu.invoke("bob", "imagine", prompt="a benchmark fox")
        (reply,) = await emu.wait_answered(interaction)
        thread = await emu.wait_until(lambda: emu.thread_of(reply))
        await emu.wait_until(
            lambda: any("is done" in m.content for m in emu.visible(thread)), timeout=60
        )
        progress = next(m for m in emu.visible(thread) if m.embeds)
        times = [e.at for e in progress.history[1:]]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        return {
            "updates": float(script.steps + 3),
            "edits": float(len(times)),
            "min_gap_s": round(min(gaps), 3) if gaps else 0.0,
            "final_green": float(progress.colors[-1] == 0x2ECC71),
        }
    finally:
        await studio.stop()


async def main(quick: bool) -> dict[str, object]:
    count = 200 if quick else 1000
    with tempfile.TemporaryDirectory() as tmp:
        fast = JobScript(steps=2, step_s=0.02, preview_every=99)
        studio = await start_studio(
            Path(tmp) / "acks",
            script=fast,
            overrides={
                "limits": {"commands_per_minute": 10_000},
                "jobs": {"max_queued_per_user": 1000},
            },
        )
        started = time.perf_counter()
        try:
            latencies = await ack_latencies(studio, count)
        finally:
            await studio.stop()
        elapsed = time.perf_counter() - started
        script = JobScript(steps=150, step_s=0.02, preview_every=25)
        throttled = await progress_edits(Path(tmp) / "t1", 1.0, script)
        eager = await progress_edits(Path(tmp) / "t2", 0.05, script)
    return {
        "benchmark": "discord_frontend",
        "interactions": count,
        "ack_p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "ack_p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "ack_max_ms": round(latencies[-1] * 1000, 2),
        "interactions_per_s": round(count / elapsed, 1),
        "progress_updates": int(throttled["updates"]),
        "edits_at_1s": int(throttled["edits"]),
        "edits_at_0.05s": int(eager["edits"]),
        "edits_saved_ratio": round(eager["edits"] / max(1.0, throttled["edits"]), 2),
        "min_gap_at_1s_s": throttled["min_gap_s"],
        "final_state_delivered": bool(throttled["final_green"] and eager["final_green"]),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 interactions instead of 1000")
    args = parser.parse_args()
    configure_logging(level="warning", fmt="console", stream=sys.stderr)
    logging.getLogger("discord").setLevel(logging.ERROR)
    print(json.dumps(asyncio.run(main(args.quick))))
