"""Small hand-made warehouses for the metric-layer tests.

Each test gets a real DuckDB file built by `etl.schema.create_all` plus the real
`calendar` table (etl.calendar, from the `holidays` library), and inserts its own rows
through `Warehouse` — no loader, no demo data — so every expected figure in a test can be
worked out by hand from the rows it can see.
"""
from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from etl import schema
from etl.calendar import ensure_calendar
from etl.contract import TABLES

BOARD = "Northshire"
OTHER_BOARD = "Southvale"
D = date(2026, 6, 30)  # 2026Q2 as of


class Warehouse:
    """A fixture warehouse with helpers that fill every required column with a default."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.con = duckdb.connect(str(path))
        self._withdrawals = 0

    # -- raw insert ------------------------------------------------------------------
    def add(self, table: str, **values: Any) -> dict[str, Any]:
        cols = [c for c in TABLES[table].column_names if c in values]
        unknown = set(values) - set(cols)
        assert not unknown, f"not columns of {table}: {unknown}"
        names = cols + ["_first_load", "_last_load", "_source"]
        params = [values[c] for c in cols] + [1, 1, "fixture"]
        marks = ", ".join("?" for _ in names)
        self.con.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", params)
        return values

    # -- rows with sensible defaults ---------------------------------------------------
    def review(self, review_id: str, board: str = BOARD, review_type: str = "SCR",
               status: str = "In progress", **kw: Any) -> None:
        self.add("reviews", review_id=review_id, board=board, title=f"Child {review_id}",
                 review_type=review_type, status=status, **kw)

    def audit(self, audit_id: str, board: str = BOARD, **kw: Any) -> None:
        kw.setdefault("audit_type", "Multi-agency case file")
        self.add("audits", audit_id=audit_id, board=board, title=f"Audit {audit_id}", **kw)

    def recommendation(self, recommendation_id: str, source_id: str, **kw: Any) -> None:
        self.add("recommendations", recommendation_id=recommendation_id, source_id=source_id,
                 text=f"Recommendation {recommendation_id}", **kw)

    def learning(self, learning_id: str, source_id: str, **kw: Any) -> None:
        kw.setdefault("kind", "Learning")
        self.add("learning", learning_id=learning_id, source_id=source_id,
                 text=f"Learning {learning_id}", **kw)

    def action(self, action_id: str, due_date: date, recommendation_id: str = "REC-N",
               status: str = "In progress", owner_agency: str = "Police", **kw: Any) -> None:
        self.add("actions", action_id=action_id, recommendation_id=recommendation_id,
                 text=f"Action {action_id}", owner_agency=owner_agency, due_date=due_date,
                 status=status, **kw)

    def update(self, action_id: str, reported_on: date, status: str = "In progress",
               **kw: Any) -> None:
        self.add("action_updates", action_id=action_id, reported_on=reported_on,
                 status=status, **kw)

    def measure(self, measure_id: str, better: str = "higher", board: str = BOARD,
                **kw: Any) -> None:
        self.add("measures", measure_id=measure_id, board=board, name=f"Measure {measure_id}",
                 better=better, **kw)

    def value(self, measure_id: str, period_end: date, value: float) -> None:
        self.add("measure_values", measure_id=measure_id, period_end=period_end, value=value)

    def grade(self, audit_id: str, case_ref: str, grade: str, agency: str = "Police",
              domain: str = "Assessment") -> None:
        self.add("audit_grades", audit_id=audit_id, case_ref=case_ref, agency=agency,
                 domain=domain, grade=grade)

    def withdraw(self, table: str, row_key: str, restored: bool = False) -> None:
        self._withdrawals += 1
        self.con.execute(
            "INSERT INTO withdrawals VALUES (?, ?, ?, 'loaded by mistake', 'Business manager', "
            "?, ?, ?, ?)",
            [self._withdrawals, table, row_key, datetime(2026, 7, 1, 9),
             "Business manager" if restored else None,
             datetime(2026, 7, 2, 9) if restored else None,
             "it was right after all" if restored else None])

    # -- reading -----------------------------------------------------------------------
    def rows(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def by_id(self, sql: str, key: str, params: list | None = None) -> dict[str, dict[str, Any]]:
        return {r[key]: r for r in self.rows(sql, params)}

    def actions_as_of(self, as_of: date) -> dict[str, dict[str, Any]]:
        return self.by_id("SELECT * FROM action_status(?)", "action_id", [as_of])


@pytest.fixture(scope="session")
def empty_warehouse(tmp_path_factory) -> Path:
    """Schema, metric layer and calendar, built once; tests copy it."""
    path = tmp_path_factory.mktemp("metrics") / "empty.duckdb"
    con = duckdb.connect(str(path))
    schema.create_all(con)
    ensure_calendar(con)
    con.close()
    return path


@pytest.fixture
def wh(empty_warehouse, tmp_path) -> Warehouse:
    """A fresh warehouse with one SCR (R-N) of Northshire and its recommendation REC-N,
    and one review (R-S) + recommendation (REC-S) of Southvale."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(empty_warehouse, path)
    w = Warehouse(path)
    w.review("R-N", review_type="CIR")
    w.recommendation("REC-N", "R-N")
    w.review("R-S", board=OTHER_BOARD, review_type="CIR")
    w.recommendation("REC-S", "R-S")
    yield w
    w.con.close()
