"""Load: a burst of slash commands from many members of several servers, through the loopback
Discord emulator, against the real bot.

The bot is `studio bot` in a process of its own (the real composition root: MiniLM, qdrant-edge,
the SQLite job store, a media worker subprocess running a tiny diffusers pipeline), so it shares
neither an event loop nor a GIL with the emulator playing Discord in this process. Set-up, not
measured: the servers and members, a tiny image pipeline saved to disk (20 denoising steps, so
each job reports progress and its message gets edited), the bot started and ready, and each
server's owner adding three shows of the starter catalog with /show add.

The burst: COMMANDS slash commands from USERS members spread over GUILDS servers, evenly spaced
over BURST_S seconds. Each member sends, in order, /imagine, /help, /show similar, /job status,
/imagine (repeating), so every member stays within the default per-member limits (20 commands a
minute, 5 jobs queued) and the servers within theirs (50 jobs): nothing should be refused. A
refusal would be counted in `refused`, apart from `failed_interactions`. Then every accepted job
is waited for until its result is posted in its thread.

Figures (one JSON line):
- defer_p50_ms / defer_p99_ms / defer_max_ms: INTERACTION_CREATE sent -> the bot's first
  response received by the emulator (goal: p99 <= 250 ms);
- failed_interactions: not acknowledged within Discord's 3 s ("This interaction failed"; goal 0);
- refused: commands answered with a rate-limit refusal (goal 0 with this mix); errors: apologies;
- jobs_submitted / jobs_completed / jobs_failed / lost_jobs: accepted /imagine jobs, those whose
  result was posted, those that ended red, and those that never ended (goal 0);
- max_edits_per_message_per_s: over every message the bot edited, 1 / the shortest gap between
  two edits of it (goal <= 1.0, with 5 % tolerance for the loopback's scheduling jitter);
- rss_mb_peak: the bot process's peak resident memory (VmHWM); rss_mb_peak_worker likewise for
  the media worker;
- rest_calls: REST calls the bot made during the burst and its jobs; global_rest_peak_per_s: the
  most in any one second among those Discord counts against its global limit of 50 a second
  (goal <= 50; the bot paces itself at discord.global_rate_per_s; interaction responses are
  exempt; the emulator records but does not enforce it);
- discord_violations: Discord limits the emulator saw broken (goal 0).

    python benchmarks/load.py            # 500 commands, 100 members, 5 servers, 5 s
    python benchmarks/load.py --quick    # 100 commands, 20 members, 2 servers (under a minute)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.render.limits import COLOR_FAILED
from core.logging import configure_logging
from core.metrics import percentile
from tests.e2e.emulator import DiscordEmulator, Interaction, Message
from tests.e2e.emulator.model import Channel, Guild, User
from tests.e2e.harness import ROOT, BotProcess, bot_process_env
from tests.support.tiny_pipelines import build_tiny_image_pipeline

CATALOG = ROOT / "tools" / "retrieval" / "data" / "catalog_part1.jsonl"
SHOWS_PER_GUILD = 3  # added with /show add, so /show similar has something to rank
ROUND = ("imagine", "help", "show similar", "job status", "imagine")
ACK_GOAL_MS = 250.0
EDIT_RATE_GOAL = 1.0 * 1.05
GLOBAL_LIMIT_PER_S = 50  # Discord's global REST limit per bot (interaction responses exempt)
INTERACTION_PATHS = ("/interactions/", "/webhooks/")
REFUSED_MARK = "⏳"  # how bot.render.errors renders RATE_LIMITED
APOLOGY_MARK = "Sorry, something went wrong"


@dataclass(frozen=True)
class Plan:
    commands: int
    users: int
    guilds: int
    burst_s: float
    drain_timeout_s: float


@dataclass
class Sent:
    command: str
    interaction: Interaction


def build_world(emu: DiscordEmulator, plan: Plan) -> list[tuple[User, Channel]]:
    """The servers (the emulator's own first one included) and the members, round-robin."""
    guilds: list[Guild] = [emu.guild]
    guilds += [emu.add_guild(f"Load Server {i + 1}") for i in range(plan.guilds - 1)]
    members = []
    for i in range(plan.users):
        guild = guilds[i % len(guilds)]
        user = emu.add_member(f"member{i:03d}", guild=guild)
        members.append((user, emu.general_of(guild)))
    return members


def schedule(members: Sequence[tuple[User, Channel]], plan: Plan) -> list[tuple[int, str]]:
    """(member index, command) in sending order: round r is every member's r-th command, in a
    shuffled order, so the kinds of command are mixed all through the burst."""
    rng = random.Random(7)
    per_user = -(-plan.commands // plan.users)
    order: list[tuple[int, str]] = []
    for r in range(per_user):
        who = list(range(len(members)))
        rng.shuffle(who)
        order += [(i, ROUND[r % len(ROUND)]) for i in who]
    return order[: plan.commands]


def options(command: str, titles: Sequence[str], n: int) -> dict[str, Any]:
    if command == "imagine":
        return {"prompt": f"a lighthouse at night, study {n}", "seed": n}
    if command == "show similar":
        return {"title": titles[n % len(titles)], "k": 3}
    return {}


async def burst(
    emu: DiscordEmulator,
    members: Sequence[tuple[User, Channel]],
    order: Sequence[tuple[int, str]],
    titles: Sequence[str],
    plan: Plan,
) -> tuple[list[Sent], float]:
    gap = plan.burst_s / max(1, len(order))
    sent: list[Sent] = []
    start = time.monotonic()
    for n, (who, command) in enumerate(order):
        delay = start + n * gap - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        user, channel = members[who]
        interaction = await emu.invoke(
            user, command, channel=channel, **options(command, titles, n)
        )
        sent.append(Sent(command, interaction))
    return sent, time.monotonic() - start


def answer(emu: DiscordEmulator, sent: Sent) -> Message | None:
    replies = [m for m in emu.replies(sent.interaction) if not m.loading]
    return replies[0] if replies else None


def job_outcome(emu: DiscordEmulator, reply: Message) -> str | None:
    """ "done", "failed", or None while the job has not ended."""
    thread = emu.thread_of(reply)
    if thread is None:
        return None
    seen = emu.visible(thread)
    if any("is done" in m.content for m in seen):
        return "done"
    if any(m.embeds and m.colors[-1] == COLOR_FAILED for m in seen):
        return "failed"
    return None


async def drain(emu: DiscordEmulator, sent: Sequence[Sent], plan: Plan) -> float:
    """Wait until every interaction is answered and every accepted job has ended."""
    start = time.monotonic()
    while time.monotonic() - start < plan.drain_timeout_s:
        replies = [answer(emu, s) for s in sent]
        jobs = [r for r in replies if r is not None and "Queued image job" in r.content]
        answered = all(
            r is not None or s.interaction.failed for r, s in zip(replies, sent, strict=True)
        )
        if answered and all(job_outcome(emu, r) for r in jobs):
            break
        await asyncio.sleep(0.25)
    return time.monotonic() - start


def edit_rate(emu: DiscordEmulator) -> float:
    """1 / the shortest gap between two edits of one message, over all the bot's messages."""
    shortest: float | None = None
    for message in emu.messages.values():
        if message.author.id != emu.bot_user.id:
            continue
        times = [e.at for e in message.edits]
        for a, b in itertools.pairwise(times):
            shortest = b - a if shortest is None else min(shortest, b - a)
    if shortest is None:
        return 0.0
    return round(1.0 / max(shortest, 1e-6), 3)


def global_peak_per_s(emu: DiscordEmulator) -> int:
    """The most REST calls in one second among those Discord counts against the bot's global
    limit (interaction responses and follow-ups are exempt)."""
    times = sorted(c.at for c in emu.calls if not c.path.startswith(INTERACTION_PATHS))
    peak, lo = 0, 0
    for hi, at in enumerate(times):
        while at - times[lo] >= 1.0:
            lo += 1
        peak = max(peak, hi - lo + 1)
    return peak


def showcase() -> list[tuple[str, str]]:
    """(title, synopsis) of a few shows of the starter catalog."""
    lines = CATALOG.read_text(encoding="utf-8").splitlines()[:SHOWS_PER_GUILD]
    return [(d["title"], d["synopsis"]) for d in map(json.loads, lines)]


async def add_shows(emu: DiscordEmulator, shows: Sequence[tuple[str, str]]) -> None:
    """Each server's owner adds the shows with /show add (analysis jobs, before the burst)."""
    added = []
    for guild in emu.guilds.values():
        for title, synopsis in shows:
            interaction = await emu.invoke(
                emu.owner, "show add", channel=emu.general_of(guild), title=title, text=synopsis
            )
            added.append(interaction)
    for interaction in added:
        (reply,) = await emu.wait_answered(interaction, timeout=60)
        thread = await emu.wait_until(lambda r=reply: emu.thread_of(r), timeout=60)
        await emu.wait_until(
            lambda t=thread: any("is done" in m.content for m in emu.visible(t)),
            timeout=120,
            what="a show to be added",
        )


async def run(plan: Plan, work: Path) -> dict[str, Any]:
    image = build_tiny_image_pipeline(work / "models")
    emu = DiscordEmulator()
    members = build_world(emu, plan)
    await emu.start()
    env = bot_process_env(
        emu,
        work / "data",
        {
            "STUDIO_CATALOG__LOAD_STARTER": "false",
            "STUDIO_MEDIA__IMAGE_MODEL_DRAFT": str(image),
            "STUDIO_MEDIA__DEVICE": "cpu",
            "STUDIO_MEDIA__CPU_THREADS": "1",
            "STUDIO_MEDIA__DRAFT_SIZE": "32",
            # Enough steps for a job to report progress a few times (edits to throttle).
            "STUDIO_MEDIA__DRAFT_STEPS": "20",
        },
    )
    bot: BotProcess | None = None
    try:
        bot = await BotProcess.spawn(env, work / "bot.log")
        await bot.wait_ready(timeout=300)
        shows = showcase()
        await add_shows(emu, shows)
        titles = [title for title, _ in shows]
        worker_pids = bot.children()
        calls_before = len(emu.calls)
        sent, burst_s = await burst(emu, members, schedule(members, plan), titles, plan)
        drain_s = await drain(emu, sent, plan)
        rss = bot.peak_rss_mb()
        rss_worker = max((bot.peak_rss_mb(pid) for pid in worker_pids), default=0.0)
        return figures(emu, plan, sent, burst_s, drain_s, rss, rss_worker, calls_before)
    finally:
        if bot is not None:
            await bot.stop()
        await emu.close()


def figures(
    emu: DiscordEmulator,
    plan: Plan,
    sent: Sequence[Sent],
    burst_s: float,
    drain_s: float,
    rss: float,
    rss_worker: float,
    calls_before: int,
) -> dict[str, Any]:
    acks = sorted(s.interaction.ack_latency or plan.drain_timeout_s for s in sent)
    replies = [answer(emu, s) for s in sent]
    texts = [r.text() if r is not None else "" for r in replies]
    jobs = [r for r in replies if r is not None and "Queued image job" in r.content]
    outcomes = [job_outcome(emu, r) for r in jobs]
    emu.calls[:] = emu.calls[calls_before:]  # the burst and its jobs, not the set-up
    result = {
        "benchmark": "load",
        "commands": len(sent),
        "users": plan.users,
        "guilds": plan.guilds,
        "burst_s": round(burst_s, 2),
        "defer_p50_ms": round(percentile(acks, 50) * 1000, 1),
        "defer_p99_ms": round(percentile(acks, 99) * 1000, 1),
        "defer_max_ms": round(acks[-1] * 1000, 1),
        "failed_interactions": sum(1 for s in sent if s.interaction.failed),
        "unanswered": sum(1 for r in replies if r is None),
        "refused": sum(1 for t in texts if t.startswith(REFUSED_MARK)),
        "errors": sum(1 for t in texts if APOLOGY_MARK in t),
        "jobs_submitted": len(jobs),
        "jobs_completed": outcomes.count("done"),
        "jobs_failed": outcomes.count("failed"),
        "lost_jobs": outcomes.count(None),
        "drain_s": round(drain_s, 1),
        "max_edits_per_message_per_s": edit_rate(emu),
        "rest_calls": len(emu.calls),
        "global_rest_peak_per_s": global_peak_per_s(emu),
        "discord_violations": len(emu.violations),
        "rss_mb_peak": round(rss, 1),
        "rss_mb_peak_worker": round(rss_worker, 1),
    }
    result["goals_met"] = (
        result["defer_p99_ms"] <= ACK_GOAL_MS
        and result["failed_interactions"] == 0
        and result["lost_jobs"] == 0
        and result["max_edits_per_message_per_s"] <= EDIT_RATE_GOAL
        and result["global_rest_peak_per_s"] <= GLOBAL_LIMIT_PER_S
    )
    return result


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 commands, 20 members, 2 servers")
    parser.add_argument("--commands", type=int, help="override the number of commands")
    parser.add_argument("--users", type=int, help="override the number of members")
    parser.add_argument("--guilds", type=int, help="override the number of servers")
    parser.add_argument("--burst-s", type=float, help="override the burst's length")
    args = parser.parse_args(argv)
    plan = Plan(
        commands=args.commands or (100 if args.quick else 500),
        users=args.users or (20 if args.quick else 100),
        guilds=args.guilds or (2 if args.quick else 5),
        burst_s=args.burst_s or (2.0 if args.quick else 5.0),
        drain_timeout_s=120.0 if args.quick else 300.0,
    )
    with tempfile.TemporaryDirectory(prefix="studio-load-") as tmp:
        return asyncio.run(run(plan, Path(tmp)))


if __name__ == "__main__":
    configure_logging(level="warning", fmt="console", stream=sys.stderr)
    logging.getLogger("discord").setLevel(logging.ERROR)
    print(json.dumps(main()))
