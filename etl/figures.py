"""The quarterly figures file (RULES.md "The quarterly figures file").

Every figure here is read from the warehouse's metric layer (etl/sql): this module only
selects, sorts and shapes, so figures.json can never disagree with the dashboard or the
report built from the same warehouse.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from etl.contract import GRADES
from etl.periods import Quarter

GRADE_COLUMNS = dict(zip(GRADES, ("outstanding_pct", "good_pct", "requires_improvement_pct",
                                  "inadequate_pct")))


def known_boards(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Boards as loaded (exact spelling), from every table that carries a board."""
    rows = con.execute("""SELECT board FROM reviews UNION SELECT board FROM audits
                          UNION SELECT board FROM measures""").fetchall()
    return sorted(r[0] for r in rows)


def _ids(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[str]:
    return sorted(r[0] for r in con.execute(sql, params).fetchall())


ACTION_FLAGS = {"open_action_ids": "is_open", "overdue_action_ids": "is_overdue",
                "exception_action_ids": "on_exception_list", "slipped_action_ids": "is_slipped"}


def _action_ids(con: duckdb.DuckDBPyConnection, board: str, as_of: date) -> dict[str, list[str]]:
    """The four action id lists from ONE evaluation of action_status (it is the costly macro)."""
    flags = ", ".join(ACTION_FLAGS.values())
    rows = con.execute(f"SELECT action_id, {flags} FROM action_status(?) WHERE board = ?",
                       [as_of, board]).fetchall()
    return {key: sorted(r[0] for r in rows if r[i + 1]) for i, key in enumerate(ACTION_FLAGS)}


def _milestones(con: duckdb.DuckDBPyConnection, board: str, quarter: Quarter,
                condition: str, extra: list | None = None) -> list[dict[str, str]]:
    """Milestones as of the quarter end meeting `condition`, by review id then milestone."""
    rows = con.execute(f"""SELECT review_id, milestone FROM milestones(?)
                           WHERE board = ? AND {condition}""",
                       [quarter.end, board, *(extra or [])]).fetchall()
    return [{"review_id": r, "milestone": m} for r, m in sorted(rows)]


def _measure_status(con: duckdb.DuckDBPyConnection, board: str, as_of: date) -> dict[str, str]:
    rows = con.execute("SELECT measure_id, status FROM measure_status(?) WHERE board = ?",
                       [as_of, board]).fetchall()
    return {m: s for m, s in sorted(rows)}


def _grade_shares(con: duckdb.DuckDBPyConnection, board: str,
                  quarter: Quarter) -> dict[str, dict[str, float]]:
    cols = ", ".join(GRADE_COLUMNS.values())
    rows = con.execute(f"""SELECT audit_id, {cols} FROM audit_grade_shares()
                           WHERE board = ? AND reported_date BETWEEN ? AND ?""",
                       [board, quarter.start, quarter.end]).fetchall()
    return {row[0]: {grade: float(value) for grade, value in zip(GRADE_COLUMNS, row[1:])}
            for row in sorted(rows)}


def quarter_figures(con: duckdb.DuckDBPyConnection, board: str,
                    quarter: Quarter | str) -> dict[str, Any]:
    """The figures.json dict of one board and quarter, keys in the order RULES.md shows.

    Raises ValueError for an unknown board (names match exactly as loaded) or a badly
    written quarter, so a report is never written for a board that is not there.
    """
    q = Quarter.parse(quarter)
    boards = known_boards(con)
    if board not in boards:
        listed = ", ".join(boards) if boards else "none loaded"
        raise ValueError(f"Unknown board {board!r}: the warehouse holds {listed}")
    d = q.end
    return {
        "board": board,
        "quarter": str(q),
        "as_of": d.isoformat(),
        **_action_ids(con, board, d),
        "completed_in_quarter_action_ids": _ids(
            con, "SELECT action_id FROM actions_completed_in(?, ?) WHERE board = ?",
            [q.start, d, board]),
        "late_outstanding_milestones": _milestones(con, board, q, "is_late_outstanding"),
        # Met late as of D and dated within the quarter (happened implies date <= D).
        "met_late_in_quarter_milestones": _milestones(
            con, board, q, "is_met_late AND milestone_date >= ?", [q.start]),
        "measure_status": _measure_status(con, board, d),
        "audit_grade_shares": _grade_shares(con, board, q),
    }


def write_figures_json(path: Path | str, figures: dict[str, Any]) -> Path:
    """Write figures.json as UTF-8 (board names may hold any character), stable layout."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
