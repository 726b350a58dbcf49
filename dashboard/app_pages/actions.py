"""Actions: the exception list by owner agency, rates per agency and per review, slippage,
ageing, the chase list of missing returns, and one action's full history."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, db, ui
from dashboard.filters import long_date
from dashboard.tables import show_table

RAG_COLUMNS = {
    "derived_rag": st.column_config.TextColumn("Derived RAG", help="From the dates (RULES.md)"),
    "reported_rag": st.column_config.TextColumn("Reported RAG", help="As reported on the latest return"),
}


def exceptions(scope: db.Scope, f, can_export: bool) -> None:
    st.subheader("Exception list")
    st.caption("Open actions that are overdue, or whose latest return reports Red — grouped by "
               "owner agency, longest overdue first.")
    df = db.exception_list(scope, f.as_of)
    if df.height:
        per_agency = df.group_by("owner_agency").len("actions").sort("actions", descending=True)
        st.write(" · ".join(f"**{a}**: {n}" for a, n in per_agency.iter_rows()))
    show_table(df, "Exception list", f"No actions are overdue or reported Red at {long_date(f.as_of)}.",
               key="exceptions", can_export=can_export,
               column_config={**RAG_COLUMNS, "days_overdue": st.column_config.NumberColumn("Days overdue"),
                              "due_date": st.column_config.DateColumn("Original due"),
                              "effective_due_date": st.column_config.DateColumn("Effective due"),
                              "latest_note": st.column_config.TextColumn("Latest note", width="large")})


def rates(scope: db.Scope, f, can_export: bool) -> None:
    st.subheader("Completion and overdue rates")
    st.caption("Completion rate = completed ÷ (existing − cancelled); overdue rate = overdue ÷ open, "
               f"at {long_date(f.as_of)}.")
    agency = db.agency_rates(scope, f.as_of)
    left, right = st.columns(2)
    left.plotly_chart(charts.rate_bars(agency.drop_nulls("completion_rate_pct"), "owner_agency",
                                       "completion_rate_pct", "Completion rate by agency"),
                      key="chart-completion")
    right.plotly_chart(charts.rate_bars(agency.drop_nulls("overdue_rate_pct"), "owner_agency",
                                        "overdue_rate_pct", "Overdue rate by agency", colour="#D55E00"),
                       key="chart-overdue")
    show_table(agency, "Rates by agency", f"No actions exist at {long_date(f.as_of)}.",
               key="agency-rates", can_export=can_export)
    st.markdown("**By review or audit**")
    show_table(db.source_rates(scope, f.as_of), "Rates by review",
               f"No actions exist at {long_date(f.as_of)}.", key="source-rates", can_export=can_export)


def slippage_and_ageing(scope: db.Scope, f, can_export: bool) -> None:
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Slipped actions")
        st.caption("Open actions whose effective due date is later than the original due date.")
        show_table(db.slipped(scope, f.as_of), "Slipped actions",
                   f"No open actions have slipped at {long_date(f.as_of)}.", key="slipped",
                   can_export=can_export)
    with right:
        st.subheader("Ageing of open actions")
        age = db.ageing(scope, f.as_of)
        if age.is_empty():
            st.info(f"No open actions at {long_date(f.as_of)}.")
        else:
            st.plotly_chart(charts.rate_bars(age.sort("bucket_order", descending=True), "bucket", "n",
                                             "Open actions by days overdue", suffix="",
                                             height=320), key="chart-ageing")


def chase_list(scope: db.Scope, f, can_export: bool) -> None:
    st.subheader("Chase list: returns missing this quarter")
    st.caption(f"Actions open at both {long_date(f.quarter.start)} and {long_date(f.as_of)} with no "
               "progress return dated inside the quarter.")
    missing = db.returns_missing(scope, f.quarter.start, f.as_of)
    show_table(missing, "Returns missing", f"No progress returns are missing for {f.quarter.label}.",
               key="missing", can_export=can_export)
    st.markdown("**Return rate by agency over the last four quarters**")
    show_table(db.return_rates(scope, f.as_of), "Return rates",
               "No returns were expected in the last four quarters.", key="return-rates",
               can_export=can_export,
               column_config={"return_rate_pct": st.column_config.NumberColumn("Return rate %",
                                                                              format="%.1f%%")})


def history(scope: db.Scope, f, can_export: bool) -> None:
    st.subheader("Action history")
    ids = sorted(db.action_status(scope, f.as_of)["action_id"].to_list())
    chosen = st.selectbox("Show the whole history of action", ids, index=None, key="action",
                          bind="query-params", placeholder="Choose an action")
    if not chosen:
        st.caption("Choose an action to see every return and every change made by loads.")
        return
    returns, changes = db.action_history(scope, chosen)
    st.markdown(f"**Returns for {chosen}** (including any dated after {long_date(f.as_of)})")
    show_table(returns, f"Returns {chosen}", f"No progress returns have been loaded for {chosen}.",
               key="history-returns", can_export=can_export)
    st.markdown(f"**Changes made by loads to {chosen}**")
    show_table(changes, f"Changes {chosen}", f"No load has changed {chosen} since it was first loaded.",
               key="history-changes", can_export=can_export)


def body() -> None:
    viewer, f, scope = ui.context()
    ui.header("Actions", f)
    can_export = getattr(viewer, "can_export", True)
    tabs = st.tabs(["Exceptions", "Rates", "Slippage and ageing", "Chase list", "History"])
    with tabs[0]:
        exceptions(scope, f, can_export)
    with tabs[1]:
        rates(scope, f, can_export)
    with tabs[2]:
        slippage_and_ageing(scope, f, can_export)
    with tabs[3]:
        chase_list(scope, f, can_export)
    with tabs[4]:
        history(scope, f, can_export)


ui.run(body, "the Actions page")
