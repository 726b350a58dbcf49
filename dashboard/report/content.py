"""Building blocks shared by the quarterly and annual reports: tables and charts made
from metric-layer frames, and the tracker workbook's sheets.

Charts come from dashboard/charts.py (the same figures the dashboard draws); only
the theme comparison and the per-measure layout are report-specific.
"""
from __future__ import annotations

from datetime import date

import polars as pl

from dashboard import charts
from dashboard.report import queries as Q
from dashboard.report.model import Chart, Col, Sheet, Table


def make_room(fig, legend_rows: int = 1):
    """Title at the top of the image, legend between it and the plot: on a printed page
    the dashboard's tighter top margin lets a long legend run into the title."""
    fig.update_layout(margin=dict(t=48 + 26 * legend_rows),
                      title=dict(y=1, yref="container", yanchor="top", pad=dict(t=10)),
                      legend=dict(y=1.0, yanchor="bottom"))
    return fig


def theme_label(labels: dict[str, str], key: str) -> str:
    """The typology's label; a readable key when the typology does not name it."""
    return labels.get(key) or key.replace("_", " ").capitalize()


def milestone_table(miles: pl.DataFrame) -> Table:
    cols = [Col("Review", width=1.5), Col("Title", width=1.4), Col("Type", width=1.1),
            Col("Milestone", width=1.7), Col("Clock started", "date", 1.1), Col("Deadline", "date", 1.1),
            Col("Rule", width=1.3), Col("Date met", "date", 1.1), Col("Timeliness", width=1.4),
            Col("Days late", "int", 0.9)]
    rows = [(r["review_id"], r["title"], r["review_type"],
             Q.MILESTONE_LABELS.get(r["milestone"], r["milestone"]), r["start_date"], r["deadline"],
             r["deadline_rule"], r["milestone_date"] if r["happened"] else None,
             r["timeliness"], r["days_late"]) for r in miles.iter_rows(named=True)]
    return Table(cols, rows, empty_text="No review had a statutory milestone in this period.")


def grade_share_chart(graded: pl.DataFrame, key: str, title: str = "Grade shares by audit") -> Chart:
    """Stacked shares per audit from audit_grade_shares() columns (already rounded there)."""
    long = pl.DataFrame({
        "label": [f"{r['audit_id']} {r['title']}"[:48] for r in graded.iter_rows(named=True)
                  for _ in Q.SHARE_COLUMNS],
        "grade": [g for _ in range(graded.height) for g in Q.SHARE_COLUMNS],
        "share": [float(r[c] or 0.0) for r in graded.iter_rows(named=True)
                  for c in Q.SHARE_COLUMNS.values()],
    })
    fig = make_room(charts.grade_shares(long, "label", title), legend_rows=2)
    return Chart(key, fig, f"{title}: percentage of graded rows at each grade",
                 width=860, height=max(260, 60 * graded.height + 150))


def measure_table(measures: pl.DataFrame) -> Table:
    cols = [Col("Measure", width=1.1), Col("Name", width=2.6), Col("Unit", width=0.6),
            Col("Better", width=0.7), Col("Baseline", "number", 0.8), Col("Target", "number", 0.8),
            Col("Latest value", "number", 0.8), Col("Latest period", "date", 1.1),
            Col("Status", width=1.1)]
    rows = [(r["measure_id"], r["name"], r["unit"], r["better"], r["baseline"], r["target"],
             r["latest_value"], r["latest_period_end"], r["status"])
            for r in measures.iter_rows(named=True)]
    return Table(cols, rows, empty_text="The board has no impact measures.")


def measure_charts(measures: pl.DataFrame, values: pl.DataFrame, as_of: date) -> list[Chart]:
    """A small run chart per measure that has values (values up to as_of only)."""
    out = []
    for r in measures.iter_rows(named=True):
        vals = values.filter(pl.col("measure_id") == r["measure_id"])
        if vals.is_empty():
            continue
        fig = charts.run_chart(vals, name=f"{r['measure_id']}: {r['name']}"[:60], unit=r["unit"],
                               baseline=r["baseline"], target=r["target"], as_of=as_of)
        fig.update_layout(title_font_size=16, font_size=13)
        out.append(Chart(f"measure-{r['measure_id']}-{as_of}", fig,
                         f"Run chart of {r['measure_id']} ({r['name']}), status {r['status']}",
                         width=520, height=300, small=True))
    return out


