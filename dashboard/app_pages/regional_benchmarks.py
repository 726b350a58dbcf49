"""Benchmarks across boards: action completion and overdue rates, review timeliness,
audit grade shares, measure statuses — each board as it chose to appear."""
from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, db, errors, tables
from dashboard import regional_data as rd
from dashboard.app_pages._regional_common import open_regional_page


def body() -> None:
    if not open_regional_page("Benchmarks across boards"):
        return
    bench = rd.benchmarks(db.query)
    st.caption("Rates are computed by each board on its exact counts and left blank when "
               "fewer than 5 items lie behind them.")
    cols = st.columns(3)
    for col, (value, title) in zip(cols, (("completion_rate_pct", "Actions completed (%)"),
                                           ("overdue_rate_pct", "Open actions overdue (%)"),
                                           ("timeliness_rate_pct", "Review milestones on time (%)"))):
        col.plotly_chart(charts.rate_bars(bench.filter(pl.col(value).is_not_null()), "board", value, title),
                         width="stretch", key=f"chart-{value}")
    tables.show_table(bench, "Regional benchmarks", "No board has shared figures yet.")
    st.subheader("Audit grade shares")
    grades = bench.select("board", "grade_rows", "outstanding_pct", "good_pct",
                          "requires_improvement_pct", "inadequate_pct")
    tables.show_table(grades, "Regional grade shares", "No graded audits shared.")
    st.subheader("Impact measures by status")
    tables.show_table(rd.measure_statuses(db.query), "Regional measure statuses", "No measures shared.")


errors.run_page(body, "the regional benchmarks")
