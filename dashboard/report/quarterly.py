"""The quarterly Performance Committee report for one board and quarter, as content.

Every figure is read from the metric layer (see queries.py) as of the quarter's last
day; this module only chooses what to show, in which order, with which words. The
headline counts are the lengths of the same lists figures.json holds, read from the
same macros, so the paper, the dashboard and figures.json cannot disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from dashboard import charts
from dashboard.report import queries as Q
from dashboard.report.content import (grade_share_chart, measure_charts, measure_table,
                                      milestone_table, theme_chart, theme_table, tracker_sheets)
from dashboard.report.fmt import long_date
from dashboard.report.model import (Chart, Col, Figure, FigureGrid, Heading, Paragraph, Report,
                                    Section, Table)

TITLE = "Performance Committee report: learning and impact"


@dataclass
class QuarterData:
    """The metric-layer frames of one board and quarter, read once and shared by sections."""

    status: pl.DataFrame
    completed: pl.DataFrame
    miles: pl.DataFrame
    audits: pl.DataFrame
    measures: pl.DataFrame
    returns_missing: pl.DataFrame

    @classmethod
    def read(cls, con, board: str, quarter) -> "QuarterData":
        start, as_of = quarter.start, quarter.end
        return cls(status=Q.action_status(con, board, as_of),
                   completed=Q.completed_in(con, board, start, as_of),
                   miles=Q.milestones(con, board, as_of),
                   audits=Q.audits_reported(con, board, start, as_of),
                   measures=Q.measure_status(con, board, as_of),
                   returns_missing=Q.returns_missing(con, board, start, as_of))

    def counts(self, quarter) -> dict[str, int]:
        """The headline counts, each straight from a metric-layer flag or list."""
        in_q = self.miles.filter(pl.col("milestone_date").is_between(quarter.start, quarter.end))
        status = self.measures["status"]
        return {
            "open": self.status.filter("is_open").height,
            "overdue": self.status.filter("is_overdue").height,
            "exception": self.status.filter("on_exception_list").height,
            "slipped": self.status.filter("is_slipped").height,
            "completed": self.completed.height,
            "returns_missing": self.returns_missing.height,
            "late_outstanding": self.miles.filter("is_late_outstanding").height,
            "met_late": in_q.filter("is_met_late").height,
            "on_time": in_q.filter("is_on_time").height,
            "audits": self.audits.height,
            "target_met": int((status == "Target met").sum()),
            "improving": int((status == "Improving").sum()),
            "worsening": int((status == "Worsening").sum()),
        }


def build_quarterly(con, board: str, quarter, *, marking: str, produced: date) -> Report:
    as_of: date = quarter.end
    report = Report(kind="quarterly", title=TITLE, board=board, period_label=quarter.long_label,
                    period_code=str(quarter), as_of=as_of, produced=produced, marking=marking)
    now = QuarterData.read(con, board, quarter)
    before = QuarterData.read(con, board, quarter.previous())
    report.sections = [
        _summary(board, quarter, now, before),
        _exceptions(now.status, as_of),
        _completed(now.completed),
        _slipped(now.status),
        _reviews(con, board, now.miles, quarter),
        _audits(now.audits, quarter),
        _measures(con, board, now.measures, as_of),
        _themes(con, board, quarter),
        _appendix(con, board, quarter, now.status, now.completed),
    ]
    report.sheets = tracker_sheets(con, board, as_of, quarter.start)
    return report


# --- summary ---------------------------------------------------------------------------

FIGURE_LABELS = [
    ("open", "Open actions"),
    ("overdue", "Overdue actions"),
    ("exception", "Actions on the exception list"),
    ("slipped", "Slipped actions (due date moved later)"),
    ("completed", "Actions completed in the quarter"),
    ("returns_missing", "Progress returns missing for the quarter"),
    ("late_outstanding", "Review milestones outstanding and late"),
    ("on_time", "Review milestones met on time in the quarter"),
    ("met_late", "Review milestones met late in the quarter"),
    ("audits", "Audits reported in the quarter"),
    ("target_met", "Impact measures: target met"),
    ("improving", "Impact measures: improving"),
    ("worsening", "Impact measures: worsening"),
]


def _summary(board: str, quarter, now: QuarterData, before: QuarterData) -> Section:
    counts, previous = now.counts(quarter), before.counts(quarter.previous())
    grid = FigureGrid([Figure(label, counts[key], previous[key]) for key, label in FIGURE_LABELS],
                      previous_label=quarter.previous().label)
    intro = (f"Figures for {board} as of {long_date(quarter.end)}, the last day of "
             f"{quarter.long_label}, compared with the previous quarter "
             f"({quarter.previous().long_label}). Every figure follows the board's published "
             "definitions and matches the dashboard.")
    rag = (now.status.filter("is_open").group_by("derived_rag").len("n")
           .rename({"derived_rag": "rag"}))
    chart = Chart(f"rag-{quarter}", charts.rag_bar(rag, "Open actions by RAG (derived)"),
                  "Open actions by derived RAG at the end of the quarter", width=800, height=300)
    return Section("Summary", [Paragraph(intro), grid, chart], key="summary")


# --- actions ---------------------------------------------------------------------------

EXCEPTION_COLS = [Col("Action", width=2), Col("Action text", width=3.2), Col("Lead role", width=1.6),
                  Col("Effective due date", "date", 1.2), Col("Days overdue", "int", 1.1),
                  Col("RAG (derived)", "rag", 1.1), Col("RAG (reported)", "rag", 1.2),
                  Col("Latest return", "date", 1.1), Col("Latest note", width=2.6)]


def _exceptions(status: pl.DataFrame, as_of: date) -> Section:
    exc = status.filter("on_exception_list").sort(["owner_agency", "days_overdue", "action_id"],
                                                  descending=[False, True, False], nulls_last=True)
    sec = Section("Exception report", key="exceptions")
    sec.add(Paragraph(f"{exc.height} open action(s) are overdue as of {long_date(as_of)} or were "
                      "reported Red on their latest return, grouped by the agency that owns them. "
                      "Days overdue count from the effective due date (the latest revised date "
                      "given on a return, else the original due date)."))
    if exc.is_empty():
        sec.add(Paragraph("No action is on the exception list this quarter."))
    for agency in exc["owner_agency"].unique(maintain_order=True).to_list():
        part = exc.filter(pl.col("owner_agency") == agency)
        sec.add(Heading(f"{agency} ({part.height})"),
                Table(EXCEPTION_COLS, [
                    (r["action_id"], r["text"], r["lead_role"], r["effective_due_date"],
                     r["days_overdue"], r["derived_rag"], r["latest_rag"], r["latest_return_date"],
                     r["latest_note"]) for r in part.iter_rows(named=True)]))
    return sec


def _completed(completed: pl.DataFrame) -> Section:
    cols = [Col("Action", width=2), Col("Owner agency", width=1.6), Col("Action text", width=3.5),
            Col("Original due date", "date", 1.1), Col("Completed", "date", 1.3),
            Col("Status on latest return", width=1.5), Col("Evidence", width=2)]
    rows = [(r["action_id"], r["owner_agency"], r["text"], r["due_date"], r["completion_date"],
             r["latest_status"], r["evidence"]) for r in completed.iter_rows(named=True)]
    return Section("Actions completed this quarter", [
        Paragraph(f"{len(rows)} action(s) were completed in the quarter (the completion date is "
                  "the action's completed date, or the date of its first return reporting it "
                  "complete)."),
        Table(cols, rows, empty_text="No action was completed in the quarter.")], key="completed")


def _slipped(status: pl.DataFrame) -> Section:
    slipped = status.filter("is_slipped").sort(["owner_agency", "action_id"])
    cols = [Col("Action", width=2), Col("Owner agency", width=1.6), Col("Action text", width=3),
            Col("Original due date", "date", 1.1), Col("Effective due date", "date", 1.1),
            Col("RAG (derived)", "rag", 1.1), Col("Latest note", width=2.5)]
    rows = [(r["action_id"], r["owner_agency"], r["text"], r["due_date"], r["effective_due_date"],
             r["derived_rag"], r["latest_note"]) for r in slipped.iter_rows(named=True)]
    return Section("Slipped actions", [
        Paragraph(f"{len(rows)} open action(s) have a revised due date later than the original."),
        Table(cols, rows, empty_text="No open action has slipped.")], key="slipped")


# --- reviews, audits, measures, themes ---------------------------------------------------

def _reviews(con, board: str, miles: pl.DataFrame, quarter) -> Section:
    """Reviews in progress at the quarter's end (the dashboard's reviews_in_progress) with
    each statutory milestone, then every milestone late at the end of the quarter or met
    late during it (the two milestone lists of figures.json)."""
    in_progress = Q.reviews_in_progress(con, board, quarter.end)
    ids = in_progress["review_id"].to_list()
    sec = Section("Reviews in progress", key="reviews")
    sec.add(Paragraph(f"{len(ids)} review(s) were in progress at the end of the quarter "
                      "(started, and neither completed nor published)."),
            Table([Col("Review", width=1.5), Col("Title", width=2), Col("Type", width=1.2),
                   Col("Methodology", width=1.6), Col("Status", width=1), Col("Notified", "date", 1),
                   Col("Decision", "date", 1), Col("Initiated", "date", 1)],
                  [(r["review_id"], r["title"], r["review_type"], r["methodology"], r["status"],
                    r["notified_date"], r["decision_date"], r["initiated_date"])
                   for r in in_progress.iter_rows(named=True)],
                  empty_text="No review was in progress at the end of the quarter."),
            Heading("Milestones of the reviews in progress"),
            milestone_table(miles.filter(pl.col("review_id").is_in(ids) & pl.col("applies"))))
    late = miles.filter(pl.col("is_late_outstanding") | (pl.col("is_met_late") & pl.col(
        "milestone_date").is_between(quarter.start, quarter.end)))
    sec.add(Heading("Milestones outstanding and late, or met late in the quarter"),
            Paragraph(f"{late.filter('is_late_outstanding').height} milestone(s) were outstanding "
                      f"past their deadline at the end of the quarter and "
                      f"{late.filter('is_met_late').height} were met late during it."),
            milestone_table(late))
    return sec


def _audits(audits: pl.DataFrame, quarter) -> Section:
    cols = [Col("Audit", width=1.6), Col("Title", width=2.2), Col("Type", width=1.3),
            Col("Reported", "date", 1), Col("Cases audited", "int", 1),
            Col("Graded rows", "int", 1)] + [Col(f"{g} %", "pct", 1.2) for g in Q.SHARE_COLUMNS]
    rows = [(r["audit_id"], r["title"], r["audit_type"], r["reported_date"], r["cases_audited"],
             r["graded_rows"], *[r[c] for c in Q.SHARE_COLUMNS.values()])
            for r in audits.iter_rows(named=True)]
    sec = Section("Audits reported this quarter", key="audits")
    sec.add(Paragraph(f"{len(rows)} audit(s) were reported in {quarter.long_label}. Grade shares "
                      "are the percentage of graded rows (case, agency and domain) at each grade, "
                      "to one decimal place; they need not total exactly 100. An audit with no "
                      "grade rows has no shares."),
            Table(cols, rows, empty_text="No audit was reported this quarter."))
    graded = audits.filter(pl.col("graded_rows").is_not_null())
    if graded.height:
        sec.add(grade_share_chart(graded, key=f"grades-{quarter}"))
    return sec


def _measures(con, board: str, measures: pl.DataFrame, as_of: date) -> Section:
    sec = Section("Impact measures", key="measures")
    sec.add(Paragraph(f"Status of each of the board's {measures.height} impact measure(s) on "
                      f"their latest value up to {long_date(as_of)}."),
            measure_table(measures))
    values = Q.measure_values(con, board, as_of)
    sec.blocks.extend(measure_charts(measures, values, as_of))
    return sec


def _themes(con, board: str, quarter) -> Section:
    sec = Section("Themes of learning", key="themes")
    prev4_start = quarter.previous().previous().previous().previous().start
    prev4_end = quarter.start - timedelta(days=1)
    if not Q.has_relation(con, "statement_themes"):
        sec.add(Paragraph("Theme counts are not available in this warehouse version.", "note"))
        return sec
    now = Q.theme_counts(con, board, quarter.start, quarter.end)
    before = Q.theme_counts(con, board, prev4_start, prev4_end)
    labels = Q.theme_labels(con)
    sec.add(Paragraph(f"Confirmed themes of learning points and recommendations from reviews and "
                      f"audits dated in {quarter.long_label}, against the previous four quarters "
                      f"({long_date(prev4_start)} to {long_date(prev4_end)}). Counts are distinct "
                      "statements; the previous four quarters are also shown as an average per "
                      "quarter. Suggested (unconfirmed) themes are not counted."))
    table, merged = theme_table(now, before, labels, "This quarter", "Previous four quarters",
                                average_over=4)
    sec.add(table)
    if merged.height:
        sec.add(theme_chart(merged, labels, key=f"themes-{quarter}",
                            now_label="This quarter", before_label="Previous four quarters (average)",
                            before_col="avg_before"))
    return sec


def _appendix(con, board: str, quarter, status: pl.DataFrame, completed: pl.DataFrame) -> Section:
    open_ = status.filter("is_open").sort(["owner_agency", "action_id"])
    cols = [Col("Action", width=2), Col("Owner agency", width=1.5), Col("Lead role", width=1.5),
            Col("Action text", width=3), Col("Due date", "date", 1), Col("Effective due date", "date", 1),
            Col("RAG (derived)", "rag", 1.1), Col("RAG (reported)", "rag", 1.2),
            Col("Latest return", "date", 1)]
    rows = [(r["action_id"], r["owner_agency"], r["lead_role"], r["text"], r["due_date"],
             r["effective_due_date"], r["derived_rag"], r["latest_rag"], r["latest_return_date"])
            for r in open_.iter_rows(named=True)]
    cancelled = Q.cancelled_in(con, board, quarter.start, quarter.end)
    closed = ([(r["action_id"], r["owner_agency"], r["text"], "Completed", r["completion_date"])
               for r in completed.iter_rows(named=True)] +
              [(r["action_id"], r["owner_agency"], r["text"], r["latest_status"] or r["status"],
                r["cancelled_date"] or r["latest_return_date"])
               for r in cancelled.iter_rows(named=True)])
    closed.sort(key=lambda row: row[0])
    closed_cols = [Col("Action", width=2), Col("Owner agency", width=1.5), Col("Action text", width=4),
                   Col("Closed as", width=1.2), Col("Date", "date", 1)]
    return Section("Appendix: open actions and actions closed in the quarter", [
        Heading(f"A. Every open action as of {long_date(quarter.end)} ({len(rows)})"),
        Table(cols, rows, empty_text="No open actions."),
        Heading(f"B. Actions closed in {quarter.label} ({len(closed)})"),
        Table(closed_cols, closed, empty_text="No action was closed in the quarter."),
    ], key="appendix")

