"""Impact measures: a run chart per measure with baseline and target, its status, what it
evidences, and the status of the actions linked to it."""
from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, db, ui
from dashboard.filters import long_date
from dashboard.tables import show_table

STATUS_ORDER = ("Worsening", "No change", "No baseline", "No data", "Improving", "Target met")


def summary(status: pl.DataFrame) -> None:
    counts = dict(status.group_by("status").len().iter_rows()) if status.height else {}
    cols = st.columns(len(STATUS_ORDER))
    for col, name in zip(cols, STATUS_ORDER):
        col.metric(name, counts.get(name, 0), border=True)


def evidences(row: dict) -> str:
    if not row["source_id"]:
        return "Not linked to a review, audit or recommendation."
    if row["evidences_title"]:
        return f"Evidences {row['evidences_type']} **{row['source_id']}** ({row['evidences_title']})."
    if row["evidences_recommendation"]:
        return f"Evidences recommendation **{row['source_id']}**: {row['evidences_recommendation']}"
    return f"Evidences **{row['source_id']}**."


def one_measure(row: dict, values: pl.DataFrame, actions: pl.DataFrame, f, can_export: bool) -> None:
    mid = row["measure_id"]
    latest = ("no value yet" if row["latest_value"] is None else
              f"latest {row['latest_value']:g} ({long_date(row['latest_period_end'])})")
    with st.container(border=True):
        st.markdown(f"#### {mid} · {row['name']} — **{row['status']}**")
        st.caption(f"{row['board']} · better is {row['better']} · {latest} · baseline "
                   f"{'—' if row['baseline'] is None else format(row['baseline'], 'g')} · target "
                   f"{'—' if row['target'] is None else format(row['target'], 'g')}. {evidences(row)}")
        st.plotly_chart(charts.run_chart(values.filter(pl.col("measure_id") == mid), name=row["name"],
                                         unit=row["unit"], baseline=row["baseline"], target=row["target"],
                                         title=False),
                        key=f"run-{mid}")
        linked = actions.filter(pl.col("measure_id") == mid).drop("measure_id")
        show_table(linked, f"Actions for {mid}", f"No actions are linked to {mid}.", key=f"actions-{mid}",
                   can_export=can_export)


def body() -> None:
    viewer, f, scope = ui.context()
    ui.header("Impact measures", f)
    can_export = getattr(viewer, "can_export", True)
    status = db.measure_status(scope, f.as_of)
    summary(status)
    show_table(status.select("board", "measure_id", "name", "unit", "better", "baseline", "target",
                             "latest_value", "latest_period_end", "status", "source_id"),
               "Measure status", "No impact measures recorded for this selection.", key="status",
               can_export=can_export)
    if status.is_empty():
        return
    names = dict(status.select("measure_id", "name").iter_rows())
    picked = st.multiselect("Measures to chart", list(names), default=list(names)[:6], key="measure",
                            bind="query-params", format_func=lambda m: f"{m} {names.get(m, '')}")
    values = db.measure_values(scope, f.as_of)
    actions = db.measure_actions(scope, f.as_of)
    for row in status.filter(pl.col("measure_id").is_in(picked)).iter_rows(named=True):
        one_measure(row, values, actions, f, can_export)


ui.run(body, "the Impact measures page")
