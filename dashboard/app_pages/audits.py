"""Audits: grade shares per audit and per domain, the trend across audits, the per-agency
view, and the comparison when a topic is re-audited."""
from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, db, ui
from dashboard.filters import long_date
from dashboard.tables import show_table

GRADE_PCT = {"Outstanding": "outstanding_pct", "Good": "good_pct",
             "Requires improvement": "requires_improvement_pct", "Inadequate": "inadequate_pct"}


def tidy(df: pl.DataFrame, *keys: str) -> pl.DataFrame:
    """Wide <grade>_pct columns to tidy (keys…, grade, share) rows for the charts."""
    if df.is_empty():
        return pl.DataFrame(schema={**{k: pl.Utf8 for k in keys}, "grade": pl.Utf8, "share": pl.Float64})
    return pl.concat([df.select(*keys, pl.lit(g).alias("grade"), pl.col(c).alias("share"))
                      for g, c in GRADE_PCT.items()])


def per_audit(shares: pl.DataFrame, f, can_export: bool) -> None:
    st.subheader("Grade shares per audit")
    st.caption("Percentage of each audit's graded rows (case × agency × domain) at each grade, "
               "rounded to 1 decimal place; shares need not total exactly 100.")
    labelled = shares.with_columns(label=pl.col("audit_id") + " " + pl.col("title"))
    st.plotly_chart(charts.grade_shares(tidy(labelled.head(15), "label"), "label",
                                        "Grade shares (latest 15 audits)"), key="per-audit")
    show_table(shares.select("board", "audit_id", "title", "audit_type", "reported_date", "cases_audited",
                             "graded_rows", *GRADE_PCT.values()),
               "Audit grade shares", f"No graded audits reported by {long_date(f.as_of)}.",
               key="shares", can_export=can_export)


def trend(shares: pl.DataFrame) -> None:
    st.subheader("Trend across audits")
    dated = shares.filter(pl.col("reported_date").is_not_null())
    st.plotly_chart(charts.grade_trend(tidy(dated, "reported_date")), key="trend")


def breakdown(scope: db.Scope, f, dimension: str, can_export: bool) -> None:
    df = db.audit_shares_by(scope, dimension, f.as_of)
    name = "domain" if dimension == "domain" else "agency"
    st.subheader(f"Grade shares by {name}")
    if df.is_empty():
        st.info(f"No graded audit rows by {name} for this selection at {long_date(f.as_of)}.")
        return
    audits = df.select("audit_id", "title").unique(maintain_order=True)
    options = audits["audit_id"].to_list()
    titles = dict(audits.iter_rows())
    pick = st.selectbox("Audit", options, index=len(options) - 1, key=f"audit-{dimension}",
                        format_func=lambda a: f"{a} {titles.get(a, '')}")
    one = df.filter(pl.col("audit_id") == pick)
    st.plotly_chart(charts.grade_shares(tidy(one, "group_value"), "group_value",
                                        f"{pick}: grade shares by {name}"), key=f"by-{dimension}")
    show_table(df.select("board", "audit_id", "title", pl.col("group_value").alias(name), "graded_rows",
                         *GRADE_PCT.values()),
               f"Grade shares by {name}", f"No graded rows by {name}.", key=f"table-{dimension}",
               can_export=can_export)


def reaudits(scope: db.Scope, f, can_export: bool) -> None:
    st.subheader("Re-audited topics")
    df = db.reaudits(scope, f.as_of)
    if df.is_empty():
        st.info(f"No topic has been audited more than once by {long_date(f.as_of)}.")
        return
    labelled = df.with_columns(label=pl.col("topic") + " — round " + pl.col("round").cast(pl.Utf8)
                               + " (" + pl.col("audit_id") + ")")
    st.plotly_chart(charts.grade_shares(tidy(labelled, "label"), "label", "First audit and re-audits"),
                    key="reaudit")
    show_table(df, "Re-audit comparison", "No re-audited topics.", key="reaudit-table",
               can_export=can_export)


def body() -> None:
    viewer, f, scope = ui.context()
    ui.header("Audits", f)
    can_export = getattr(viewer, "can_export", True)
    shares = db.audit_shares(scope, f.as_of)
    in_quarter = shares.filter(pl.col("reported_date").is_between(f.quarter.start, f.as_of))
    cols = st.columns(3)
    cols[0].metric("Graded audits reported this quarter", in_quarter.height, border=True)
    cols[1].metric("Graded audits to date", shares.height, border=True)
    cols[2].metric("Graded rows to date", int(shares["graded_rows"].sum()) if shares.height else 0,
                   border=True)
    tabs = st.tabs(["Per audit", "Trend", "By domain", "By agency", "Re-audits"])
    with tabs[0]:
        per_audit(shares, f, can_export)
    with tabs[1]:
        trend(shares)
    with tabs[2]:
        breakdown(scope, f, "domain", can_export)
    with tabs[3]:
        breakdown(scope, f, "agency", can_export)
    with tabs[4]:
        reaudits(scope, f, can_export)


ui.run(body, "the Audits page")
