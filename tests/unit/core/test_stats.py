"""The admin stats model read from a metrics registry with known values."""

from __future__ import annotations

import math

import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.cache import CacheRegistry, MemoryCache
from core.clock import FakeClock
from core.metrics import Metrics
from core.stats import collect_stats, export_cache_gauges, watch_caches


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def metrics(clock: FakeClock) -> Metrics:
    return Metrics(clock=clock)


def test_per_hour_counts_only_the_last_hour(metrics: Metrics, clock: FakeClock) -> None:
    for _ in range(3):
        metrics.inc("commands_total", command="generate_image", via="slash", outcome="ok")
    clock.advance(30 * 60)
    metrics.inc("commands_total", command="show_dna", via="slash", outcome="ok")
    metrics.inc("commands_total", command="show_dna", via="slash", outcome="not_found")
    stats = collect_stats(metrics)
    assert stats.commands_last_hour == 5 and stats.commands_total == 5

    clock.advance(31 * 60)  # the first three are now 61 minutes old
    stats = collect_stats(metrics)
    assert stats.commands_last_hour == 2
    assert stats.commands_total == 5  # the total since start keeps them
    per_minute = stats.commands_per_minute
    assert len(per_minute) == 60 and per_minute[-1] == 0 and per_minute[-32] == 2
    assert sum(per_minute) == 2

    clock.advance(2 * 3600)
    assert collect_stats(metrics).commands_last_hour == 0  # quiet, but recorded: 0, not None


def test_uptime_follows_the_clock(metrics: Metrics, clock: FakeClock) -> None:
    clock.advance(3725)
    assert collect_stats(metrics).uptime_s == 3725


def test_per_minute_memory_is_bounded(metrics: Metrics, clock: FakeClock) -> None:
    for _ in range(500):  # eight hours of activity, one event a minute
        metrics.inc("jobs_total", kind="image", outcome="succeeded")
        clock.advance(60)
    buckets = metrics._minutes["jobs_total"].buckets
    assert len(buckets) <= 60
    assert metrics.recent("jobs_total") == 59  # this minute had none yet
    with pytest.raises(ValueError, match="minutes"):
        metrics.per_minute("jobs_total", 61)


def test_a_registry_with_nothing_recorded_reads_as_missing_not_zero(metrics: Metrics) -> None:
    stats = collect_stats(metrics, CacheRegistry())
    assert stats.commands_total is None and stats.commands_last_hour is None
    assert stats.commands_per_minute == ()
    assert stats.jobs_succeeded is None and stats.jobs_finished is None
    assert stats.queue_depth is None and stats.queue_oldest_wait_s is None
    assert stats.worker.busy is None and stats.worker.models_loaded is None
    assert stats.worker.gpu_used_bytes is None
    assert stats.eta_error is None and stats.intent_decisions is None
    assert stats.llm.calls is None and stats.llm.cache_hit_rate is None
    assert stats.discord_api_errors is None and stats.vector_points is None
    assert stats.command_latency == () and stats.tool_latency == ()
    assert "vector_points" in stats.missing and "jobs_total" in stats.missing


