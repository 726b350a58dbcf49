"""Findings of the personal-data scan, located to a cell, and the false-alarm marks a
person makes on them (who and when), kept in the warehouse table `privacy_false_alarms`.

A mark names the cell (table, row key, column) and the exact text found there, so it
still applies after a reload that leaves that text as it was, and stops applying when
the text changes — an edit must be scanned afresh.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable, Mapping

import duckdb

from etl.contract import TABLES
from etl.privacy.scan import KIND_LABELS, scan_text


@dataclass(frozen=True)
class Finding:
    table: str
    row_key: str
    column: str
    kind: str
    text: str
    board: str | None = None

    @property
    def location(self) -> str:
        return f"{self.table} › {self.row_key} › {self.column}"

    @property
    def key(self) -> str:
        """Short stable reference a person types to mark this finding a false alarm."""
        raw = "\x1f".join((self.table, self.row_key, self.column, self.kind, self.text))
        return hashlib.sha256(raw.encode()).hexdigest()[:10]

    def __str__(self) -> str:
        return f"{self.location}: {KIND_LABELS[self.kind]} ({self.text}) [finding {self.key}]"


def free_text_columns(table: str) -> list[str]:
    """Contract columns a person types prose into: unlisted text that is not an id or a reference."""
    t = TABLES[table]
    return [c.name for c in t.columns
            if c.kind == "text" and not c.values and not c.refs and not c.agency
            and c.name not in t.key and c.name != "board"]


def scan_rows(table: str, rows: Iterable[Mapping], key_columns: Iterable[str],
              columns: Iterable[str], board_column: str | None = "board") -> list[Finding]:
    """Scan the given text columns of rows (dicts); the row key joins key columns with '|'."""
    keys, cols = list(key_columns), list(columns)
    found = []
    for row in rows:
        row_key = "|".join(str(row[k]) for k in keys)
        for col in cols:
            value = row.get(col)
            texts = value if isinstance(value, list) else [value]
            for text in texts:
                if isinstance(text, str):
                    found += [Finding(table, row_key, col, h.kind, h.text,
                                      row.get(board_column) if board_column else None)
                              for h in scan_text(text)]
    return found


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cur = con.cursor()
    res = cur.execute(sql)
    names = [d[0] for d in res.description]
    return [dict(zip(names, r)) for r in res.fetchall()]


def scan_warehouse(con: duckdb.DuckDBPyConnection, boards: Iterable[str] | None = None) -> list[Finding]:
    """Every finding in the loaded free text of every contract table (the Data page's list).

    Rows are located by their contract key; `board` is the owning board where the
    staging views say so (withdrawn rows are still stored, so they are scanned too).
    """
    wanted = set(boards) if boards is not None else None
    found: list[Finding] = []
    for table in TABLES:
        cols = free_text_columns(table)
        if not cols:
            continue
        rows = _rows(con, f"SELECT * FROM {table}")
        owners = _owners(con, table)
        for row in rows:
            row["board"] = row.get("board") or owners.get("|".join(str(row[k]) for k in TABLES[table].key))
        found += [f for f in scan_rows(table, rows, TABLES[table].key, cols)
                  if wanted is None or f.board in wanted]
    return drop_false_alarms(con, found)


def _owners(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Row key → owning board, from the metric layer's staging views when they exist."""
    view = {"learning": "stg_learning", "recommendations": "stg_recommendations",
            "actions": "stg_actions", "action_updates": "stg_action_updates",
            "measure_values": "stg_measure_values", "audit_grades": "stg_audit_grades"}.get(table)
    if view is None:
        return {}
    parts = [f"strftime({k}, '%Y-%m-%d')" if TABLES[table].column(k).kind == "date" else k
             for k in TABLES[table].key]
    try:
        rows = con.cursor().execute(f"SELECT concat_ws('|', {', '.join(parts)}), board FROM {view}").fetchall()
    except duckdb.Error:
        return {}
    return dict(rows)


# --------------------------------------------------------------------------- false alarms
def false_alarm_keys(con: duckdb.DuckDBPyConnection) -> set[tuple]:
    try:
        rows = con.cursor().execute(
            "SELECT table_name, row_key, column_name, kind, matched FROM privacy_false_alarms").fetchall()
    except duckdb.CatalogException:
        return set()
    return set(rows)


def is_marked(finding: Finding, marks: set[tuple]) -> bool:
    return (finding.table, finding.row_key, finding.column, finding.kind, finding.text) in marks


def drop_false_alarms(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> list[Finding]:
    marks = false_alarm_keys(con)
    return [f for f in findings if not is_marked(f, marks)]


def mark_false_alarms(db: Path, findings: Iterable[Finding], by: str, reason: str | None = None) -> int:
    """Record findings as false alarms (who, when, why) through a normal publish."""
    from etl.publish import publishing

    findings = list(findings)
    with publishing(db) as con:
        for f in findings:
            con.execute(
                "INSERT OR REPLACE INTO privacy_false_alarms VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [f.table, f.row_key, f.column, f.kind, f.text, by, datetime.now().replace(microsecond=0), reason])
    return len(findings)


def list_false_alarms(con: duckdb.DuckDBPyConnection) -> list[dict]:
    try:
        return _rows(con, "SELECT * FROM privacy_false_alarms ORDER BY marked_at, table_name, row_key")
    except duckdb.CatalogException:
        return []
