"""Plotly figure builders shared by the dashboard pages and the reports.

WHY here: a chart drawn in a meeting and the same chart in the quarterly report must
look alike and mean the same. Rules every builder follows:
- colour is never the only signal: every bar carries a text label (RAG and grade names
  appear in the labels/legend), so the charts read in greyscale and for colour-blind
  viewers; the palette is Okabe–Ito (colour-blind safe);
- projector-readable: large fonts, thick lines, no chart junk;
- builders take tidy polars frames and return a `go.Figure`; they compute nothing that
  is a business rule (the warehouse does that).
"""
from __future__ import annotations

from datetime import date
from typing import Sequence

import plotly.graph_objects as go
import polars as pl

# Okabe–Ito colour-blind-safe palette.
RAG_COLOURS = {"Red": "#D55E00", "Amber": "#E69F00", "Green": "#009E73", "Blue": "#0072B2",
               "None": "#999999"}
RAG_ORDER = ("Red", "Amber", "Green", "Blue")
GRADE_COLOURS = {"Outstanding": "#0072B2", "Good": "#009E73", "Requires improvement": "#E69F00",
                 "Inadequate": "#D55E00"}
GRADE_ORDER = ("Outstanding", "Good", "Requires improvement", "Inadequate")
MILESTONE_COLOURS = {"On time": "#009E73", "Met late": "#E69F00", "Outstanding and late": "#D55E00",
                     "Not yet due": "#56B4E9"}
STATUS_COLOURS = {"Target met": "#0072B2", "Improving": "#009E73", "No change": "#999999",
                  "Worsening": "#D55E00", "No baseline": "#CC79A7", "No data": "#BBBBBB"}
NEUTRAL = "#0072B2"
SECOND = "#56B4E9"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=17, color="#1A1A1A")


def _layout(fig: go.Figure, title: str | None = None, height: int = 380, **kw) -> go.Figure:
    fig.update_layout(template="plotly_white", font=FONT, height=height,
                      title=dict(text=title, font=dict(size=20)) if title else None,
                      margin=dict(l=10, r=20, t=60 if title else 20, b=10),
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
                      hoverlabel=dict(font_size=16), **kw)
    return fig


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font=dict(size=18))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height=200)


