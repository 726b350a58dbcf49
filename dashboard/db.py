"""The dashboard's only door to data: read-only, scoped to the viewer's boards.

WHY one module: access control (which boards a viewer may see) is applied here, once,
so no page can forget it; and the warehouse connection is shared and renewed here, so
a newly published load shows without restarting the app.

- The connection is a cached resource keyed on the warehouse path; its `validate`
  compares the published file's identity with the one it opened, so after a publish the
  next query reopens the new version (readers of the old one finish on the old file).
- Every query uses its own cursor (a DuckDB connection is not thread-safe across
  Streamlit sessions).
- Results are cached per (published version, SQL, parameters): a figure is computed once
  per version, and a new version is a new key.
- Every query function takes `boards`: the boards the viewer may see AND asked for
  (`filters.Filters.boards`, built with `Viewer.scope`). An empty list returns no rows.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from etl.config import db_path

log = logging.getLogger(__name__)


class WarehouseMissing(Exception):
    """No published warehouse yet: the page says how to build one instead of failing."""


# --- the connection ------------------------------------------------------------------

def warehouse_path() -> Path:
    return db_path(None)


def published_version(path: Path) -> Any:
    """The published file's identity; changes whenever a load publishes a new version."""
    from etl.warehouse import published_version as version  # the load helper's definition

    return version(path)


@dataclass
class _Handle:
    con: duckdb.DuckDBPyConnection
    path: Path
    version: Any


def _still_current(h: _Handle) -> bool:
    """Cache validation: a new publish means close the old connection and reopen.

    Closing matters: DuckDB keeps one instance per path in a process, so while the old
    connection lives, reconnecting would return the old version.
    """
    if published_version(h.path) == h.version:
        return True
    log.info("warehouse %s was republished; reopening", h.path)
    try:
        h.con.close()
    except duckdb.Error:  # already closed
        pass
    return False


@st.cache_resource(validate=_still_current, show_spinner=False)
def _connection(path_text: str) -> _Handle:
    from etl.warehouse import connect_readonly

    path = Path(path_text)
    version = published_version(path)
    if version is None:
        raise WarehouseMissing(path_text)
    log.info("opening warehouse %s (version %s)", path, version)
    return _Handle(connect_readonly(path), path, version)


def reopen() -> None:
    """Drop the cached connection now (after this process itself published a load)."""
    try:
        h = handle()
        h.con.close()
    except (WarehouseMissing, duckdb.Error):
        pass
    _connection.clear()


def handle() -> _Handle:
    path = warehouse_path()
    if not path.exists():
        raise WarehouseMissing(str(path))
    return _connection(str(path.resolve()))


def version() -> str:
    """Text identity of the published version (a cache key)."""
    h = handle()
    return f"{h.path}@{h.version}"


# --- running a query -----------------------------------------------------------------

def _run(sql: str, params: tuple) -> pl.DataFrame:
    """One cursor per query; tuple parameters go to DuckDB as lists."""
    cur = handle().con.cursor()
    try:
        used = set(re.findall(r"\$(\w+)", sql))  # DuckDB refuses unused parameters
        named = {k: list(v) if isinstance(v, tuple) else v for k, v in params if k in used}
        return cur.sql(sql, params=named).pl()
    finally:
        cur.close()


@st.cache_data(show_spinner=False, max_entries=2000, ttl=3600)
def _cached(version_key: str, sql: str, params: tuple) -> pl.DataFrame:
    return _run(sql, params)


def query(sql: str, params: dict[str, Any] | None = None) -> pl.DataFrame:
    """Run read-only SQL with named parameters ($name); cached per published version.

    List/set parameters (e.g. the boards) are passed to DuckDB as lists.
    """
    frozen = tuple(sorted((k, tuple(sorted(v)) if isinstance(v, (set, frozenset)) else
                           tuple(v) if isinstance(v, list) else v)
                          for k, v in (params or {}).items()))
    return _cached(version(), sql, frozen)



