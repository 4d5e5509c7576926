from __future__ import annotations

import math
import threading

from prometheus_client.parser import text_string_to_metric_families

from core.metrics import Metrics, percentile


def test_percentiles_of_known_distribution() -> None:
    metrics = Metrics()
    for ms in range(1, 101):  # 1..100 ms
        metrics.observe("command_seconds", ms / 1000, command="imagine")
    s = metrics.timing("command_seconds", command="imagine")
    assert s.count == 100
    assert math.isclose(s.p50, 0.0505, rel_tol=1e-6)
    assert math.isclose(s.p95, 0.09505, rel_tol=1e-6)
    assert math.isclose(s.p99, 0.09901, rel_tol=1e-6)
    assert s.max == 0.1
    assert math.isclose(s.mean, 0.0505)


def test_percentile_edges() -> None:
    assert math.isnan(percentile([], 50))
    assert percentile([3.0], 99) == 3.0


def test_labels_keep_series_apart_and_group_by() -> None:
    metrics = Metrics()
    metrics.inc("discord_api_errors_total", code="429")
    metrics.inc("discord_api_errors_total", code="429")
    metrics.inc("discord_api_errors_total", code="10008")
    assert metrics.counter("discord_api_errors_total", code="429") == 2
    assert metrics.counter_by("discord_api_errors_total", "code") == {"429": 2, "10008": 1}
    assert metrics.counter_total("discord_api_errors_total") == 3
    metrics.observe("tool_seconds", 0.1, tool="similar")
    metrics.observe("tool_seconds", 0.3, tool="dna")
    by_tool = metrics.timings_by("tool_seconds", "tool")
    assert by_tool["similar"].count == 1 and by_tool["dna"].p50 == 0.3


def test_window_bounds_memory_but_count_and_sum_stay_exact() -> None:
    metrics = Metrics()
    for _ in range(10_000):
        metrics.observe("x_seconds", 1.0)
    s = metrics.timing("x_seconds")
    assert s.count == 10_000 and s.total == 10_000.0
    assert len(metrics._timings["x_seconds"][()].window) <= 4096


def test_concurrent_increments_are_not_lost() -> None:
    metrics = Metrics()

    def work() -> None:
        for _ in range(5000):
            metrics.inc("jobs_total", outcome="succeeded")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert metrics.counter("jobs_total", outcome="succeeded") == 20_000


def test_prometheus_export_parses_and_has_every_series() -> None:
    metrics = Metrics()
    metrics.describe("jobs_total", "Jobs finished, by outcome")
    metrics.inc("jobs_total", kind="image", outcome="succeeded")
    metrics.inc("jobs_total", outcome="failed")  # fewer labels: filled with ""
    metrics.set_gauge("queue_depth", 3)
    metrics.observe("command_seconds", 0.2, command="help")
    families = {
        f.name: f for f in text_string_to_metric_families(metrics.prometheus_text().decode())
    }
    assert families["studio_jobs"].type == "counter"
    samples = {
        tuple(sorted(s.labels.items())): s.value
        for s in families["studio_jobs"].samples
        if s.name.endswith("_total")
    }
    assert samples[(("kind", "image"), ("outcome", "succeeded"))] == 1
    assert samples[(("kind", ""), ("outcome", "failed"))] == 1
    assert families["studio_queue_depth"].samples[0].value == 3
    summary = families["studio_command_seconds"]
    assert summary.type == "summary"
    quantiles = {
        s.labels.get("quantile"): s.value for s in summary.samples if "quantile" in s.labels
    }
    assert quantiles["0.5"] == 0.2
