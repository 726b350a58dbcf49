"""The annual report section on case reviews, learning and impact, for one board and
year (financial April–March, or calendar), as content.

As in the quarterly report, figures come from the metric layer as of the year's last
day; "in the year" means the relevant date falls between the year's first and last day.
"""
from __future__ import annotations

from datetime import date

import polars as pl

from dashboard import charts
from dashboard.report import queries as Q
from dashboard.report.content import (grade_share_chart, make_room, measure_charts, measure_table,
                                      milestone_table, theme_chart, theme_table, tracker_sheets)
from dashboard.report.fmt import long_date
from dashboard.report.model import (Chart, Col, Figure, FigureGrid, Heading, Paragraph, Report,
                                    Section, Table)
from etl.themes.rectypes import classify

TITLE = "Annual report: case reviews, learning and impact"
REVIEW_DATES = [("notified_date", "Reviews notified"), ("initiated_date", "Reviews initiated"),
                ("completed_date", "Reviews completed"), ("published_date", "Reviews published")]


def build_annual(con, board: str, year, *, marking: str, produced: date) -> Report:
    prev = year.previous()
    report = Report(kind="annual", title=TITLE, board=board, period_label=year.long_label,
                    period_code=str(year), as_of=year.end, produced=produced, marking=marking)
    report.sections = [
        _reviews(con, board, year, prev),
        _themes(con, board, year, prev),
        _recommendations(con, board, year),
        _actions(con, board, year, prev),
        _audits(con, board, year),
        _impact(con, board, year),
    ]
    report.sheets = tracker_sheets(con, board, year.end, None)
    return report


def _in(df: pl.DataFrame, col: str, start: date, end: date) -> pl.DataFrame:
    return df.filter(pl.col(col).is_between(start, end))


def _reviews(con, board: str, year, prev) -> Section:
    reviews = Q.reviews(con, board)
    figs = [Figure(label, _in(reviews, col, year.start, year.end).height,
                   _in(reviews, col, prev.start, prev.end).height) for col, label in REVIEW_DATES]
    miles = Q.milestones(con, board, year.end)
    prev_miles = Q.milestones(con, board, prev.end)
    met = _in(miles, "milestone_date", year.start, year.end).filter("happened")
    prev_met = _in(prev_miles, "milestone_date", prev.start, prev.end).filter("happened")
    figs += [
        Figure("Statutory milestones met on time", met.filter("is_on_time").height,
               prev_met.filter("is_on_time").height),
        Figure("Statutory milestones met late", met.filter("is_met_late").height,
               prev_met.filter("is_met_late").height),
        Figure("Milestones outstanding and late at year end", miles.filter("is_late_outstanding").height,
               prev_miles.filter("is_late_outstanding").height),
    ]
    by_type = (_in(reviews, "notified_date", year.start, year.end).group_by("review_type")
               .len().sort(["len", "review_type"], descending=[True, False]))
    sec = Section("Case reviews", key="reviews")
    sec.add(Paragraph(f"Reviews of {board} whose notification, initiation, completion or "
                      f"publication fell in {year.long_label}, against {prev.long_label}. "
                      "Timeliness follows the statutory deadlines (decision within 1 month of "
                      "notification, national panel told within 14 days, reviews completed "
                      "within 6 months, rapid reviews within 15 working days)."),
            FigureGrid(figs, previous_label=prev.label),
            Heading("Reviews notified in the year by type"),
            Table([Col("Review type"), Col("Reviews notified", "int")],
                  [(r["review_type"], r["len"]) for r in by_type.iter_rows(named=True)],
                  empty_text="No review was notified in the year."),
            Heading("Statutory milestones met in the year, or late at its end"),
            milestone_table(pl.concat([met, miles.filter("is_late_outstanding")])
                            .unique(["review_id", "milestone"], maintain_order=True)
                            .sort(["review_id", "milestone"])))
    return sec


def _themes(con, board: str, year, prev) -> Section:
    now = Q.theme_counts(con, board, year.start, year.end)
    before = Q.theme_counts(con, board, prev.start, prev.end)
    labels = Q.theme_labels(con)
    table, merged = theme_table(now, before, labels, "This year", "Previous year", average_over=1)
    sec = Section("Themes of learning", key="themes")
    sec.add(Paragraph(f"Confirmed themes of learning points and recommendations from reviews and "
                      f"audits dated in {year.long_label}, against {prev.long_label}. Counts are "
                      "distinct statements and distinct reviews/audits (an audit's own themes "
                      "count for that audit)."), table)
    if merged.height:
        sec.add(theme_chart(merged, labels, key=f"themes-{year}", now_label="This year",
                            before_label="Previous year", before_col="statements_before"))
    return sec


