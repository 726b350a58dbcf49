"""Themes: what the board's reviews keep teaching (issue 4, point 3). Confirmed themes
are counted (RULES.md "Themes"); the model's suggestions are shown apart, never added.
Figures come from etl.themes.analytics; this page only shapes and draws."""
from __future__ import annotations

import plotly.express as px
import polars as pl
import streamlit as st

from dashboard import db, ui
from dashboard.tables import show_table
from etl.themes import analytics as ta

CROSS = {"Board": "board", "Agency": "agency", "Child's age band": "child_age_band",
         "Incident type": "incident_type"}


def labels() -> dict[str, str]:
    df = db.query("SELECT key, label FROM typology ORDER BY key")
    return dict(zip(df["key"], df["label"]))


def heatmap(table: pl.DataFrame, by: str, title: str):
    wide = table.pivot(on=by, index="theme_label", values="statements").fill_null(0).sort("theme_label")
    cols = [c for c in wide.columns if c != "theme_label"]
    fig = px.imshow(wide.select(cols).to_numpy(), x=cols, y=wide["theme_label"].to_list(),
                    text_auto=True, aspect="auto", color_continuous_scale="Blues",
                    labels={"color": "Statements"}, title=title)
    fig.update_layout(height=max(350, 24 * wide.height))
    return fig


def body() -> None:
    viewer, f, scope = ui.context()
    ui.header("Themes", f, "Confirmed themes of learning points and recommendations. "
              "Suggestions from the theme model are shown in their own column and are not "
              "counted until a person accepts them (Theme review page).")
    can_export = getattr(viewer, "can_export", True)
    boards = list(scope.boards)
    rows = ta.confirmed(db.query, boards)
    names = labels()
    tabs = st.tabs(["Per theme", "Trend", "Heatmaps", "Co-occurrence", "This year and last",
                    "Statements"])
    with tabs[0]:
        table = ta.per_theme(rows, ta.suggested_counts(db.query, boards), names)
        show_table(table.drop("theme"), "Themes", "No statements recorded for this selection.",
                   key="per-theme", can_export=can_export,
                   column_config={"theme_label": "Theme", "statements": "Statements (confirmed)",
                                  "reviews_and_audits": "Reviews and audits (confirmed)",
                                  "suggested": "Untagged statements with this suggestion"})
    with tabs[1]:
        tr = ta.trend(rows)
        if tr.is_empty():
            st.info("No dated statements with confirmed themes.")
        else:
            top = (tr.group_by("theme_label").agg(pl.col("statements").sum())
                   .sort("statements", descending=True)["theme_label"].to_list())
            chosen = st.multiselect("Themes", top, default=top[:5], key="themes-trend")
            fig = px.line(tr.filter(pl.col("theme_label").is_in(chosen)).to_pandas(), x="year",
                          y="statements", color="theme_label", markers=True,
                          title="Statements per theme by year of the review or audit",
                          labels={"theme_label": "Theme", "statements": "Statements", "year": "Year"})
            fig.update_xaxes(dtick=1)
            st.plotly_chart(fig, key="trend")
            show_table(tr, "Theme trend", "", key="trend-table", can_export=can_export)
    with tabs[2]:
        label = st.segmented_control("Theme by", list(CROSS), default="Board", key="themes-cross")
        by = CROSS[label or "Board"]
        ct = ta.crosstab(rows, by)
        if ct.is_empty():
            st.info(f"No confirmed themes with a recorded {label.lower()}.")
        else:
            st.plotly_chart(heatmap(ct, by, f"Statements per theme and {label.lower()}"),
                            key=f"heat-{by}")
            show_table(ct, f"Themes by {label.lower()}", "", key=f"heat-table-{by}",
                       can_export=can_export)
    with tabs[3]:
        show_table(ta.co_occurrence(rows), "Themes found together",
                   "No statement has two confirmed themes.", key="cooc", can_export=can_export,
                   column_config={"statements": "Statements with both"})
    with tabs[4]:
        year = f.as_of.year
        st.caption(f"Calendar year {year} (reviews and audits dated in it) against {year - 1}.")
        show_table(ta.year_on_year(rows, year), "Themes this year and last",
                   "No dated statements with confirmed themes.", key="yoy", can_export=can_export)
    with tabs[5]:
        pick = st.selectbox("Theme", list(names), format_func=names.get, key="themes-drill")
        drill = rows.filter(pl.col("theme") == pick).select(
            "board", "source_id", "source_title", "source_date", "kind", "statement_id", "text",
            "origin")
        show_table(drill, f"Statements - {names.get(pick, pick)}",
                   "No confirmed statements for this theme.", key="drill", can_export=can_export,
                   column_config={"source_id": "Review or audit", "source_title": "Title",
                                  "origin": "Confirmed by"})


ui.run(body, "the Themes page")
