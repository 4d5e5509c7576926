"""The DNA chart is a real PNG, drawn off the event loop."""

from __future__ import annotations

import io

from matplotlib.image import imread

from tests.unit.tools.narrative.samples import make_dna
from tools.narrative.chart import render_chart_async


async def test_the_chart_is_a_png_of_sensible_size() -> None:
    png = await render_chart_async(make_dna())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    image = imread(io.BytesIO(png))
    height, width = image.shape[:2]
    assert 300 < height < 1000 and 700 < width < 1600


async def test_a_dna_with_a_single_theme_still_draws() -> None:
    png = await render_chart_async(make_dna(themes=[{"id": "greed", "score": 0.4}]))
    assert png.startswith(b"\x89PNG")
