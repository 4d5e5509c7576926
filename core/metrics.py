"""In-process metrics: counters, gauges and timings with p50/p95/p99, labelled by operation.

One `Metrics` registry is created by the composition root and passed to whatever measures.
`/admin stats` reads `snapshot()`; operators scrape `prometheus_text()` (Prometheus text format,
produced through prometheus-client so the exposition is exactly what scrapers expect).
Timings keep a bounded window of recent samples per series, so memory stays flat however long the
bot runs; the count and sum are exact over the whole run. Every counter also keeps per-minute
totals for the last hour (`recent`, `per_minute`), so "per hour" is a real rate, not total/uptime.
Refreshers (`add_refresher`) copy state that lives elsewhere (cache stats, queue gauges) into
gauges just before an export.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from core.clock import Clock, SystemClock

__all__ = ["Metrics", "TimingSummary", "percentile"]

Labels = tuple[tuple[str, str], ...]
_WINDOW = 4096
RATE_MINUTES = 60  # how far back per-minute counter totals go


def percentile(sorted_values: list[float], q: float) -> float:
    """Linear-interpolated percentile of already sorted values (q in [0, 100])."""
    if not sorted_values:
        return math.nan
    if len(sorted_values) == 1:
        return sorted_values[0]
    rank = (len(sorted_values) - 1) * q / 100.0
    low = math.floor(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


@dataclass(frozen=True, slots=True)
class TimingSummary:
    count: int
    total: float
    p50: float
    p95: float
    p99: float
    max: float

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else math.nan


class _Timing:
    __slots__ = ("count", "total", "window")

    def __init__(self) -> None:
        self.count = 0
        self.total = 0.0
        self.window: deque[float] = deque(maxlen=_WINDOW)

    def summary(self) -> TimingSummary:
        values = sorted(self.window)
        return TimingSummary(
            count=self.count,
            total=self.total,
            p50=percentile(values, 50),
            p95=percentile(values, 95),
            p99=percentile(values, 99),
            max=values[-1] if values else math.nan,
        )


class _MinuteBuckets:
    """Totals per whole minute of a counter (all its series together), the last hour only."""

    __slots__ = ("buckets",)

    def __init__(self) -> None:
        self.buckets: deque[tuple[int, float]] = deque()  # (minute index, amount), oldest first

    def add(self, minute: int, amount: float) -> None:
        if self.buckets and self.buckets[-1][0] == minute:
            amount += self.buckets.pop()[1]
        self.buckets.append((minute, amount))
        while self.buckets[0][0] <= minute - RATE_MINUTES:
            self.buckets.popleft()

    def series(self, now_minute: int, minutes: int) -> list[float]:
        out = [0.0] * minutes
        for minute, amount in self.buckets:
            age = now_minute - minute
            if 0 <= age < minutes:
                out[minutes - 1 - age] += amount
        return out


def _labels(labels: Mapping[str, Any]) -> Labels:
    return tuple(sorted((k, str(v)) for k, v in labels.items() if v is not None))


class Metrics:
    """Thread-safe: worker threads and the event loop may record at the same time."""

    def __init__(self, *, namespace: str = "studio", clock: Clock | None = None) -> None:
        self.namespace = namespace
        self._clock = clock or SystemClock()
        self.started_at = self._clock.time()
        self._lock = threading.Lock()
        self._minutes: dict[str, _MinuteBuckets] = {}
        self._refreshers: list[Callable[[Metrics], None]] = []
        self._counters: dict[str, dict[Labels, float]] = {}
        self._gauges: dict[str, dict[Labels, float]] = {}
        self._timings: dict[str, dict[Labels, _Timing]] = {}
        self._help: dict[str, str] = {}

    def describe(self, name: str, help_text: str) -> None:
        self._help[name] = help_text

    # -- recording -------------------------------------------------------------------------
    def inc(self, name: str, amount: float = 1.0, **labels: Any) -> None:
        if amount < 0:
            raise ValueError("counters only go up; use a gauge")
        key = _labels(labels)
        with self._lock:
            series = self._counters.setdefault(name, {})
            series[key] = series.get(key, 0.0) + amount
            # Read under the lock so minutes reach the buckets in order.
            self._minutes.setdefault(name, _MinuteBuckets()).add(self._minute(), amount)

    def set_gauge(self, name: str, value: float, **labels: Any) -> None:
        with self._lock:
            self._gauges.setdefault(name, {})[_labels(labels)] = float(value)

    def observe(self, name: str, seconds: float, **labels: Any) -> None:
        key = _labels(labels)
        with self._lock:
            timing = self._timings.setdefault(name, {}).setdefault(key, _Timing())
            timing.count += 1
            timing.total += seconds
            timing.window.append(seconds)

    @contextmanager
    def time(self, name: str, **labels: Any) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.observe(name, time.perf_counter() - start, **labels)

    def add_refresher(self, refresh: Callable[[Metrics], None]) -> None:
        """Run `refresh(metrics)` before every export (it sets gauges from state kept elsewhere).
        It may run on a worker thread (the /metrics handler exports off the event loop)."""
        self._refreshers.append(refresh)

    def refresh(self) -> None:
        for refresh in list(self._refreshers):
            refresh(self)

    # -- reading ---------------------------------------------------------------------------
    def _minute(self) -> int:
        return int(self._clock.monotonic() // 60)

    def recent(self, name: str, minutes: int = RATE_MINUTES) -> float:
        """How much a counter (all series) went up in the last `minutes` whole minutes,
        this one included."""
        return sum(self.per_minute(name, minutes))

    def per_minute(self, name: str, minutes: int = RATE_MINUTES) -> list[float]:
        """A counter's totals per minute, oldest first, the current minute last."""
        if not 1 <= minutes <= RATE_MINUTES:
            raise ValueError(f"minutes must be 1..{RATE_MINUTES}")
        now = self._minute()
        with self._lock:
            buckets = self._minutes.get(name)
            return buckets.series(now, minutes) if buckets else [0.0] * minutes

    def counter(self, name: str, **labels: Any) -> float:
        with self._lock:
            return self._counters.get(name, {}).get(_labels(labels), 0.0)

    def counter_total(self, name: str) -> float:
        with self._lock:
            return sum(self._counters.get(name, {}).values())

    def counter_by(self, name: str, label: str) -> dict[str, float]:
        """Sum a counter over every series, grouped by one label (e.g. errors by code)."""
        out: dict[str, float] = {}
        with self._lock:
            for key, value in self._counters.get(name, {}).items():
                group = dict(key).get(label, "")
                out[group] = out.get(group, 0.0) + value
        return out

    def gauge(self, name: str, **labels: Any) -> float | None:
        with self._lock:
            return self._gauges.get(name, {}).get(_labels(labels))

    def timing(self, name: str, **labels: Any) -> TimingSummary:
        with self._lock:
            timing = self._timings.get(name, {}).get(_labels(labels))
            return timing.summary() if timing else TimingSummary(0, 0.0, *(math.nan,) * 4)

    def timings_by(self, name: str, label: str) -> dict[str, TimingSummary]:
        """Summaries of a timing per value of one label (e.g. latency per command)."""
        merged: dict[str, _Timing] = {}
        with self._lock:
            for key, timing in self._timings.get(name, {}).items():
                group = dict(key).get(label, "")
                acc = merged.setdefault(group, _Timing())
                acc.count += timing.count
                acc.total += timing.total
                acc.window.extend(timing.window)
            return {group: acc.summary() for group, acc in merged.items()}

    def snapshot(self) -> dict[str, Any]:
        """Every series as plain data, for /admin stats and tests."""
        with self._lock:
            return {
                "uptime_s": max(0.0, self._clock.time() - self.started_at),
                "counters": {n: dict(s) for n, s in self._counters.items()},
                "gauges": {n: dict(s) for n, s in self._gauges.items()},
                "timings": {
                    n: {k: t.summary() for k, t in s.items()} for n, s in self._timings.items()
                },
            }

    # -- export ----------------------------------------------------------------------------
    def prometheus_text(self) -> bytes:
        self.refresh()
        registry = CollectorRegistry(auto_describe=False)
        registry.register(_Exporter(self))
        return generate_latest(registry)

    def _families(self) -> Iterator[Metric]:
        ns = self.namespace
        snap = self.snapshot()
        for name, series in sorted(snap["counters"].items()):
            fam = CounterMetricFamily(
                f"{ns}_{name}", self._help.get(name, name), labels=_label_names(series)
            )
            names = _label_names(series)
            for key, value in series.items():
                fam.add_metric(_label_values(names, key), value)
            yield fam
        for name, series in sorted(snap["gauges"].items()):
            gauge = GaugeMetricFamily(
                f"{ns}_{name}", self._help.get(name, name), labels=_label_names(series)
            )
            names = _label_names(series)
            for key, value in series.items():
                gauge.add_metric(_label_values(names, key), value)
            yield gauge
        for name, series in sorted(snap["timings"].items()):
            full = f"{ns}_{name}"
            summary = Metric(full, self._help.get(name, name), "summary")
            for key, s in series.items():
                base = dict(key)
                for q, value in (("0.5", s.p50), ("0.95", s.p95), ("0.99", s.p99)):
                    summary.add_sample(full, {**base, "quantile": q}, value)
                summary.add_sample(f"{full}_count", base, s.count)
                summary.add_sample(f"{full}_sum", base, s.total)
            yield summary


def _label_names(series: Mapping[Labels, Any]) -> list[str]:
    # One family has one label set: series recorded with fewer labels get empty values.
    return sorted({k for key in series for k, _ in key})


def _label_values(names: list[str], key: Labels) -> list[str]:
    given = dict(key)
    return [given.get(n, "") for n in names]


class _Exporter(Collector):
    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    def collect(self) -> Iterator[Metric]:
        return self._metrics._families()
