"""Reviews: the register with stage and methodology, each statutory milestone marked on
time / met late / outstanding and late, a timeline, and counts by type and year."""
from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, db, ui
from dashboard.filters import long_date
from dashboard.tables import show_table

MILESTONE_NAMES = {"decision_date": "Decision", "panel_notified_date": "Panel notified",
                   "completed_date": "Completed", "published_date": "Published"}


def milestone_summary(ms: pl.DataFrame, f) -> None:
    late = ms.filter(pl.col("is_late_outstanding"))
    met_late = ms.filter(pl.col("is_met_late"))
    on_time = ms.filter(pl.col("is_on_time"))
    cols = st.columns(3)
    cols[0].metric("Milestones outstanding and late", late.height, border=True)
    cols[1].metric("Milestones met late", met_late.height, border=True)
    cols[2].metric("Milestones met on time", on_time.height, border=True)


def milestone_table(ms: pl.DataFrame, f, can_export: bool) -> None:
    st.subheader("Statutory milestones")
    shown = (ms.filter(pl.col("timeliness").is_not_null())
             .with_columns(pl.col("milestone").replace_strict(MILESTONE_NAMES, default=pl.col("milestone")))
             .select("board", "review_id", "title", "review_type", "milestone", "start_date", "deadline_rule",
                     "deadline", "milestone_date", "timeliness", "days_late"))
    show_table(shown, "Review milestones",
               f"No statutory milestone applies at {long_date(f.as_of)} for this selection.",
               key="milestones", can_export=can_export,
               column_config={"timeliness": st.column_config.TextColumn("Timeliness"),
                              "milestone_date": st.column_config.DateColumn("Happened on")})


def register(scope: db.Scope, f, can_export: bool) -> pl.DataFrame:
    st.subheader("Register")
    reviews = db.reviews(scope)
    show_table(reviews, "Review register", "No reviews recorded for this selection.", key="register",
               can_export=can_export)
    return reviews


def timeline(reviews: pl.DataFrame, f) -> None:
    st.subheader("Timeline")
    tl = (reviews.with_columns(
            start=pl.coalesce("notified_date", "decision_date", "initiated_date"),
            end=pl.coalesce("published_date", "completed_date"),
            label=pl.col("review_id") + " " + pl.col("title"), status=pl.col("stage"))
          .filter(pl.col("start").is_not_null() & (pl.col("start") <= f.as_of))
          .with_columns(end=pl.when(pl.col("end") > f.as_of).then(None).otherwise(pl.col("end")))
          .sort("start", descending=True).head(40))
    st.plotly_chart(charts.review_timeline(tl, f.as_of, "Reviews from notification to completion "
                                           "(latest 40; dashed line = quarter end)"), key="timeline")


def counts(scope: db.Scope, can_export: bool) -> None:
    st.subheader("Reviews by type and financial year of notification")
    df = db.review_counts(scope).with_columns(
        year=pl.format("{}/{}", pl.col("fy_start"), (pl.col("fy_start") + 1) % 100))
    st.plotly_chart(charts.grouped_counts(df, "year", "review_type", "reviews", "Reviews notified"),
                    key="counts")
    show_table(df.select("year", "review_type", "reviews"), "Reviews by type and year",
               "No reviews recorded for this selection.", key="counts-table", can_export=can_export)


def body() -> None:
    viewer, f, scope = ui.context()
    ui.header("Reviews", f)
    can_export = getattr(viewer, "can_export", True)
    ms = db.milestones(scope, f.as_of)
    milestone_summary(ms, f)
    tabs = st.tabs(["Milestones", "Register", "Timeline", "Counts"])
    with tabs[0]:
        milestone_table(ms, f, can_export)
    with tabs[1]:
        reviews = register(scope, f, can_export)
    with tabs[2]:
        timeline(reviews, f)
    with tabs[3]:
        counts(scope, can_export)


ui.run(body, "the Reviews page")