def rag_bar(counts: pl.DataFrame, title: str = "Open actions by derived RAG") -> go.Figure:
    """Counts per RAG (`rag`, `n`): one bar each, labelled with name and count."""
    lookup = dict(zip(counts["rag"].to_list(), counts["n"].to_list())) if counts.height else {}
    names = [r for r in RAG_ORDER if r in lookup]
    fig = go.Figure(go.Bar(
        x=[lookup[r] for r in names], y=names, orientation="h",
        marker_color=[RAG_COLOURS[r] for r in names],
        text=[f"{r}: {lookup[r]}" for r in names], textposition="auto",
        insidetextfont=dict(color="white"), hovertemplate="%{y}: %{x}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title="Actions")
    return _layout(fig, title, height=max(220, 70 * len(names) + 120))


def rate_bars(df: pl.DataFrame, category: str, value: str, title: str, *,
              suffix: str = "%", colour: str = NEUTRAL, height: int | None = None) -> go.Figure:
    """Horizontal bars of a rate per category, each labelled with its value."""
    if df.is_empty():
        return empty_figure("No data for this selection")
    df = df.sort(value, descending=False, nulls_last=False)
    vals = df[value].to_list()
    fig = go.Figure(go.Bar(
        x=vals, y=df[category].to_list(), orientation="h", marker_color=colour,
        text=[("–" if v is None else f"{v:.1f}{suffix}" if isinstance(v, float) else f"{v}{suffix}")
              for v in vals],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x}" + suffix + "<extra></extra>"))
    fig.update_xaxes(title=None, range=[0, 110] if suffix == "%" else None)
    fig.update_yaxes(title=None)
    return _layout(fig, title, height=height or max(240, 38 * df.height + 110))


def grouped_counts(df: pl.DataFrame, x: str, colour_by: str, y: str, title: str,
                   colours: dict[str, str] | None = None, order: Sequence[str] | None = None) -> go.Figure:
    """Stacked counts of `y` per `x`, split by `colour_by`, each segment labelled."""
    if df.is_empty():
        return empty_figure("No data for this selection")
    palette = colours or {}
    groups = list(order or sorted(df[colour_by].unique().to_list()))
    fallback = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
    fig = go.Figure()
    for i, g in enumerate(groups):
        part = df.filter(pl.col(colour_by) == g)
        if part.is_empty():
            continue
        fig.add_bar(x=[str(v) for v in part[x].to_list()], y=part[y].to_list(), name=str(g),
                    marker_color=palette.get(g, fallback[i % len(fallback)]),
                    text=part[y].to_list(), textposition="inside")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", title=None)
    fig.update_yaxes(title=y.replace("_", " ").capitalize())
    return _layout(fig, title)


def grade_shares(df: pl.DataFrame, label: str, title: str = "Grade shares") -> go.Figure:
    """Stacked 100% bars of grade shares (`label`, `grade`, `share`) with % labels."""
    if df.is_empty():
        return empty_figure("No graded cases for this selection")
    fig = go.Figure()
    labels = list(dict.fromkeys(df[label].to_list()))
    for grade in GRADE_ORDER:
        part = df.filter(pl.col("grade") == grade)
        share = dict(zip(part[label].to_list(), part["share"].to_list()))
        vals = [share.get(lab, 0.0) for lab in labels]
        fig.add_bar(y=labels, x=vals, name=grade, orientation="h",
                    marker_color=GRADE_COLOURS[grade],
                    text=[f"{v:.1f}%" if v and v >= 6 else "" for v in vals],
                    textposition="inside", insidetextfont=dict(color="white"),
                    hovertemplate="%{y}<br>" + grade + ": %{x:.1f}%<extra></extra>")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(range=[0, 100], title="% of graded rows", ticksuffix="%")
    fig.update_yaxes(autorange="reversed", title=None)
    return _layout(fig, title, height=max(240, 48 * len(labels) + 140))


def grade_trend(df: pl.DataFrame, title: str = "Grades across audits") -> go.Figure:
    """Share of each grade per audit over time (`reported_date`, `grade`, `share`)."""
    if df.is_empty():
        return empty_figure("No graded audits for this selection")
    fig = go.Figure()
    symbols = {"Outstanding": "star", "Good": "circle", "Requires improvement": "diamond",
               "Inadequate": "x"}
    for grade in GRADE_ORDER:
        part = df.filter(pl.col("grade") == grade).sort("reported_date")
        if part.is_empty():
            continue
        fig.add_scatter(x=part["reported_date"].to_list(), y=part["share"].to_list(), name=grade,
                        mode="lines+markers", line=dict(width=3, color=GRADE_COLOURS[grade]),
                        marker=dict(size=10, symbol=symbols[grade]))
    fig.update_yaxes(title="% of graded rows", ticksuffix="%", range=[0, 100])
    return _layout(fig, title)


def run_chart(values: pl.DataFrame, *, name: str, unit: str | None, baseline: float | None,
              target: float | None, as_of: date | None = None) -> go.Figure:
    """A measure's values over time with baseline and target lines, labelled in the legend."""
    if values.is_empty():
        return empty_figure("No values reported for this measure yet")
    vals = values.sort("period_end")
    suffix = f" {unit}" if unit and unit != "%" else (unit or "")
    fig = go.Figure()
    fig.add_scatter(x=vals["period_end"].to_list(), y=vals["value"].to_list(), name="Value",
                    mode="lines+markers+text", line=dict(width=3, color=NEUTRAL), marker=dict(size=10),
                    text=[f"{v:g}{suffix}" for v in vals["value"].to_list()], textposition="top center")
    if baseline is not None:
        fig.add_hline(y=baseline, line=dict(dash="dash", width=2, color="#555555"),
                      annotation_text=f"Baseline {baseline:g}{suffix}", annotation_position="bottom left")
    if target is not None:
        fig.add_hline(y=target, line=dict(dash="dot", width=3, color="#009E73"),
                      annotation_text=f"Target {target:g}{suffix}", annotation_position="top left")
    if as_of is not None:
        fig.add_vline(x=as_of, line=dict(width=1, color="#999999"))
    fig.update_yaxes(title=unit or "Value")
    return _layout(fig, name, height=340, showlegend=False)


def review_timeline(df: pl.DataFrame, as_of: date, title: str = "Reviews over time") -> go.Figure:
    """One bar per review from its first date to its end (or the as-of date), by status."""
    if df.is_empty():
        return empty_figure("No reviews for this selection")
    fig = go.Figure()
    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
    for i, status in enumerate(sorted(df["status"].unique().to_list())):
        part = df.filter(pl.col("status") == status)
        starts = part["start"].to_list()
        ends = [e or as_of for e in part["end"].to_list()]
        fig.add_bar(base=starts, x=[(e - s).days * 86_400_000 for s, e in zip(starts, ends)],
                    y=part["label"].to_list(), orientation="h", name=status,
                    marker_color=palette[i % len(palette)],
                    hovertemplate="%{y}<br>" + status + "<extra></extra>")
    fig.add_vline(x=as_of, line=dict(width=2, dash="dash", color="#333333"))
    fig.update_xaxes(type="date")
    fig.update_yaxes(autorange="reversed", title=None)
    return _layout(fig, title, height=max(260, 28 * df.height + 140), barmode="overlay")