# --- scoping ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """What a query may touch: the viewer's boards (already cut by `Viewer.scope`) and the
    page filters. Every query function below takes one."""

    boards: tuple[str, ...]
    agency: str | None = None
    review_type: str | None = None

    def params(self, **more: Any) -> dict[str, Any]:
        return {"boards": list(self.boards), "agency": self.agency,
                "review_type": self.review_type, **more}


IN_BOARDS = "board IN (SELECT unnest($boards::VARCHAR[]))"
ACTION_SCOPE = (IN_BOARDS + " AND ($agency::VARCHAR IS NULL OR owner_agency = $agency)"
                " AND ($review_type::VARCHAR IS NULL OR source_id IN "
                "(SELECT review_id FROM stg_reviews WHERE review_type = $review_type))")
REVIEW_SCOPE = IN_BOARDS + " AND ($review_type::VARCHAR IS NULL OR review_type = $review_type)"


# --- reference lists -----------------------------------------------------------------

def all_boards() -> list[str]:
    """Every board named in the warehouse (the viewer's scope is applied by the caller)."""
    df = query("SELECT DISTINCT board FROM stg_sources WHERE board IS NOT NULL "
               "UNION SELECT DISTINCT board FROM stg_measures ORDER BY board")
    return df["board"].to_list()


def agencies(boards: list[str]) -> list[str]:
    df = query(f"SELECT DISTINCT owner_agency AS a FROM stg_actions WHERE {IN_BOARDS} "
               "ORDER BY 1", {"boards": boards})
    return df["a"].to_list()


def data_range() -> tuple[date | None, date | None]:
    """Earliest and latest dates the data speaks about (for the quarter picker)."""
    df = query("SELECT min(lo) AS lo, max(hi) AS hi FROM ("
               "SELECT min(coalesce(start_date, due_date)) AS lo, max(due_date) AS hi FROM stg_actions "
               "UNION ALL SELECT min(reported_on), max(reported_on) FROM stg_action_updates "
               "UNION ALL SELECT min(notified_date), max(notified_date) FROM stg_reviews "
               "UNION ALL SELECT min(period_end), max(period_end) FROM stg_measure_values)")
    return df["lo"][0], df["hi"][0]


# --- actions ---------------------------------------------------------------------------

def action_status(scope: Scope, as_of: date) -> pl.DataFrame:
    """Every action existing at `as_of` with the metric layer's flags (RULES.md)."""
    return query(f"SELECT * FROM action_status($as_of) WHERE {ACTION_SCOPE} "
                 "ORDER BY board, owner_agency, action_id", scope.params(as_of=as_of))


def action_counts(scope: Scope, as_of: date) -> dict[str, int]:
    """Headline action counts at `as_of`."""
    df = query(f"""SELECT count(*) FILTER (WHERE is_open) AS open,
                          count(*) FILTER (WHERE is_overdue) AS overdue,
                          count(*) FILTER (WHERE is_slipped) AS slipped,
                          count(*) FILTER (WHERE on_exception_list) AS exceptions
                   FROM action_status($as_of) WHERE {ACTION_SCOPE}""", scope.params(as_of=as_of))
    return {k: int(v or 0) for k, v in df.row(0, named=True).items()}


def completed_in(scope: Scope, start: date, as_of: date) -> pl.DataFrame:
    return query(f"SELECT * FROM actions_completed_in($start, $as_of) WHERE {ACTION_SCOPE} "
                 "ORDER BY completion_date, action_id", scope.params(start=start, as_of=as_of))


def exception_list(scope: Scope, as_of: date) -> pl.DataFrame:
    return query(f"""SELECT board, owner_agency, action_id, source_id, lead_role, text,
                            due_date, effective_due_date, days_overdue, derived_rag,
                            latest_rag AS reported_rag, latest_return_date, latest_note
                     FROM action_status($as_of) WHERE on_exception_list AND {ACTION_SCOPE}
                     ORDER BY owner_agency, days_overdue DESC NULLS LAST, action_id""",
                 scope.params(as_of=as_of))


def slipped(scope: Scope, as_of: date) -> pl.DataFrame:
    return query(f"""SELECT board, owner_agency, action_id, source_id, due_date, effective_due_date,
                            effective_due_date - due_date AS days_slipped, derived_rag,
                            latest_return_date, latest_note
                     FROM action_status($as_of) WHERE is_slipped AND {ACTION_SCOPE}
                     ORDER BY days_slipped DESC, action_id""", scope.params(as_of=as_of))


def agency_rates(scope: Scope, as_of: date) -> pl.DataFrame:
    """Completion and overdue rates per owner agency (etl/sql/60_dashboard.sql)."""
    return query(f"""SELECT owner_agency, sum(existing)::BIGINT AS existing, sum(open)::BIGINT AS open,
                            sum(overdue)::BIGINT AS overdue, sum(completed)::BIGINT AS completed,
                            sum(slipped)::BIGINT AS slipped,
                            pct_1dp(sum(completed), sum(existing) - sum(cancelled)) AS completion_rate_pct,
                            pct_1dp(sum(overdue), sum(open)) AS overdue_rate_pct
                     FROM action_rates($as_of) WHERE {ACTION_SCOPE}
                     GROUP BY owner_agency ORDER BY owner_agency""", scope.params(as_of=as_of))


def source_rates(scope: Scope, as_of: date) -> pl.DataFrame:
    """Completion and overdue rates per review or audit."""
    return query(f"""SELECT r.source_id, s.title, r.source_type,
                            sum(existing)::BIGINT AS existing, sum(open)::BIGINT AS open,
                            sum(overdue)::BIGINT AS overdue, sum(completed)::BIGINT AS completed,
                            pct_1dp(sum(completed), sum(existing) - sum(cancelled)) AS completion_rate_pct,
                            pct_1dp(sum(overdue), sum(open)) AS overdue_rate_pct
                     FROM action_rates($as_of) r LEFT JOIN stg_sources s USING (source_id, board)
                     WHERE {ACTION_SCOPE.replace('board IN', 'r.board IN')}
                     GROUP BY ALL ORDER BY r.source_id""", scope.params(as_of=as_of))


def ageing(scope: Scope, as_of: date) -> pl.DataFrame:
    return query(f"""SELECT bucket, bucket_order, sum(n)::BIGINT AS n
                     FROM action_ageing($as_of) WHERE {ACTION_SCOPE}
                     GROUP BY ALL ORDER BY bucket_order""", scope.params(as_of=as_of))


def returns_missing(scope: Scope, q_start: date, q_end: date) -> pl.DataFrame:
    return query(f"""SELECT board, owner_agency, action_id, source_id, lead_role, effective_due_date,
                            latest_return_date AS last_return, derived_rag
                     FROM returns_missing($q_start, $q_end) WHERE {ACTION_SCOPE}
                     ORDER BY owner_agency, action_id""", scope.params(q_start=q_start, q_end=q_end))


def return_rates(scope: Scope, as_of: date) -> pl.DataFrame:
    """Each agency's return rate over the four quarters ending with as_of's quarter."""
    return query(f"""SELECT owner_agency, sum(expected)::BIGINT AS expected,
                            sum(returned)::BIGINT AS returned, sum(missing)::BIGINT AS missing,
                            pct_1dp(sum(returned), sum(expected)) AS return_rate_pct
                     FROM return_rates_by_source($as_of) WHERE {ACTION_SCOPE}
                     GROUP BY owner_agency ORDER BY owner_agency""", scope.params(as_of=as_of))


def action_history(scope: Scope, action_id: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """An action's returns (all, including after the as-of date) and its change log."""
    params = scope.params(action_id=action_id)
    returns = query(f"""SELECT reported_on, status, rag, revised_due_date, note, _source AS source
                        FROM stg_action_updates WHERE action_id = $action_id AND {IN_BOARDS}
                        ORDER BY reported_on""", params)
    changes = query(f"""SELECT c.load_id, l.finished_at AS loaded_at, c.table_name, c.row_key,
                               c.column_name, c.old_value, c.new_value
                        FROM change_log c LEFT JOIN loads l USING (load_id)
                        WHERE (c.table_name = 'actions' AND c.row_key = $action_id
                               OR c.table_name = 'action_updates' AND c.row_key LIKE $action_id || '|%')
                          AND $action_id IN (SELECT action_id FROM stg_actions WHERE {IN_BOARDS})
                        ORDER BY c.load_id, c.table_name, c.row_key, c.column_name""", params)
    return returns, changes


# --- reviews ---------------------------------------------------------------------------

def reviews(scope: Scope) -> pl.DataFrame:
    return query(f"""SELECT board, review_id, title, review_type, methodology, status AS stage,
                            notified_date, decision_date, panel_notified_date, initiated_date,
                            completed_date, published_date
                     FROM stg_reviews WHERE {REVIEW_SCOPE} ORDER BY notified_date DESC NULLS LAST,
                     review_id""", scope.params())


def milestones(scope: Scope, as_of: date) -> pl.DataFrame:
    return query(f"""SELECT board, review_id, title, review_type, milestone, start_date, deadline,
                            deadline_rule, milestone_date, timeliness, days_late,
                            is_late_outstanding, is_met_late, is_on_time
                     FROM milestones($as_of) WHERE {REVIEW_SCOPE}
                     ORDER BY CASE timeliness WHEN 'Outstanding and late' THEN 1 WHEN 'Met late' THEN 2
                                  WHEN 'Outstanding' THEN 3 ELSE 4 END, review_id, milestone""", scope.params(as_of=as_of))


def reviews_in_progress(scope: Scope, as_of: date) -> pl.DataFrame:
    return query(f"SELECT * FROM reviews_in_progress($as_of) WHERE {REVIEW_SCOPE} ORDER BY review_id",
                 scope.params(as_of=as_of))


def review_counts(scope: Scope) -> pl.DataFrame:
    """Reviews by type and the financial year of notification."""
    return query(f"""SELECT review_type,
                            CASE WHEN month(notified_date) >= 4 THEN year(notified_date)
                                 ELSE year(notified_date) - 1 END AS fy_start,
                            count(*) AS reviews
                     FROM stg_reviews WHERE {REVIEW_SCOPE} AND notified_date IS NOT NULL
                     GROUP BY ALL ORDER BY fy_start, review_type""", scope.params())


# --- audits ----------------------------------------------------------------------------

def audit_shares(scope: Scope, as_of: date) -> pl.DataFrame:
    """Grade shares of each audit reported by `as_of` (RULES.md "Audits")."""
    return query(f"""SELECT * FROM audit_grade_shares()
                     WHERE {IN_BOARDS} AND (reported_date IS NULL OR reported_date <= $as_of)
                     ORDER BY reported_date DESC NULLS LAST, audit_id""", scope.params(as_of=as_of))


def audit_shares_by(scope: Scope, dimension: str, as_of: date) -> pl.DataFrame:
    return query(f"""SELECT * FROM audit_grade_shares_by($dimension)
                     WHERE {IN_BOARDS} AND (reported_date IS NULL OR reported_date <= $as_of)
                       AND ($dimension <> 'agency' OR $agency::VARCHAR IS NULL OR group_value = $agency)
                     ORDER BY reported_date, audit_id, group_value""",
                 scope.params(dimension=dimension, as_of=as_of))


def audits(scope: Scope, as_of: date) -> pl.DataFrame:
    return query(f"""SELECT board, audit_id, title, audit_type, themes, reported_date, cases_audited
                     FROM stg_audits WHERE {IN_BOARDS} AND (reported_date IS NULL OR reported_date <= $as_of)
                     ORDER BY reported_date DESC NULLS LAST, audit_id""", scope.params(as_of=as_of))


def reaudits(scope: Scope, as_of: date) -> pl.DataFrame:
    return query(f"""SELECT * FROM reaudit_comparison
                     WHERE {IN_BOARDS} AND reported_date <= $as_of
                     ORDER BY topic, reported_date""", scope.params(as_of=as_of))


# --- measures --------------------------------------------------------------------------

def measure_status(scope: Scope, as_of: date) -> pl.DataFrame:
    return query(f"""SELECT s.*, src.title AS evidences_title, src.source_type AS evidences_type,
                            rec.text AS evidences_recommendation
                     FROM measure_status($as_of) s
                     LEFT JOIN stg_sources src ON src.source_id = s.source_id
                     LEFT JOIN stg_recommendations rec ON rec.recommendation_id = s.source_id
                     WHERE s.{IN_BOARDS} ORDER BY s.measure_id""", scope.params(as_of=as_of))


def measure_values(scope: Scope, as_of: date) -> pl.DataFrame:
    return query(f"""SELECT measure_id, period_end, value, note FROM stg_measure_values
                     WHERE {IN_BOARDS} AND period_end <= $as_of ORDER BY measure_id, period_end""",
                 scope.params(as_of=as_of))


def measure_actions(scope: Scope, as_of: date) -> pl.DataFrame:
    return query(f"""SELECT measure_id, action_id, owner_agency, effective_due_date, derived_rag,
                            CASE WHEN is_completed THEN 'Completed' WHEN is_cancelled THEN 'Cancelled'
                                 WHEN is_overdue THEN 'Overdue' ELSE 'Open' END AS state
                     FROM action_status($as_of) WHERE measure_id IS NOT NULL AND {IN_BOARDS}
                     ORDER BY measure_id, action_id""", scope.params(as_of=as_of))


# --- data ------------------------------------------------------------------------------

def loads() -> pl.DataFrame:
    return query("""SELECT l.load_id, l.started_at, l.finished_at, l.loaded_by, l.kind, l.outcome, l.note,
                           (SELECT count(*) FROM load_warnings w WHERE w.load_id = l.load_id) AS warnings,
                           (SELECT string_agg(path, '; ') FROM load_files f WHERE f.load_id = l.load_id) AS files
                    FROM loads l ORDER BY l.load_id DESC""")


def load_warnings(load_id: int | None = None) -> pl.DataFrame:
    return query("""SELECT load_id, file, sheet, row_number, column_name, message, value
                    FROM load_warnings WHERE $load_id::INTEGER IS NULL OR load_id = $load_id
                    ORDER BY load_id DESC, file, sheet, row_number""", {"load_id": load_id})


def change_log(limit: int = 2000) -> pl.DataFrame:
    return query("""SELECT c.load_id, l.finished_at AS loaded_at, l.loaded_by, c.table_name, c.row_key,
                           c.column_name, c.old_value, c.new_value
                    FROM change_log c LEFT JOIN loads l USING (load_id)
                    ORDER BY c.load_id DESC, c.table_name, c.row_key, c.column_name LIMIT $limit""",
                 {"limit": limit})


def withdrawals() -> pl.DataFrame:
    return query("""SELECT withdrawal_id, table_name, row_key, reason, withdrawn_by, withdrawn_at,
                           restored_by, restored_at, restore_reason,
                           restored_at IS NULL AS still_withdrawn
                    FROM withdrawals ORDER BY withdrawal_id DESC""")


def data_quality(scope: Scope) -> pl.DataFrame:
    return query(f"SELECT board, check_name, table_name, row_key, detail FROM data_quality "
                 f"WHERE {IN_BOARDS} ORDER BY check_name, board, row_key", scope.params())