def theme_table(now: pl.DataFrame, before: pl.DataFrame, labels: dict[str, str],
                now_label: str, before_label: str, average_over: int) -> tuple[Table, pl.DataFrame]:
    merged = (now.join(before, on="theme", how="full", coalesce=True, suffix="_before")
              .with_columns(pl.col("statements", "sources", "statements_before", "sources_before")
                            .fill_null(0))
              .with_columns((pl.col("statements_before") / average_over).round(1).alias("avg_before"))
              .sort(["statements", "statements_before", "theme"], descending=[True, True, False]))
    cols = [Col("Theme", width=2.5), Col(f"{now_label}: statements", "int"),
            Col(f"{now_label}: reviews/audits", "int"), Col(f"{before_label}: statements", "int"),
            Col(f"{before_label}: reviews/audits", "int")]
    if average_over > 1:
        cols.append(Col("Average per quarter before", "number"))
    rows = []
    for r in merged.iter_rows(named=True):
        row = [theme_label(labels, r["theme"]), r["statements"], r["sources"],
               r["statements_before"], r["sources_before"]]
        if average_over > 1:
            row.append(r["avg_before"])
        rows.append(tuple(row))
    return Table(cols, rows, empty_text="No confirmed themes in either period."), merged


def theme_chart(merged: pl.DataFrame, labels: dict[str, str], key: str, now_label: str,
                before_label: str, before_col: str, top: int = 12) -> Chart:
    """Horizontal paired bars: statements per theme now against before (top themes)."""
    top_rows = merged.head(top)
    names = [theme_label(labels, t) for t in top_rows["theme"].to_list()]
    height = max(300, 46 * len(names) + 140)
    traces = [dict(type="bar", y=names, x=top_rows[col].to_list(), name=label, orientation="h",
                   marker=dict(color=colour), text=[f"{v:g}" for v in top_rows[col].to_list()],
                   textposition="outside", cliponaxis=False)
              for label, col, colour in ((now_label, "statements", charts.NEUTRAL),
                                         (before_label, before_col, charts.SECOND))]
    fig = charts.figure(traces, "Themes: statements per theme", height=height, barmode="group",
                        yaxis=dict(autorange="reversed"), xaxis=dict(title=dict(text="Statements")))
    fig.layout.font.size = 13
    make_room(fig)
    return Chart(key, fig, f"Statements per theme, {now_label.lower()} against "
                           f"{before_label.lower()} (top {min(top, len(names))} themes)",
                 width=860, height=height)


# --- the tracker workbook ------------------------------------------------------------------

def _sheet(name: str, df: pl.DataFrame, spec: list[tuple[str, str, str]], caption: str) -> Sheet:
    """spec: (frame column, header, kind). Columns missing from the frame are skipped."""
    spec = [s for s in spec if s[0] in df.columns]
    cols = [Col(header, kind) for _, header, kind in spec]
    rows = [tuple(r[c] for c, _, _ in spec) for r in df.iter_rows(named=True)]
    return Sheet(name, Table(cols, rows, caption=caption))


ACTION_SPEC = [
    ("action_id", "Action", "text"), ("recommendation_id", "Recommendation", "text"),
    ("source_id", "Source (review/audit)", "text"), ("owner_agency", "Owner agency", "text"),
    ("lead_role", "Lead role", "text"), ("text", "Action text", "text"),
    ("exists_as_of", "Exists as of date", "text"),
    ("status", "Status (as loaded)", "text"), ("start_date", "Start date", "date"),
    ("due_date", "Original due date", "date"), ("revised_due_date", "Revised due date", "date"),
    ("effective_due_date", "Effective due date", "date"), ("completed_date", "Completed date", "date"),
    ("cancelled_date", "Cancelled date", "date"), ("returns_count", "Returns", "int"),
    ("latest_return_date", "Latest return", "date"), ("latest_status", "Latest return status", "text"),
    ("latest_rag", "RAG (reported)", "rag"), ("derived_rag", "RAG (derived)", "rag"),
    ("is_open", "Open", "text"), ("is_completed", "Completed", "text"),
    ("is_cancelled", "Cancelled", "text"), ("is_overdue", "Overdue", "text"),
    ("days_overdue", "Days overdue", "int"), ("is_slipped", "Slipped", "text"),
    ("on_exception_list", "On exception list", "text"), ("completion_date", "Completion date", "date"),
    ("latest_note", "Latest note", "text"), ("evidence", "Evidence", "text"),
    ("measure_id", "Measure", "text"),
]