def test_every_figure_from_known_values(metrics: Metrics) -> None:
    m = metrics
    m.inc("jobs_total", kind="image", outcome="succeeded")
    m.inc("jobs_total", kind="video", outcome="succeeded")
    m.inc("jobs_total", kind="image", outcome="cancelled")
    for ms in range(1, 101):
        m.observe("command_seconds", ms / 1000, command="generate_image")
    m.observe("command_seconds", 0.5, command="show_dna")
    m.observe("tool_seconds", 0.2, tool="similar")
    m.set_gauge("queue_depth", 4)
    m.set_gauge("queue_oldest_wait_s", 12.5)
    m.set_gauge("workers_busy", 1, lane="gpu")
    m.set_gauge("workers_idle", 0, lane="gpu")
    m.set_gauge("workers_busy", 0, lane="cpu")
    m.set_gauge("workers_idle", 2, lane="cpu")
    m.set_gauge("worker_model_loaded", 1, model="sdxl-turbo")
    m.set_gauge("worker_model_loaded", 0, model="svd")
    m.set_gauge("gpu_memory_used_bytes", 6e9)
    m.set_gauge("gpu_memory_total_bytes", 24e9)
    m.observe("eta_abs_error_ratio", 0.1, kind="image", phase="run")
    m.observe("eta_abs_error_ratio", 0.3, kind="image", phase="run")
    m.observe("eta_abs_error_ratio", 0.5, kind="image", phase="submit")
    m.inc("intent_decisions_total", source="rules", intent="generate_image")
    m.inc("intent_decisions_total", source="rules", intent="help")
    m.inc("intent_decisions_total", source="embedding", intent="show_dna")
    m.inc("llm_calls_total", purpose="dna", outcome="ok")
    m.inc("llm_calls_total", purpose="dna", outcome="cached")
    m.inc("llm_tokens_total", 1200, direction="input")
    m.inc("llm_tokens_total", 300, direction="output")
    m.inc("llm_cost_usd_total", 0.0123)
    m.inc("discord_api_errors", status=429, code=0)
    m.inc("discord_api_errors", status=429, code=0)
    m.inc("discord_api_errors", status=404, code=10008)
    m.inc("discord_api_errors", status=403, code=50013)
    m.set_gauge("vector_points", 1234, collection="shows_minilm_v1")
    caches = CacheRegistry()
    llm_cache: MemoryCache[str, str] = MemoryCache("llm", max_entries=10)
    llm_cache.set("a", "answer")
    for key in ("a", "a", "a", "b"):
        llm_cache.get(key)
    caches.register(llm_cache)

    stats = collect_stats(m, caches)
    assert (stats.jobs_succeeded, stats.jobs_failed, stats.jobs_cancelled) == (2, 0, 1)
    assert stats.jobs_finished == 3 and stats.jobs_last_hour == 3
    (first, second) = stats.command_latency  # the busiest first
    assert first.name == "generate_image" and first.count == 100
    assert math.isclose(first.p50_s, 0.0505) and math.isclose(first.p95_s, 0.09505)
    assert second.name == "show_dna" and second.p95_s == 0.5
    assert [(t.name, t.p50_s) for t in stats.tool_latency] == [("similar", 0.2)]
    assert stats.queue_depth == 4 and stats.queue_oldest_wait_s == 12.5
    assert stats.worker.busy == 1 and stats.worker.slots == 3
    assert stats.worker.models_loaded == ("sdxl-turbo",)
    assert stats.worker.gpu_used_bytes == 6e9 and stats.worker.gpu_total_bytes == 24e9
    assert stats.eta_error is not None
    assert math.isclose(stats.eta_error["run"], 0.2) and stats.eta_error["submit"] == 0.5
    assert stats.intent_decisions == {"embedding": 1, "rules": 2}
    llm = stats.llm
    assert (llm.calls, llm.cached_calls, llm.input_tokens, llm.output_tokens) == (2, 1, 1200, 300)
    assert llm.cost_usd == pytest.approx(0.0123) and llm.cache_hit_rate == 0.75
    assert stats.discord_api_errors == {"429": 2, "10008": 1, "10062": 0, "50027": 0}
    assert stats.discord_api_errors_other == 1
    assert stats.vector_points == {"shows_minilm_v1": 1234}
    assert stats.missing == ("commands_total",)


def test_an_llm_cache_never_asked_has_no_hit_rate(metrics: Metrics) -> None:
    caches = CacheRegistry()
    caches.register(MemoryCache("llm", max_entries=10))
    assert collect_stats(metrics, caches).llm.cache_hit_rate is None


def test_prometheus_export_parses_and_has_job_command_cache_and_discord_series(
    metrics: Metrics,
) -> None:
    metrics.inc("jobs_total", kind="image", outcome="succeeded")
    metrics.inc("commands_total", command="show_dna", via="slash", outcome="ok")
    metrics.observe("command_seconds", 0.02, command="show_dna")
    metrics.inc("discord_api_errors", status=404, code=10008)
    caches = CacheRegistry()
    cache: MemoryCache[str, str] = MemoryCache("llm", max_entries=10)
    caches.register(cache)
    watch_caches(metrics, caches)
    cache.set("k", "v")
    cache.get("k")
    cache.get("missing")

    text = metrics.prometheus_text().decode()
    families = {f.name: f for f in text_string_to_metric_families(text)}

    def value(sample: str, **labels: str) -> float:
        return next(
            s.value
            for f in families.values()
            for s in f.samples
            if s.name == sample and s.labels == labels
        )

    assert families["studio_jobs"].type == "counter"
    assert value("studio_jobs_total", kind="image", outcome="succeeded") == 1
    assert value("studio_commands_total", command="show_dna", via="slash", outcome="ok") == 1
    assert families["studio_command_seconds"].type == "summary"
    assert value("studio_command_seconds_count", command="show_dna") == 1
    assert value("studio_discord_api_errors_total", status="404", code="10008") == 1
    # The cache gauges were refreshed at export time, after the lookups above.
    assert value("studio_cache_entries", cache="llm") == 1
    assert value("studio_cache_hits", cache="llm") == 1
    assert value("studio_cache_misses", cache="llm") == 1
    assert value("studio_cache_hit_ratio", cache="llm") == 0.5

    cache.clear()
    export_cache_gauges(metrics, caches)
    assert metrics.gauge("cache_entries", cache="llm") == 0
