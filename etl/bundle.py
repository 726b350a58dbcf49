"""Regional bundles (issue 6, items 2–3): what one board shares with its region.

`python -m etl bundle export --board NAME --out FILE [--db PATH] [--as-letter X]`
writes one zip: a Parquet file per table and `manifest.json` (stable board key, period
covered, row counts, schema version, SHA-256 of each table). It holds only:

- reviews: type, methodology, status and dates at MONTH precision (no title, summary,
  incident type or age band: an exact date, an age band and "Death" can identify a child);
- learning and recommendation text with their confirmed themes;
- action figures per recommendation (no action text, notes, evidence, roles);
- audit grade shares, measure statuses, and board benchmarks.
Counts of 1–4 in these aggregate tables are shown as "<5"; a rate whose base is under 5
is left blank (it would give the small count away).

Under a letter the board's ids are re-keyed with an HMAC keyed by a secret kept in the
board's warehouse, so they are stable across its exports (a newer bundle replaces the
older one) and cannot be traced back; the manifest then carries the stable board key,
never the name.

The export REFUSES (exit 1, every finding listed with its location) while the
personal-data scan finds anything in the text it would write, unless a person has
marked that finding a false alarm (`bundle mark-false-alarm`).

`python -m etl bundle import FILE... --db REGIONAL.duckdb` — see etl/regional.py.
"""
from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import re
import secrets
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from etl.config import acting_user, db_path
from etl.privacy.findings import Finding, drop_false_alarms, mark_false_alarms, scan_rows
from etl.problems import EnvironmentProblem, InputRejected
from etl.schema import SCHEMA_VERSION

BUNDLE_FORMAT = "learning-impact-regional-bundle"
BUNDLE_VERSION = 1
REVIEW_DATES = ("notified_date", "decision_date", "panel_notified_date", "initiated_date",
                "completed_date", "published_date")
# Text columns of the bundle the scan reads (table → (key column, text columns)).
SCANNED = {
    "learning": ("learning_id", ("text",)),
    "recommendations": ("recommendation_id", ("text", "addressed_to")),
    "measure_status": ("measure_id", ("name", "unit")),
    "reviews": ("review_id", ("methodology",)),
}
# Id columns re-keyed under a letter, and the one-letter tag of the table each names.
ID_TAGS = {"review_id": "R", "learning_id": "L", "recommendation_id": "C", "audit_id": "A",
           "measure_id": "M"}


class ExportRefused(Exception):
    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} personal-data finding(s)")
        self.findings = findings


def suppress(n: int | None) -> str | None:
    """Disclosure control for shared counts: 1–4 become "<5"; 0 and ≥5 stay exact."""
    if n is None:
        return None
    return "<5" if 1 <= int(n) <= 4 else str(int(n))


# --------------------------------------------------------------------------- reading
def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> pl.DataFrame:
    return con.cursor().sql(sql, params=params).pl()


def _has(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    n = con.cursor().execute(
        "SELECT count(*) FROM (SELECT view_name AS n FROM duckdb_views() UNION ALL "
        "SELECT table_name FROM duckdb_tables() UNION ALL SELECT function_name FROM duckdb_functions()) "
        "WHERE n = ?", [name]).fetchone()[0]
    return n > 0


def board_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.cursor().execute(
        "SELECT DISTINCT board FROM (SELECT board FROM stg_sources UNION ALL "
        "SELECT board FROM stg_measures) WHERE board IS NOT NULL ORDER BY 1").fetchall()]


def _reviews(con, board: str) -> pl.DataFrame:
    months = ", ".join(f"strftime({c}, '%Y-%m') AS {c.removesuffix('_date')}_month" for c in REVIEW_DATES)
    return _frame(con, f"SELECT review_id, review_type, methodology, status, {months} "
                       "FROM stg_reviews WHERE board = ? ORDER BY review_id", [board])


def _themes_sql(table: str, id_col: str) -> str:
    """Confirmed themes per statement: the metric layer's view when present, else the input's."""
    return (f"(SELECT list(DISTINCT theme ORDER BY theme) FROM statement_themes st "
            f"WHERE st.statement_table = '{table}' AND st.statement_id = s.{id_col})")


def _statements(con, board: str, table: str, id_col: str, extra: str) -> pl.DataFrame:
    themes = _themes_sql(table, id_col) if _has(con, "statement_themes") else "list_sort(s.themes)"
    return _frame(con, f"SELECT s.{id_col}, s.source_id, s.source_type, {extra} s.text, "
                       f"coalesce({themes}, []::VARCHAR[]) AS themes "
                       f"FROM stg_{table} s WHERE s.board = ? ORDER BY s.{id_col}", [board])