def _recommendations(con, board: str, year) -> Section:
    recs = Q.frame(con, """
        SELECT r.recommendation_id, r.source_type, r.addressed_to, r.text,
               COALESCE(v.review_type, a.audit_type) AS source_kind
        FROM stg_recommendations r
        JOIN stg_sources s USING (source_id)
        LEFT JOIN stg_reviews v ON v.review_id = r.source_id
        LEFT JOIN stg_audits a ON a.audit_id = r.source_id
        WHERE r.board = $1 AND s.source_date BETWEEN $2 AND $3""",
                   [board, year.start.isoformat(), year.end.isoformat()])
    by_kind = (recs.with_columns(pl.col("source_type").str.to_titlecase())
               .group_by(["source_type", "source_kind"]).len()
               .sort(["len", "source_kind"], descending=[True, False]))
    by_to = recs.group_by(pl.col("addressed_to").fill_null("Not stated")).len() \
        .sort(["len", "addressed_to"], descending=[True, False])
    by_type = (recs.with_columns(pl.Series("rec_type", classify(recs["text"].to_list()), pl.Utf8))
               .group_by("rec_type").len().sort(["len", "rec_type"], descending=[True, False]))
    sec = Section("Recommendations", key="recommendations")
    sec.add(Paragraph(f"{recs.height} recommendation(s) came from reviews and audits dated in the "
                      "year: by type of change asked for (procedure/policy, training/awareness, "
                      "practice/professional action, resource/system/structure — classified from "
                      "the text by the theme tools), by the kind of review or audit they came from "
                      "and by whom they are addressed to."),
            Table([Col("Type of recommendation"), Col("Recommendations", "int")],
                  [(r["rec_type"], r["len"]) for r in by_type.iter_rows(named=True)],
                  caption="By type", empty_text="No recommendation in the year."),
            Table([Col("From"), Col("Review or audit type"), Col("Recommendations", "int")],
                  [(r["source_type"], r["source_kind"], r["len"]) for r in by_kind.iter_rows(named=True)],
                  caption="By source", empty_text="No recommendation in the year."),
            Table([Col("Addressed to"), Col("Recommendations", "int")],
                  [(r["addressed_to"], r["len"]) for r in by_to.iter_rows(named=True)],
                  caption="By addressee", empty_text="No recommendation in the year."))
    return sec


def _actions(con, board: str, year, prev) -> Section:
    st = Q.action_status(con, board, year.end)
    prev_st = Q.action_status(con, board, prev.end)
    done = Q.completed_in(con, board, year.start, year.end)
    prev_done = Q.completed_in(con, board, prev.start, prev.end)
    figs = [Figure("Actions completed in the year", done.height, prev_done.height),
            Figure("Actions outstanding (open) at year end", st.filter("is_open").height,
                   prev_st.filter("is_open").height),
            Figure("of which overdue", st.filter("is_overdue").height, prev_st.filter("is_overdue").height),
            Figure("Slipped actions at year end", st.filter("is_slipped").height,
                   prev_st.filter("is_slipped").height)]
    by_agency = (st.group_by("owner_agency").agg(
        pl.col("is_open").sum().alias("open"), pl.col("is_overdue").sum().alias("overdue"))
        .join(done.group_by("owner_agency").len("completed"), on="owner_agency", how="full",
              coalesce=True)
        .fill_null(0).filter((pl.col("open") + pl.col("completed")) > 0).sort("owner_agency"))
    sec = Section("Actions", key="actions")
    sec.add(FigureGrid(figs, previous_label=prev.label),
            Table([Col("Owner agency", width=2), Col("Completed in the year", "int"),
                   Col("Open at year end", "int"), Col("Overdue at year end", "int")],
                  [(r["owner_agency"], r["completed"], r["open"], r["overdue"])
                   for r in by_agency.iter_rows(named=True)],
                  caption="By owner agency", empty_text="No actions."))
    return sec


def _audits(con, board: str, year) -> Section:
    audits = Q.all_audits(con, board)
    in_year = _in(audits, "reported_date", year.start, year.end)
    cols = [Col("Audit", width=1.6), Col("Title", width=2.2), Col("Type", width=1.3),
            Col("Reported", "date", 1), Col("Graded rows", "int", 1)] + \
        [Col(f"{g} %", "pct", 1.2) for g in Q.SHARE_COLUMNS]
    sec = Section("Audits", key="audits")
    sec.add(Paragraph(f"{in_year.height} audit(s) were reported in the year. Grade shares are "
                      "the percentage of graded rows at each grade (1 decimal place)."),
            Table(cols, [(r["audit_id"], r["title"], r["audit_type"], r["reported_date"],
                          r["graded_rows"], *[r[c] for c in Q.SHARE_COLUMNS.values()])
                         for r in in_year.iter_rows(named=True)],
                  empty_text="No audit was reported in the year."))
    graded = audits.filter(pl.col("graded_rows").is_not_null() & (pl.col("reported_date") <= year.end))
    if in_year.filter(pl.col("graded_rows").is_not_null()).height:
        sec.add(grade_share_chart(in_year.filter(pl.col("graded_rows").is_not_null()),
                                  key=f"grades-{year}"))
    if graded.height >= 2:
        trend = pl.DataFrame({
            "reported_date": [r["reported_date"] for r in graded.iter_rows(named=True) for _ in Q.SHARE_COLUMNS],
            "grade": [g for _ in range(graded.height) for g in Q.SHARE_COLUMNS],
            "share": [float(r[c] or 0.0) for r in graded.iter_rows(named=True) for c in Q.SHARE_COLUMNS.values()],
        })
        fig = charts.grade_trend(trend, "Grade trend across audits")
        make_room(fig)
        sec.add(Chart(f"grade-trend-{year}", fig,
                      f"Grade trend: share of graded rows at each grade, audits up to "
                      f"{long_date(year.end)}", width=860, height=360))
    return sec


def _impact(con, board: str, year) -> Section:
    measures = Q.measure_status(con, board, year.end)
    evidenced = measures.filter(pl.col("status").is_in(["Target met", "Improving"]))
    values = Q.measure_values(con, board, year.end)
    sec = Section("Impact evidenced", key="impact")
    sec.add(Paragraph(f"{evidenced.height} of the board's {measures.height} impact measure(s) had met "
                      f"their target or improved on their baseline by {long_date(year.end)}."),
            measure_table(evidenced))
    sec.blocks.extend(measure_charts(evidenced, values, year.end))
    others = measures.filter(~pl.col("status").is_in(["Target met", "Improving"]))
    if others.height:
        sec.add(Heading("Other measures"), measure_table(others))
    return sec
