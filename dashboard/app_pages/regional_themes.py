"""Themes across boards: which boards share a theme, and its trend (issue 6, item 4)."""
from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import db, errors, tables
from dashboard import regional_data as rd
from dashboard.app_pages._regional_common import open_regional_page


def body() -> None:
    if not open_regional_page("Themes across boards"):
        return
    table = rd.theme_table(db.query)
    st.subheader("Regional theme table")
    tables.show_table(table.drop("theme_key"), "Regional themes",
                      "No board has shared statements with confirmed themes yet.",
                      column_config={"boards": "Boards sharing it", "which_boards": "Which boards",
                                     "statements": "Statements", "sources": "Reviews and audits"})
    if table.is_empty():
        return
    st.subheader("Trend")
    labels = dict(zip(table["theme_key"], table["theme"]))
    chosen = st.multiselect("Themes", list(labels), default=list(labels)[:5], format_func=labels.get,
                            key="regional_theme", bind="query-params")
    trend = rd.theme_trend(db.query, chosen or None)
    fig = px.line(trend.to_pandas(), x="year", y="statements", color="theme", markers=True,
                  title="Statements per theme by year of the review or audit")
    fig.update_xaxes(dtick=1)
    st.plotly_chart(fig, width="stretch")
    tables.show_table(trend, "Regional theme trend", "No dated statements for these themes.")


errors.run_page(body, "the regional themes")