def _recommendation_actions(con, board: str, as_of: date) -> pl.DataFrame:
    df = _frame(con, """
        SELECT r.recommendation_id,
               count(a.action_id) AS actions,
               count(*) FILTER (a.is_open) AS open,
               count(*) FILTER (a.is_completed) AS completed,
               count(*) FILTER (a.is_cancelled) AS cancelled,
               count(*) FILTER (a.is_overdue) AS overdue
        FROM stg_recommendations r
        LEFT JOIN action_status(?::DATE) a ON a.recommendation_id = r.recommendation_id
        WHERE r.board = ? GROUP BY r.recommendation_id ORDER BY r.recommendation_id""", [as_of, board])
    return df.with_columns(pl.col(c).map_elements(suppress, return_dtype=pl.Utf8)
                           for c in ("actions", "open", "completed", "cancelled", "overdue"))


def _grade_shares(con, board: str) -> pl.DataFrame:
    """Per-audit shares from the metric layer's audit_grade_shares(); blank under 5 rows."""
    pct = ", ".join(f"CASE WHEN s.graded_rows >= 5 THEN s.{g}_pct END AS {g}_pct"
                    for g in ("outstanding", "good", "requires_improvement", "inadequate"))
    df = _frame(con, f"""
        SELECT s.audit_id, s.audit_type, strftime(s.reported_date, '%Y-%m') AS reported_month,
               coalesce(list_sort(a.themes), []::VARCHAR[]) AS themes, s.graded_rows AS grade_rows, {pct}
        FROM audit_grade_shares() s JOIN stg_audits a ON a.audit_id = s.audit_id
        WHERE s.board = ? ORDER BY s.audit_id""", [board])
    return df.with_columns(pl.col("grade_rows").map_elements(suppress, return_dtype=pl.Utf8))


def _measure_status(con, board: str, as_of: date) -> pl.DataFrame:
    return _frame(con, """
        SELECT measure_id, name, unit, better, status,
               coalesce(list_sort(themes), []::VARCHAR[]) AS themes
        FROM measure_status(?::DATE) WHERE board = ? ORDER BY measure_id""", [as_of, board])


def _benchmarks(con, board: str, as_of: date) -> pl.DataFrame:
    """One row of board figures; rates are computed on exact counts, blank when the base < 5."""
    a = con.cursor().execute("""
        SELECT count(*) FILTER (NOT is_cancelled), count(*) FILTER (is_completed),
               count(*) FILTER (is_open), count(*) FILTER (is_overdue)
        FROM action_status(?::DATE) WHERE board = ?""", [as_of, board]).fetchone()
    m = con.cursor().execute("""
        SELECT count(*) FILTER (is_on_time), count(*) FILTER (is_met_late),
               count(*) FILTER (is_late_outstanding)
        FROM milestones(?::DATE) WHERE board = ?""", [as_of, board]).fetchone()
    g = con.cursor().execute("""
        SELECT count(*), count(*) FILTER (grade = 'Outstanding'), count(*) FILTER (grade = 'Good'),
               count(*) FILTER (grade = 'Requires improvement'), count(*) FILTER (grade = 'Inadequate')
        FROM stg_audit_grades WHERE board = ?""", [board]).fetchone()
    live, done, open_, overdue = a
    on_time, met_late, late_out = m
    judged = on_time + met_late + late_out

    def rate(n: int, d: int) -> float | None:
        return None if d < 5 else con.execute("SELECT pct_1dp(?, ?)", [n, d]).fetchone()[0]

    row = {"as_of": as_of.isoformat(),
           "actions": suppress(live), "actions_completed": suppress(done),
           "actions_open": suppress(open_), "actions_overdue": suppress(overdue),
           "completion_rate_pct": rate(done, live), "overdue_rate_pct": rate(overdue, open_),
           "milestones_judged": suppress(judged), "milestones_on_time": suppress(on_time),
           "milestones_met_late": suppress(met_late), "milestones_late_outstanding": suppress(late_out),
           "timeliness_rate_pct": rate(on_time, judged),
           "grade_rows": suppress(g[0]),
           "outstanding_pct": rate(g[1], g[0]), "good_pct": rate(g[2], g[0]),
           "requires_improvement_pct": rate(g[3], g[0]), "inadequate_pct": rate(g[4], g[0])}
    return pl.DataFrame([row], schema={k: (pl.Float64 if k.endswith("_pct") else pl.Utf8) for k in row})


def collect(con: duckdb.DuckDBPyConnection, board: str, as_of: date) -> dict[str, pl.DataFrame]:
    """Every table of the bundle, with the board's own ids (before any re-keying)."""
    return {
        "reviews": _reviews(con, board),
        "learning": _statements(con, board, "learning", "learning_id", "s.kind,"),
        "recommendations": _statements(con, board, "recommendations", "recommendation_id", "s.addressed_to,"),
        "recommendation_actions": _recommendation_actions(con, board, as_of),
        "audit_grade_shares": _grade_shares(con, board),
        "measure_status": _measure_status(con, board, as_of),
        "benchmarks": _benchmarks(con, board, as_of),
    }


