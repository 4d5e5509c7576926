"""The PNG chart attached to `/admin stats`: activity over the last hour, latency per command, job
outcomes. Drawn from `core.stats.AdminStats`, never from raw metrics.

Rendering takes tens of milliseconds of CPU, so `stats_chart` runs it on a worker thread; it
uses matplotlib's object API (a `Figure` with the Agg canvas, no pyplot), whose figures share no
global state, so concurrent renders are safe.
"""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING

from core.stats import AdminStats

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["CHART_FILENAME", "render_stats_chart", "stats_chart"]

CHART_FILENAME = "admin_stats.png"
MAX_LATENCY_BARS = 8
_SIZE_IN = (9.0, 6.0)
_DPI = 100
_OUTCOME_COLORS = {"succeeded": "#2ecc71", "failed": "#e74c3c", "cancelled": "#95a5a6"}
_NO_DATA = "not recorded yet"


async def stats_chart(stats: AdminStats) -> bytes:
    """The chart as PNG bytes, drawn off the event loop."""
    return await asyncio.to_thread(render_stats_chart, stats)


def render_stats_chart(stats: AdminStats) -> bytes:
    # Imported here: matplotlib costs a noticeable fraction of a second to import, paid on the
    # first /admin stats rather than at every bot start.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=_SIZE_IN, dpi=_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(2, 2)
    _activity(figure.add_subplot(grid[0, :]), stats)
    _latency(figure.add_subplot(grid[1, 0]), stats)
    _outcomes(figure.add_subplot(grid[1, 1]), stats)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _no_data(axes: Axes) -> None:
    axes.text(0.5, 0.5, _NO_DATA, ha="center", va="center", color="#7f8c8d")
    axes.set_xticks([])
    axes.set_yticks([])


def _activity(axes: Axes, stats: AdminStats) -> None:
    axes.set_title("Last hour, per minute")
    series = [
        ("commands", stats.commands_per_minute, "#5865f2"),
        ("jobs finished", stats.jobs_per_minute, "#e67e22"),
    ]
    drawn = False
    for label, values, color in series:
        if not values:
            continue
        minutes_ago = range(-len(values) + 1, 1)
        axes.step(list(minutes_ago), list(values), where="mid", label=label, color=color)
        drawn = True
    if not drawn:
        _no_data(axes)
        return
    axes.set_xlabel("minutes ago")
    axes.set_ylim(bottom=0)
    axes.legend(loc="upper left")


def _latency(axes: Axes, stats: AdminStats) -> None:
    axes.set_title("Latency per command (ms)")
    rows = stats.command_latency[:MAX_LATENCY_BARS]
    if not rows:
        _no_data(axes)
        return
    names = [row.name for row in rows]
    positions = range(len(rows))
    height = 0.4
    axes.barh(
        [p - height / 2 for p in positions],
        [row.p50_s * 1000 for row in rows],
        height=height,
        label="p50",
        color="#3498db",
    )
    axes.barh(
        [p + height / 2 for p in positions],
        [row.p95_s * 1000 for row in rows],
        height=height,
        label="p95",
        color="#9b59b6",
    )
    axes.set_yticks(list(positions), names)
    axes.invert_yaxis()  # the busiest command on top
    axes.legend(loc="lower right")


def _outcomes(axes: Axes, stats: AdminStats) -> None:
    axes.set_title("Jobs since start")
    counts = {
        "succeeded": stats.jobs_succeeded,
        "failed": stats.jobs_failed,
        "cancelled": stats.jobs_cancelled,
    }
    if all(v is None for v in counts.values()):
        _no_data(axes)
        return
    names = list(counts)
    values = [counts[n] or 0.0 for n in names]
    bars = axes.bar(names, values, color=[_OUTCOME_COLORS[n] for n in names])
    axes.bar_label(bars, labels=[f"{v:g}" for v in values])
    axes.set_ylim(bottom=0, top=max(1.0, max(values) * 1.2))
