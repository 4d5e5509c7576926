"""The DNA as a picture: a radar of theme scores and a beat timeline, as PNG bytes.

Drawn with matplotlib's object API on the Agg canvas (no pyplot global state), so it is safe on a
worker thread; callers on the event loop use `render_chart_async`, which runs it off the loop.
"""

from __future__ import annotations

import asyncio
import io
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from tools.narrative.schema import NarrativeDNA
from tools.narrative.vocab import vocabulary

__all__ = ["render_chart", "render_chart_async"]

WORKING = "#e67e22"
DONE = "#27ae60"
TURN = "#c0392b"
INK = "#2c3e50"


def render_chart(dna: NarrativeDNA) -> bytes:
    fig = Figure(figsize=(11, 4.6), dpi=100)
    FigureCanvasAgg(fig)
    fig.suptitle(_title(dna), fontsize=12, color=INK)
    _radar(fig, dna)
    _timeline(fig, dna)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


async def render_chart_async(dna: NarrativeDNA) -> bytes:
    return await asyncio.to_thread(render_chart, dna)


def _title(dna: NarrativeDNA) -> str:
    year = f" ({dna.work.year})" if dna.work.year else ""
    tone = ", ".join(dna.tone.labels)
    return (
        f"{dna.work.title}{year} — tone: {tone} (valence {dna.tone.valence:+.2f}, "
        f"intensity {dna.tone.intensity:.2f})"
    )


def _radar(fig: Figure, dna: NarrativeDNA) -> None:
    ax = fig.add_subplot(1, 2, 1, projection="polar")
    labels = [t.id.replace("_", " ") for t in dna.themes]
    scores = [t.score for t in dna.themes]
    while len(labels) < 3:  # a radar needs at least three spokes
        labels.append("")
        scores.append(0.0)
    angles = [2 * math.pi * i / len(labels) for i in range(len(labels))]
    ax.plot([*angles, angles[0]], [*scores, scores[0]], color=DONE, linewidth=2)
    ax.fill([*angles, angles[0]], [*scores, scores[0]], color=DONE, alpha=0.25)
    ax.set_xticks(angles)
    ax.set_xticklabels(labels, fontsize=8)
    ax.set_ylim(0, 1)
    ax.set_yticks([0.25, 0.5, 0.75])
    ax.set_yticklabels([])
    ax.set_title("themes", fontsize=10, color=INK)


def _timeline(fig: Figure, dna: NarrativeDNA) -> None:
    ax = fig.add_subplot(1, 2, 2)
    vocab = vocabulary()
    framework = dna.structure.framework
    turning = {t.beat for t in dna.structure.turning_points}
    ax.axhline(0, color=INK, linewidth=1)
    for i, beat in enumerate(dna.structure.beats):
        color = TURN if beat.id in turning else WORKING
        height = 0.35 + 0.3 * (i % 3)
        sign = 1 if i % 2 == 0 else -1
        ax.plot([beat.position], [0], "o", color=color, alpha=0.35 + 0.65 * beat.confidence)
        ax.plot([beat.position, beat.position], [0, sign * height], color=color, linewidth=0.8)
        ax.text(
            beat.position,
            sign * (height + 0.05),
            vocab.beat(framework, beat.id).label,
            ha="center",
            va="bottom" if sign > 0 else "top",
            fontsize=7,
            rotation=20,
            color=INK,
        )
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-1.4, 1.4)
    ax.set_yticks([])
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xticklabels(["start", "", "middle", "", "end"], fontsize=8)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(
        f"beats ({framework.replace('_', ' ')}; red = turning point)", fontsize=10, color=INK
    )