# --------------------------------------------------------------------------- scan
def scan_bundle(con: duckdb.DuckDBPyConnection, tables: dict[str, pl.DataFrame], board: str) -> list[Finding]:
    """Personal data in any text the bundle would carry, minus findings marked false alarms.

    Locations name the contract table and the board's own id, so a person can find the row.
    """
    contract_table = {"measure_status": "measures"}
    found: list[Finding] = []
    for table, (key, cols) in SCANNED.items():
        rows = tables[table].to_dicts()
        for f in scan_rows(contract_table.get(table, table), rows, [key], cols, board_column=None):
            found.append(Finding(f.table, f.row_key, f.column, f.kind, f.text, board))
    # Any other text column that might be added later is scanned too, never skipped.
    for table, frame in tables.items():
        extra = [c for c, t in frame.schema.items() if t == pl.Utf8 and c not in SCANNED.get(table, ("", ()))[1]
                 and not c.endswith(("_id", "_month", "_pct")) and c not in _SAFE_COLUMNS]
        key = next((c for c in frame.columns if c.endswith("_id")), None)
        if extra and key:
            found += scan_rows(table, frame.to_dicts(), [key], extra, board_column=None)
    return drop_false_alarms(con, found)


# Listed values, counts and codes: no free text.
_SAFE_COLUMNS = {"review_type", "status", "source_type", "kind", "audit_type",
                 "better", "actions", "open", "completed", "cancelled", "overdue", "grade_rows",
                 "as_of", "actions_completed", "actions_open", "actions_overdue", "milestones_judged",
                 "milestones_on_time", "milestones_met_late", "milestones_late_outstanding"}


# --------------------------------------------------------------------------- re-keying
def board_secret(con: duckdb.DuckDBPyConnection, board: str) -> str | None:
    row = con.cursor().execute("SELECT value FROM meta WHERE key = ?", [f"bundle_secret:{board}"]).fetchone()
    return row[0] if row else None


def ensure_board_secret(db: Path, board: str) -> str:
    """The board's stable re-keying secret, created (and published) on its first export."""
    from etl.publish import publishing

    with publishing(db) as con:
        secret = board_secret(con, board)
        if secret is None:
            secret = secrets.token_hex(32)
            con.execute("INSERT INTO meta VALUES (?, ?)", [f"bundle_secret:{board}", secret])
    return secret


def keyed(secret: str, value: str, n: int = 12) -> str:
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()[:n]


def rekey(tables: dict[str, pl.DataFrame], secret: str, letter: str) -> dict[str, pl.DataFrame]:
    """Replace every id with `{letter}-{tag}-{hmac}`; the same id always gives the same key,
    so a learning point's source_id still matches its review's review_id."""
    def new_id(value: str | None, tag: str) -> str | None:
        return None if value is None else f"{letter}-{tag}-{keyed(secret, value)}"

    out = {}
    for name, frame in tables.items():
        for col in frame.columns:
            if col == "source_id":
                frame = frame.with_columns(pl.struct("source_id", "source_type").map_elements(
                    lambda r: new_id(r["source_id"], "A" if r["source_type"] == "audit" else "R"),
                    return_dtype=pl.Utf8).alias("source_id"))
            elif col in ID_TAGS:
                frame = frame.with_columns(pl.col(col).map_elements(
                    lambda v, t=ID_TAGS[col]: new_id(v, t), return_dtype=pl.Utf8))
        out[name] = frame
    return out


# --------------------------------------------------------------------------- writing
def _period(tables: dict[str, pl.DataFrame], as_of: date) -> dict:
    months = [m for c in tables["reviews"].columns if c.endswith("_month")
              for m in tables["reviews"][c].drop_nulls().to_list()]
    months += tables["audit_grade_shares"]["reported_month"].drop_nulls().to_list()
    return {"from": min(months) if months else None, "to": as_of.strftime("%Y-%m")}


def write_bundle(out: Path, tables: dict[str, pl.DataFrame], manifest: dict) -> dict:
    """Zip of Parquet tables + manifest.json, written to a temp file then renamed."""
    entries = {}
    files = {}
    for name, frame in tables.items():
        buf = io.BytesIO()
        frame.write_parquet(buf)
        data = buf.getvalue()
        files[f"{name}.parquet"] = data
        entries[name] = {"file": f"{name}.parquet", "rows": frame.height,
                         "sha256": hashlib.sha256(data).hexdigest()}
    manifest = {**manifest, "tables": entries}
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
            for fname, data in files.items():
                zf.writestr(fname, data)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return manifest


@dataclass
class ExportResult:
    out: Path
    manifest: dict


