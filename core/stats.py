"""The admin stats model: what `/admin stats` shows, read from the metrics registry.

`collect_stats` is the one place that knows which series the other parts record (their names are
below, with the part that records each). A value no part has recorded is None, so a renderer
shows "—" rather than a made-up 0; `AdminStats.missing` names those series for the operator.
A counter family that exists counts its absent label values as a real 0 (jobs that never
failed), because the part that records it is clearly running.

`export_cache_gauges` / `watch_caches` copy the cache registry's stats into gauges, so caches show
up in the Prometheus export next to everything else.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.cache import CacheRegistry
from core.metrics import Metrics, TimingSummary

__all__ = [
    "API_ERROR_CODES",
    "AdminStats",
    "Latency",
    "LlmStats",
    "WorkerState",
    "collect_stats",
    "export_cache_gauges",
    "watch_caches",
]

# Series recorded elsewhere (name: who records it).
COMMANDS = "commands_total"  # core.orchestrator {command, via, outcome}; admin cog {via=admin}
COMMAND_SECONDS = "command_seconds"  # core.orchestrator {command}
TOOL_SECONDS = "tool_seconds"  # tools {tool}
JOBS = "jobs_total"  # core.jobs {kind, outcome: succeeded|failed|cancelled}
QUEUE_DEPTH = "queue_depth"  # core.jobs.service gauge
QUEUE_OLDEST_WAIT = "queue_oldest_wait_s"  # core.jobs.service gauge
WORKERS_BUSY = "workers_busy"  # core.jobs.service gauge {lane}
WORKERS_IDLE = "workers_idle"  # core.jobs.service gauge {lane}
MODEL_LOADED = "worker_model_loaded"  # media worker gauge {model}: 1 loaded, 0 not
GPU_USED = "gpu_memory_used_bytes"  # media worker gauge, when CUDA is present
GPU_TOTAL = "gpu_memory_total_bytes"
ETA_ERROR = "eta_abs_error_ratio"  # core.jobs.outcome timing {kind, phase: run|submit}
INTENT_DECISIONS = "intent_decisions_total"  # core.orchestrator {source, intent}
LLM_CALLS = "llm_calls_total"  # tools.llm {purpose, outcome}
LLM_TOKENS = "llm_tokens_total"  # tools.llm {direction: input|output}
LLM_COST = "llm_cost_usd_total"  # tools.llm
LLM_CACHE = "llm"  # the LLM response cache's name in the CacheRegistry
DISCORD_API_ERRORS = "discord_api_errors"  # bot {status, code}
DISCORD_COMMANDS = "discord_commands"  # bot: slash commands and thread messages {command}
DISCORD_ERRORS = "discord_errors"  # bot: commands answered with an error {command, code}
DISCORD_DEFER_SECONDS = "discord_defer_seconds"  # bot timing: interaction to acknowledged {command}
VECTOR_POINTS = "vector_points"  # vector store gauge {collection}

# The Discord errors an admin is shown by name: rate limited (counted by HTTP status, since a 429
# has no Discord code), unknown message, unknown interaction, invalid webhook token.
API_ERROR_CODES: tuple[str, ...] = ("429", "10008", "10062", "50027")
RATE_LIMITED_STATUS = "429"


@dataclass(frozen=True, slots=True)
class Latency:
    name: str
    count: int
    p50_s: float
    p95_s: float


@dataclass(frozen=True, slots=True)
class WorkerState:
    busy: int | None = None
    slots: int | None = None  # busy + idle over every lane
    models_loaded: tuple[str, ...] | None = None
    gpu_used_bytes: float | None = None
    gpu_total_bytes: float | None = None


@dataclass(frozen=True, slots=True)
class LlmStats:
    calls: float | None = None
    cached_calls: float | None = None
    input_tokens: float | None = None
    output_tokens: float | None = None
    cost_usd: float | None = None
    cache_hit_rate: float | None = None


@dataclass(frozen=True, slots=True)
class AdminStats:
    uptime_s: float
    commands_total: float | None = None
    commands_last_hour: float | None = None
    commands_per_minute: tuple[float, ...] = ()  # oldest first, the last hour
    jobs_last_hour: float | None = None  # finished (any outcome)
    jobs_per_minute: tuple[float, ...] = ()
    jobs_succeeded: float | None = None
    jobs_failed: float | None = None
    jobs_cancelled: float | None = None
    command_latency: tuple[Latency, ...] = ()
    tool_latency: tuple[Latency, ...] = ()
    queue_depth: float | None = None
    queue_oldest_wait_s: float | None = None
    worker: WorkerState = field(default_factory=WorkerState)
    eta_error: Mapping[str, float] | None = None  # phase -> median |estimate - actual| / actual
    intent_decisions: Mapping[str, float] | None = None  # stage (source) -> decisions
    llm: LlmStats = field(default_factory=LlmStats)
    discord_api_errors: Mapping[str, float] | None = None  # "429", "10008", ... -> count
    discord_api_errors_other: float | None = None
    vector_points: Mapping[str, float] | None = None  # collection -> points
    missing: tuple[str, ...] = ()  # series no part has recorded yet

    @property
    def jobs_finished(self) -> float | None:
        parts = (self.jobs_succeeded, self.jobs_failed, self.jobs_cancelled)
        return None if all(p is None for p in parts) else sum(p or 0.0 for p in parts)


def collect_stats(metrics: Metrics, caches: CacheRegistry | None = None) -> AdminStats:
    """One consistent reading of every figure `/admin stats` shows."""
    metrics.refresh()
    snap = metrics.snapshot()
    reader = _Reader(snap)
    jobs = reader.counter_by(JOBS, "outcome")
    commands_seen = reader.has_counter(COMMANDS)
    jobs_seen = reader.has_counter(JOBS)
    return AdminStats(
        uptime_s=float(snap["uptime_s"]),
        commands_total=reader.counter_total(COMMANDS),
        commands_last_hour=metrics.recent(COMMANDS) if commands_seen else None,
        commands_per_minute=tuple(metrics.per_minute(COMMANDS)) if commands_seen else (),
        jobs_last_hour=metrics.recent(JOBS) if jobs_seen else None,
        jobs_per_minute=tuple(metrics.per_minute(JOBS)) if jobs_seen else (),
        jobs_succeeded=None if jobs is None else jobs.get("succeeded", 0.0),
        jobs_failed=None if jobs is None else jobs.get("failed", 0.0),
        jobs_cancelled=None if jobs is None else jobs.get("cancelled", 0.0),
        command_latency=_latencies(metrics.timings_by(COMMAND_SECONDS, "command")),
        tool_latency=_latencies(metrics.timings_by(TOOL_SECONDS, "tool")),
        queue_depth=reader.gauge_total(QUEUE_DEPTH),
        queue_oldest_wait_s=reader.gauge_max(QUEUE_OLDEST_WAIT),
        worker=_worker(reader),
        eta_error=_medians(metrics.timings_by(ETA_ERROR, "phase")),
        intent_decisions=reader.counter_by(INTENT_DECISIONS, "source"),
        llm=_llm(reader, caches),
        discord_api_errors=_api_errors(reader),
        discord_api_errors_other=_api_errors_other(reader),
        vector_points=reader.gauge_by(VECTOR_POINTS, "collection"),
        missing=tuple(name for name in _EXPECTED if not reader.has(name)),
    )


_EXPECTED = (
    COMMANDS,
    COMMAND_SECONDS,
    TOOL_SECONDS,
    JOBS,
    QUEUE_DEPTH,
    WORKERS_BUSY,
    MODEL_LOADED,
    ETA_ERROR,
    INTENT_DECISIONS,
    LLM_CALLS,
    DISCORD_API_ERRORS,
    VECTOR_POINTS,
)


class _Reader:
    """Questions about one snapshot; None where the series does not exist."""

    def __init__(self, snap: Mapping[str, Any]) -> None:
        self._counters: Mapping[str, Mapping[Any, float]] = snap["counters"]
        self._gauges: Mapping[str, Mapping[Any, float]] = snap["gauges"]
        self._timings: Mapping[str, Mapping[Any, TimingSummary]] = snap["timings"]

    def has(self, name: str) -> bool:
        return bool(self._counters.get(name) or self._gauges.get(name) or self._timings.get(name))

    def has_counter(self, name: str) -> bool:
        return bool(self._counters.get(name))

    def counter_total(self, name: str) -> float | None:
        series = self._counters.get(name)
        return sum(series.values()) if series else None

    def counter_by(self, name: str, label: str) -> dict[str, float] | None:
        return _group(self._counters.get(name), label)

    def counter_where(self, name: str, label: str, value: str) -> float | None:
        series = self._counters.get(name)
        if not series:
            return None
        return sum(v for key, v in series.items() if dict(key).get(label) == value)

    def gauge_total(self, name: str) -> float | None:
        series = self._gauges.get(name)
        return sum(series.values()) if series else None

    def gauge_max(self, name: str) -> float | None:
        series = self._gauges.get(name)
        return max(series.values()) if series else None

    def gauge_by(self, name: str, label: str) -> dict[str, float] | None:
        return _group(self._gauges.get(name), label)


def _group(series: Mapping[Any, float] | None, label: str) -> dict[str, float] | None:
    """Sum the series per value of one label; None when there is no series at all."""
    if not series:
        return None
    groups: dict[str, float] = {}
    for key, value in series.items():
        group = dict(key).get(label, "")
        groups[group] = groups.get(group, 0.0) + value
    return dict(sorted(groups.items()))


def _latencies(by_label: Mapping[str, TimingSummary]) -> tuple[Latency, ...]:
    rows = [
        Latency(name, s.count, s.p50, s.p95)
        for name, s in by_label.items()
        if s.count and not math.isnan(s.p50)
    ]
    return tuple(sorted(rows, key=lambda row: (-row.count, row.name)))


def _medians(by_label: Mapping[str, TimingSummary]) -> dict[str, float] | None:
    medians = {k: s.p50 for k, s in sorted(by_label.items()) if s.count and not math.isnan(s.p50)}
    return medians or None


def _worker(reader: _Reader) -> WorkerState:
    busy = reader.gauge_total(WORKERS_BUSY)
    idle = reader.gauge_total(WORKERS_IDLE)
    loaded = reader.gauge_by(MODEL_LOADED, "model")
    return WorkerState(
        busy=None if busy is None else int(busy),
        slots=None if busy is None or idle is None else int(busy + idle),
        models_loaded=None if loaded is None else tuple(m for m, v in loaded.items() if v > 0),
        gpu_used_bytes=reader.gauge_total(GPU_USED),
        gpu_total_bytes=reader.gauge_total(GPU_TOTAL),
    )


def _llm(reader: _Reader, caches: CacheRegistry | None) -> LlmStats:
    tokens = reader.counter_by(LLM_TOKENS, "direction")
    hit_rate: float | None = None
    cache = caches.get(LLM_CACHE) if caches is not None else None
    if cache is not None:
        stats = cache.stats()
        # No lookups yet is "unknown", not a 0% hit rate.
        hit_rate = stats.hit_rate if stats.hits + stats.misses else None
    return LlmStats(
        calls=reader.counter_total(LLM_CALLS),
        cached_calls=reader.counter_where(LLM_CALLS, "outcome", "cached"),
        input_tokens=None if tokens is None else tokens.get("input", 0.0),
        output_tokens=None if tokens is None else tokens.get("output", 0.0),
        cost_usd=reader.counter_total(LLM_COST),
        cache_hit_rate=hit_rate,
    )


def _api_errors(reader: _Reader) -> dict[str, float] | None:
    if not reader.has_counter(DISCORD_API_ERRORS):
        return None
    out: dict[str, float] = {}
    for code in API_ERROR_CODES:
        label = "status" if code == RATE_LIMITED_STATUS else "code"
        out[code] = reader.counter_where(DISCORD_API_ERRORS, label, code) or 0.0
    return out


def _api_errors_other(reader: _Reader) -> float | None:
    total = reader.counter_total(DISCORD_API_ERRORS)
    named = _api_errors(reader)
    if total is None or named is None:
        return None
    return max(0.0, total - sum(named.values()))


# -- Prometheus --------------------------------------------------------------------------------
CACHE_GAUGES = (
    "cache_entries",
    "cache_size_bytes",
    "cache_hits",
    "cache_misses",
    "cache_evictions",
    "cache_hit_ratio",
)


def export_cache_gauges(metrics: Metrics, caches: CacheRegistry) -> None:
    """Copy every cache's stats into gauges labelled `cache` (hits etc. are totals since start;
    they are gauges because a cleared cache may start its counts again)."""
    for stats in caches.stats():
        metrics.set_gauge("cache_entries", stats.entries, cache=stats.name)
        metrics.set_gauge("cache_size_bytes", stats.size_bytes, cache=stats.name)
        metrics.set_gauge("cache_hits", stats.hits, cache=stats.name)
        metrics.set_gauge("cache_misses", stats.misses, cache=stats.name)
        metrics.set_gauge("cache_evictions", stats.evictions, cache=stats.name)
        metrics.set_gauge("cache_hit_ratio", stats.hit_rate, cache=stats.name)


def watch_caches(metrics: Metrics, caches: CacheRegistry) -> None:
    """Refresh the cache gauges before every export (the composition root calls this once)."""
    metrics.add_refresher(lambda m: export_cache_gauges(m, caches))
