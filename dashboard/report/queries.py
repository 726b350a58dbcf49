"""Read the metric layer for one board and period. Nothing here decides a business rule:
each function selects from a staging view or table macro (etl/sql/*.sql) and filters
on the board, so the report shows exactly what the dashboard shows.

All functions take an open DuckDB connection (read-only is enough) and return polars
frames; dates are passed as ISO strings, which every macro casts to DATE.
"""
from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

MILESTONE_LABELS = {
    "decision_date": "Decision to review",
    "panel_notified_date": "National panel notified",
    "completed_date": "Review completed",
    "published_date": "Report published",
}
SHARE_COLUMNS = {"Outstanding": "outstanding_pct", "Good": "good_pct",
                 "Requires improvement": "requires_improvement_pct", "Inadequate": "inadequate_pct"}


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    cur = con.cursor()
    try:
        return cur.sql(sql, params=params or None).pl()
    finally:
        cur.close()


def has_relation(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """True when a view/table/macro exists (lets the report degrade, not crash, on an old
    warehouse that predates a part of the metric layer)."""
    n = frame(con, "SELECT (SELECT count(*) FROM duckdb_views() WHERE view_name = $1) + "
                   "(SELECT count(*) FROM duckdb_tables() WHERE table_name = $1) + "
                   "(SELECT count(*) FROM duckdb_functions() WHERE function_name = $1) AS n",
              [name])["n"][0]
    return bool(n)


def _iso(d: date) -> str:
    return d.isoformat()


# --- actions ---------------------------------------------------------------------------

def action_status(con, board: str, as_of: date) -> pl.DataFrame:
    return frame(con, "SELECT * FROM action_status($1) WHERE board = $2 ORDER BY action_id",
                 [_iso(as_of), board])


def completed_in(con, board: str, start: date, as_of: date) -> pl.DataFrame:
    return frame(con, "SELECT * FROM actions_completed_in($1, $2) WHERE board = $3 "
                      "ORDER BY completion_date, action_id", [_iso(start), _iso(as_of), board])


def cancelled_in(con, board: str, start: date, as_of: date) -> pl.DataFrame:
    """Actions cancelled as of `as_of` that were not cancelled (or did not exist) the day
    before `start`: the metric layer's `is_cancelled` read at two dates."""
    return frame(con, """
        SELECT e.* FROM action_status($2) e
        LEFT JOIN action_status(CAST($1 AS DATE) - 1) b USING (action_id)
        WHERE e.board = $3 AND e.is_cancelled AND NOT COALESCE(b.is_cancelled, FALSE)
        ORDER BY e.action_id""", [_iso(start), _iso(as_of), board])


def every_action(con, board: str, as_of: date) -> pl.DataFrame:
    """Every action of the board: action_status(as_of) figures for those that exist, and
    the loaded columns (with exists_as_of = false) for those that start later."""
    return frame(con, """
        SELECT s.*, TRUE AS exists_as_of FROM action_status($1) s WHERE s.board = $2
        UNION ALL BY NAME
        SELECT a.board, a.action_id, a.recommendation_id, a.source_id, a.source_type,
               a.owner_agency, a.lead_role, a.text, a.evidence, a.measure_id, a.status,
               a.start_date, a.due_date, a.completed_date, a.cancelled_date,
               FALSE AS exists_as_of
        FROM stg_actions a
        WHERE a.board = $2 AND a.action_id NOT IN (SELECT action_id FROM action_status($1))
        ORDER BY action_id""", [_iso(as_of), board])


def returns_missing(con, board: str, start: date, end: date) -> pl.DataFrame:
    return frame(con, "SELECT * FROM returns_missing($1, $2) WHERE board = $3 ORDER BY action_id",
                 [_iso(start), _iso(end), board])


def action_returns(con, board: str, as_of: date) -> pl.DataFrame:
    return frame(con, "SELECT action_id, owner_agency, reported_on, status, rag, revised_due_date, "
                      "note FROM stg_action_updates WHERE board = $1 AND reported_on <= $2 "
                      "ORDER BY action_id, reported_on", [board, _iso(as_of)])


def recommendations(con, board: str) -> pl.DataFrame:
    return frame(con, "SELECT recommendation_id, source_id, source_type, addressed_to, themes, text "
                      "FROM stg_recommendations WHERE board = $1 ORDER BY recommendation_id", [board])


# --- reviews ---------------------------------------------------------------------------

def milestones(con, board: str, as_of: date) -> pl.DataFrame:
    return frame(con, "SELECT * FROM milestones($1) WHERE board = $2 ORDER BY review_id, milestone",
                 [_iso(as_of), board])


def reviews_in_progress(con, board: str, as_of: date) -> pl.DataFrame:
    return frame(con, "SELECT * FROM reviews_in_progress($1) WHERE board = $2 ORDER BY review_id",
                 [_iso(as_of), board])


def reviews(con, board: str) -> pl.DataFrame:
    return frame(con, "SELECT review_id, title, review_type, methodology, incident_type, "
                      "child_age_band, notified_date, decision_date, panel_notified_date, "
                      "initiated_date, completed_date, published_date, status "
                      "FROM stg_reviews WHERE board = $1 ORDER BY review_id", [board])


# --- audits and measures ---------------------------------------------------------------

def audits_reported(con, board: str, start: date, end: date) -> pl.DataFrame:
    """Audits of the board reported in [start, end], with their grade shares when graded."""
    return frame(con, """
        SELECT a.audit_id, a.title, a.audit_type, a.reported_date, a.cases_audited, a.themes,
               g.graded_rows, g.graded_cases, g.outstanding_pct, g.good_pct,
               g.requires_improvement_pct, g.inadequate_pct
        FROM stg_audits a
        LEFT JOIN audit_grade_shares() g USING (audit_id)
        WHERE a.board = $1 AND a.reported_date BETWEEN $2 AND $3
        ORDER BY a.reported_date, a.audit_id""", [board, _iso(start), _iso(end)])


def all_audits(con, board: str) -> pl.DataFrame:
    return frame(con, """
        SELECT a.audit_id, a.title, a.audit_type, a.reported_date, a.cases_audited, a.themes,
               g.graded_rows, g.graded_cases, g.outstanding_pct, g.good_pct,
               g.requires_improvement_pct, g.inadequate_pct
        FROM stg_audits a LEFT JOIN audit_grade_shares() g USING (audit_id)
        WHERE a.board = $1 ORDER BY a.reported_date NULLS LAST, a.audit_id""", [board])


def measure_status(con, board: str, as_of: date) -> pl.DataFrame:
    return frame(con, "SELECT * FROM measure_status($1) WHERE board = $2 ORDER BY measure_id",
                 [_iso(as_of), board])


def measure_values(con, board: str, as_of: date) -> pl.DataFrame:
    return frame(con, "SELECT measure_id, period_end, value, note FROM stg_measure_values "
                      "WHERE board = $1 AND period_end <= $2 ORDER BY measure_id, period_end",
                 [board, _iso(as_of)])


# --- themes ----------------------------------------------------------------------------

def theme_labels(con) -> dict[str, str]:
    df = frame(con, "SELECT key, label FROM typology")
    return dict(zip(df["key"].to_list(), df["label"].to_list()))


def theme_counts(con, board: str, start: date, end: date) -> pl.DataFrame:
    """Per theme, distinct statements and reviews/audits dated in [start, end]: the metric
    layer's theme_counts_in, so the report and the Themes page count alike."""
    return frame(con, "SELECT theme, statements, sources FROM theme_counts_in($2, $3) "
                      "WHERE board = $1", [board, _iso(start), _iso(end)])