def export_bundle(db: Path, board: str, out: Path, letter: str | None = None,
                  as_of: date | None = None) -> ExportResult:
    """Build, scan, (re-key) and write one board's bundle. Raises ExportRefused on findings."""
    from etl.warehouse import connect_readonly

    as_of = as_of or date.today()
    con = connect_readonly(db)
    try:
        known = board_names(con)
        if board not in known:
            raise EnvironmentProblem(f"no board named {board!r} in {db} (boards: {', '.join(known) or 'none'})")
        tables = collect(con, board, as_of)
        findings = scan_bundle(con, tables, board)
        secret = board_secret(con, board)
    finally:
        con.close()
    if findings:
        raise ExportRefused(findings)
    if secret is None:
        secret = ensure_board_secret(db, board)
    board_key = "B" + keyed(secret, "board-key", 16)
    if letter:
        tables = rekey(tables, secret, letter)
    manifest = {
        "format": BUNDLE_FORMAT, "bundle_version": BUNDLE_VERSION, "schema_version": SCHEMA_VERSION,
        "board_key": board_key, "board": None if letter else board,
        "shown_as": f"Board {letter}" if letter else board, "shared_as": "letter" if letter else "name",
        "as_of": as_of.isoformat(), "exported_at": datetime.now().isoformat(timespec="seconds"),
        "period": _period(tables, as_of),
        "disclosure": {"dates": "month", "small_counts": "1-4 shown as <5", "rates": "blank when base < 5"},
    }
    return ExportResult(out, write_bundle(out, tables, manifest))


# --------------------------------------------------------------------------- CLI
def _letter(value: str | None) -> str | None:
    if value is None:
        return None
    if not re.fullmatch(r"[A-Za-z]{1,2}", value):
        raise EnvironmentProblem(f"--as-letter must be one or two letters (got {value!r})")
    return value.upper()


def _print_findings(findings: list[Finding], board: str) -> None:
    print(f"Export refused: the personal-data scan found {len(findings)} item(s) in what "
          f"{board} would share. Edit the source and reload, or mark a finding as a false alarm "
          f"(python -m etl bundle mark-false-alarm --board {board!r} KEY … --reason …):", file=sys.stderr)
    for f in findings:
        print(f"  {f}", file=sys.stderr)


def _export(args) -> int:
    db = db_path(args.db)
    board = args.board
    as_of = date.fromisoformat(args.as_of) if getattr(args, "as_of", None) else None
    try:
        res = export_bundle(db, board, Path(args.out), _letter(args.as_letter), as_of)
    except ExportRefused as exc:
        _print_findings(exc.findings, board)
        return 1
    t = res.manifest["tables"]
    print(f"Wrote {res.out}: {res.manifest['shown_as']} (key {res.manifest['board_key']}), "
          f"period {res.manifest['period']['from']} to {res.manifest['period']['to']}; "
          + ", ".join(f"{k} {v['rows']}" for k, v in t.items()))
    return 0


def _scan(args) -> int:
    from etl.warehouse import connect_readonly

    con = connect_readonly(db_path(args.db))
    try:
        if args.board not in board_names(con):
            raise EnvironmentProblem(f"no board named {args.board!r}")
        found = scan_bundle(con, collect(con, args.board, date.today()), args.board)
    finally:
        con.close()
    if found:
        _print_findings(found, args.board)
        return 1
    print(f"No personal data found in what {args.board} would share.")
    return 0


def _mark(args) -> int:
    from etl.warehouse import connect_readonly

    db = db_path(args.db)
    con = connect_readonly(db)
    try:
        found = scan_bundle(con, collect(con, args.board, date.today()), args.board)
    finally:
        con.close()
    chosen = [f for f in found if f.key in set(args.keys)]
    unknown = set(args.keys) - {f.key for f in chosen}
    if unknown:
        print(f"error: no open finding with key {', '.join(sorted(unknown))} for {args.board}", file=sys.stderr)
        return 1
    n = mark_false_alarms(db, chosen, args.by or acting_user(), args.reason)
    for f in chosen:
        print(f"Marked as a false alarm: {f}")
    print(f"{n} finding(s) marked by {args.by or acting_user()}.")
    return 0


def cli_bundle(args) -> int:
    """Dispatch `bundle export|import|scan|mark-false-alarm`; exit 1 refused, 2 environment."""
    try:
        if args.bundle_command == "export":
            return _export(args)
        if args.bundle_command == "import":
            from etl.regional import cli_import
            return cli_import(args)
        if args.bundle_command == "scan":
            return _scan(args)
        if args.bundle_command == "mark-false-alarm":
            return _mark(args)
    except InputRejected as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except EnvironmentProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"error: unknown bundle command {args.bundle_command}", file=sys.stderr)
    return 2
