"""Charts drawn through one Kaleido browser; without a browser, no crash and a warning."""
from __future__ import annotations

import plotly.graph_objects as go

from dashboard.report.images import ChartRenderer
from dashboard.report.model import Chart


def _fig(n: int) -> go.Figure:
    return go.Figure(go.Scatter(x=[1, 2, 3], y=[n, n + 1, n - 1]), layout=dict(title=f"Chart {n}"))


def test_one_browser_draws_png_and_svg_for_many_charts():
    charts = [Chart(f"c{i}", _fig(i), f"chart {i}", width=400, height=250) for i in range(6)]
    with ChartRenderer() as r:
        r.prerender(charts)
        first_kaleido = r._kaleido
        pngs = [r.render(c.figure, "png", c.width, c.height, key=c.key) for c in charts]
        svgs = [r.render(c.figure, "svg", c.width, c.height, key=c.key) for c in charts]
        assert r._kaleido is first_kaleido  # the same browser throughout
        again = r.render(_fig(0), "png", 400, 250)  # drawn fresh, not from the cache
    assert all(p[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    assert all(b"<svg" in s[:300] for s in svgs)
    assert again == pngs[0]  # reusing a tab gives the same image as a fresh one
    assert len(set(pngs)) == 6
    assert r.warnings == []


def test_missing_browser_gives_none_and_one_warning(tmp_path):
    with ChartRenderer(browser=tmp_path / "no-chromium") as r:
        assert r.render(_fig(1), "png", 400, 250) is None
        r.prerender([Chart("x", _fig(2), "x")])
        assert r.render(_fig(3), "svg", 400, 250) is None
    assert len(r.warnings) == 1 and "no Chromium browser" in r.warnings[0]
