"""`python -m etl status`: what the published warehouse holds — rows per table (with
and without withdrawn rows), boards, the date range the data covers, the last loads."""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from etl.config import db_path
from etl.contract import LOAD_ORDER, TABLES
from etl.load import row_key_sql
from etl.problems import EnvironmentProblem
from etl.warehouse import connect_readonly, one

# Columns whose range says which period the data covers.
DATE_COLUMNS = {"reviews": "notified_date", "audits": "reported_date",
                "action_updates": "reported_on", "measure_values": "period_end"}
LAST_LOADS = 5


def table_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, int]]:
    """(table, rows in the figures, rows stored including withdrawn)."""
    out = []
    for name in LOAD_ORDER:
        key = row_key_sql(TABLES[name], "t")
        total, live = one(con, 
            f"SELECT count(*), count(*) FILTER (WHERE w.row_key IS NULL) FROM {name} t "
            f"LEFT JOIN (SELECT DISTINCT row_key FROM withdrawn_keys WHERE table_name = ?) w "
            f"ON w.row_key = {key}", [name])
        out.append((name, live, total))
    return out


def boards(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [b for (b,) in con.execute(
        "SELECT board FROM reviews UNION SELECT board FROM audits UNION SELECT board FROM measures "
        "ORDER BY 1").fetchall()]


def date_range(con: duckdb.DuckDBPyConnection) -> tuple[object, object]:
    union = " UNION ALL ".join(f"SELECT min({c}) lo, max({c}) hi FROM {t}" for t, c in DATE_COLUMNS.items())
    return one(con, f"SELECT min(lo), max(hi) FROM ({union})")


def last_loads(con: duckdb.DuckDBPyConnection, n: int = LAST_LOADS) -> list[tuple]:
    return con.execute(
        """SELECT l.load_id, l.started_at, l.kind, l.outcome, l.loaded_by, l.note,
                  sum(c.inserted), sum(c.updated), sum(c.unchanged),
                  (SELECT count(*) FROM load_warnings w WHERE w.load_id = l.load_id)
           FROM loads l LEFT JOIN load_counts c USING (load_id)
           GROUP BY ALL ORDER BY l.load_id DESC LIMIT ?""", [n]).fetchall()


def format_status(con: duckdb.DuckDBPyConnection, db: Path) -> str:
    lines = [f"Warehouse {db}"]
    published = one(con, "SELECT value FROM meta WHERE key = 'published_at'")
    if published:
        lines[0] += f" (published {published[0]})"
    lines.append(f"{'table':<16}{'in figures':>12}{'withdrawn':>11}{'stored':>10}")
    for name, live, total in table_counts(con):
        lines.append(f"{name:<16}{live:>12}{total - live:>11}{total:>10}")
    found = boards(con)
    lines.append(f"Boards ({len(found)}): {', '.join(found) if found else 'none loaded'}")
    lo, hi = date_range(con)
    lines.append(f"Dates: {lo} to {hi}" if lo else "Dates: none loaded")
    loads = last_loads(con)
    lines.append("Last loads:" if loads else "No loads yet.")
    for lid, at, kind, outcome, by, note, ins, upd, unch, warns in loads:
        what = (f"inserted {ins or 0}, updated {upd or 0}, unchanged {unch or 0}, {warns} warning(s)"
                if kind == "load" else note or "")
        lines.append(f"  #{lid} {at:%Y-%m-%d %H:%M} {kind} ({outcome}) by {by}: {what}")
    return "\n".join(lines)


def cli_status(args) -> int:
    db = db_path(args.db)
    try:
        con = connect_readonly(db)
    except EnvironmentProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        print(format_status(con, db))
    except duckdb.Error as exc:
        print(f"error: {db} is not a Learning & Impact warehouse ({exc})", file=sys.stderr)
        return 2
    finally:
        con.close()
    return 0
