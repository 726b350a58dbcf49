"""Overview: the headline figures at the quarter end with the previous quarter beside
them, the latest audit's grades, and what needs the committee's attention."""
from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, db, ui
from dashboard.filters import long_date


def action_figures(scope: db.Scope, quarter) -> tuple[dict, dict]:
    """Headline action/review/measure counts now and at the previous quarter end."""
    out = []
    for q in (quarter, quarter.previous()):
        counts = db.action_counts(scope, q.end)
        counts["completed"] = db.completed_in(scope, q.start, q.end).height
        counts["in_progress"] = db.reviews_in_progress(scope, q.end).height
        ms = db.milestones(scope, q.end)
        counts["late_milestones"] = int(ms["is_late_outstanding"].sum()) if ms.height else 0
        status = db.measure_status(scope, q.end)["status"].to_list()
        counts["improving"] = status.count("Improving")
        counts["target_met"] = status.count("Target met")
        counts["worsening"] = status.count("Worsening")
        out.append(counts)
    return out[0], out[1]


def headlines(now: dict, before: dict) -> None:
    row1 = st.columns(4)
    ui.headline(row1[0], "Open actions", now["open"], before["open"], lower_is_better=True,
                help="Actions that exist, are not completed and not cancelled at the quarter end.")
    ui.headline(row1[1], "Overdue actions", now["overdue"], before["overdue"],
                help="Open actions whose effective due date is before the quarter end.")
    ui.headline(row1[2], "Completed this quarter", now["completed"], before["completed"],
                lower_is_better=False, help="Actions whose completion date falls in the quarter.")
    ui.headline(row1[3], "Slipped actions", now["slipped"], before["slipped"],
                help="Open actions whose effective due date is later than the original due date.")
    row2 = st.columns(4)
    ui.headline(row2[0], "Reviews in progress", now["in_progress"], before["in_progress"],
                lower_is_better=False,
                help="Started (initiated or decided) and neither completed nor published by the quarter end.")
    ui.headline(row2[1], "Late review milestones", now["late_milestones"], before["late_milestones"],
                help="Statutory milestones that apply, have not happened and are past their deadline.")
    ui.headline(row2[2], "Measures improving", now["improving"], before["improving"],
                lower_is_better=False, help="Impact measures with status Improving (better than baseline, target not met). "
                f"Target met: {now['target_met']}.")
    ui.headline(row2[3], "Measures worsening", now["worsening"], before["worsening"],
                help="Impact measures worse than their baseline (and short of target).")


def latest_audit(scope: db.Scope, as_of) -> None:
    shares = db.audit_shares(scope, as_of)
    st.subheader("Latest audit grades")
    if shares.is_empty():
        st.info(f"No graded audit reported by {long_date(as_of)}.")
        return
    latest = shares.head(1)
    row = latest.row(0, named=True)
    st.write(f"**{row['title']}** ({row['audit_id']}, {row['board']}), reported "
             f"{long_date(row['reported_date'])}: {row['graded_rows']} graded rows.")
    tidy = _tidy_shares(latest, "audit_id")
    st.plotly_chart(charts.grade_shares(tidy, "audit_id", "Grade shares (% of graded rows)"),
                    key="overview-grades")


def _tidy_shares(df: pl.DataFrame, label: str) -> pl.DataFrame:
    """Wide <grade>_pct columns to tidy (label, grade, share) rows for the chart."""
    cols = {"Outstanding": "outstanding_pct", "Good": "good_pct",
            "Requires improvement": "requires_improvement_pct", "Inadequate": "inadequate_pct"}
    parts = [df.select(pl.col(label).cast(pl.Utf8), pl.lit(g).alias("grade"), pl.col(c).alias("share"))
             for g, c in cols.items()]
    return pl.concat(parts)


def attention(scope: db.Scope, f) -> None:
    """The short 'needs the committee's attention' list."""
    st.subheader("Needs the committee's attention")
    items: list[str] = []
    exceptions = db.exception_list(scope, f.as_of)
    for r in exceptions.sort("days_overdue", descending=True, nulls_last=True).head(5).iter_rows(named=True):
        days = r["days_overdue"]
        why = f"{days} day{'s' if days != 1 else ''} overdue" if days else "reported Red"
        items.append(f"Action **{r['action_id']}** ({r['owner_agency']}, {r['source_id']}): {why}")
    ms = db.milestones(scope, f.as_of).filter(pl.col("is_late_outstanding"))
    for r in ms.sort("days_late", descending=True).head(3).iter_rows(named=True):
        items.append(f"Review **{r['review_id']}** ({r['title']}, {r['review_type']}): "
                     f"{r['milestone'].replace('_', ' ')} {r['days_late']} days past its deadline")
    worse = db.measure_status(scope, f.as_of).filter(pl.col("status") == "Worsening")
    for r in worse.head(3).iter_rows(named=True):
        items.append(f"Measure **{r['measure_id']}** ({r['name']}): worsening — latest "
                     f"{r['latest_value']:g} against baseline {r['baseline']:g}")
    missing = db.returns_missing(scope, f.quarter.start, f.quarter.end)
    if missing.height:
        agencies = missing.group_by("owner_agency").len().sort("len", descending=True)
        text = ", ".join(f"{a} ({n})" for a, n in agencies.iter_rows())
        items.append(f"**{missing.height}** progress returns missing this quarter: {text}")
    if not items:
        st.success(f"Nothing needs the committee's attention at {long_date(f.as_of)}: no exceptions, "
                   "no late milestones, no worsening measures and no missing returns.")
        return
    st.markdown("\n".join(f"- {i}" for i in items))
    st.caption(f"{exceptions.height} actions on the exception list in total — see the Actions page.")


def body() -> None:
    viewer, f, scope = ui.context()
    ui.header("Overview", f)
    now, before = action_figures(scope, f.quarter)
    headlines(now, before)
    left, right = st.columns([3, 2])
    with left:
        attention(scope, f)
    with right:
        rag = (db.action_status(scope, f.as_of).filter(pl.col("is_open"))
               .group_by(pl.col("derived_rag").alias("rag")).len("n"))
        st.plotly_chart(charts.rag_bar(rag), key="overview-rag")
        latest_audit(scope, f.as_of)


ui.run(body, "the Overview page")