def tracker_sheets(con, board: str, as_of: date, period_start: date | None) -> list[Sheet]:
    """The whole tracker of the board as of `as_of`, a sheet per table."""
    d = f"as of {as_of:%d/%m/%Y}"
    actions = Q.every_action(con, board, as_of)
    sheets = [
        _sheet("Actions", actions, ACTION_SPEC, f"Every action of the board with its figures {d}"),
        _sheet("Exception list", actions.filter(pl.col("on_exception_list").fill_null(False)),
               ACTION_SPEC, f"Open actions overdue or reported Red on the latest return, {d}"),
        _sheet("Returns", Q.action_returns(con, board, as_of), [
            ("action_id", "Action", "text"), ("owner_agency", "Owner agency", "text"),
            ("reported_on", "Reported on", "date"), ("status", "Status", "text"),
            ("rag", "RAG (reported)", "rag"), ("revised_due_date", "Revised due date", "date"),
            ("note", "Note", "text")], f"Progress returns up to {as_of:%d/%m/%Y}"),
    ]
    if period_start is not None:
        sheets.append(_sheet("Returns missing", Q.returns_missing(con, board, period_start, as_of), [
            ("action_id", "Action", "text"), ("owner_agency", "Owner agency", "text"),
            ("lead_role", "Lead role", "text"), ("effective_due_date", "Effective due date", "date"),
            ("latest_return_date", "Latest return", "date"), ("derived_rag", "RAG (derived)", "rag")],
            "Actions open at the start and end of the quarter with no return in it"))
    sheets += [
        _sheet("Recommendations", Q.recommendations(con, board), [
            ("recommendation_id", "Recommendation", "text"), ("source_id", "Source", "text"),
            ("source_type", "Source type", "text"), ("addressed_to", "Addressed to", "text"),
            ("themes", "Themes", "text"), ("text", "Text", "text")], "Recommendations of the board"),
        _sheet("Reviews", Q.reviews(con, board), [
            ("review_id", "Review", "text"), ("title", "Title", "text"), ("review_type", "Type", "text"),
            ("methodology", "Methodology", "text"), ("status", "Status", "text"),
            ("notified_date", "Notified", "date"), ("decision_date", "Decision", "date"),
            ("panel_notified_date", "Panel notified", "date"), ("initiated_date", "Initiated", "date"),
            ("completed_date", "Completed", "date"), ("published_date", "Published", "date")],
            "Reviews of the board (dates as loaded)"),
        _sheet("Milestones", Q.milestones(con, board, as_of).with_columns(
            pl.col("milestone").replace(Q.MILESTONE_LABELS).alias("milestone_label")), [
            ("review_id", "Review", "text"), ("title", "Title", "text"), ("review_type", "Type", "text"),
            ("milestone_label", "Milestone", "text"), ("start_date", "Clock started", "date"),
            ("deadline", "Deadline", "date"), ("deadline_rule", "Rule", "text"),
            ("milestone_date", "Date met", "date"), ("timeliness", "Timeliness", "text"),
            ("days_late", "Days late", "int")], f"Statutory milestones and timeliness {d}"),
        _sheet("Audits", Q.all_audits(con, board), [
            ("audit_id", "Audit", "text"), ("title", "Title", "text"), ("audit_type", "Type", "text"),
            ("reported_date", "Reported", "date"), ("cases_audited", "Cases audited", "int"),
            ("graded_rows", "Graded rows", "int"), ("outstanding_pct", "Outstanding %", "pct"),
            ("good_pct", "Good %", "pct"), ("requires_improvement_pct", "Requires improvement %", "pct"),
            ("inadequate_pct", "Inadequate %", "pct"), ("themes", "Themes", "text")],
            "Audits of the board with grade shares (% of graded rows, 1 dp)"),
        _sheet("Measures", Q.measure_status(con, board, as_of), [
            ("measure_id", "Measure", "text"), ("name", "Name", "text"), ("unit", "Unit", "text"),
            ("better", "Better", "text"), ("baseline", "Baseline", "number"),
            ("baseline_date", "Baseline date", "date"), ("target", "Target", "number"),
            ("target_date", "Target date", "date"), ("latest_value", "Latest value", "number"),
            ("latest_period_end", "Latest period", "date"), ("status", "Status", "text")],
            f"Impact measures and status {d}"),
        _sheet("Measure values", Q.measure_values(con, board, as_of), [
            ("measure_id", "Measure", "text"), ("period_end", "Period end", "date"),
            ("value", "Value", "number"), ("note", "Note", "text")],
            f"Measure values up to {as_of:%d/%m/%Y}"),
    ]
    return sheets
