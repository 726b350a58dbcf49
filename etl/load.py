"""Loading validated inputs into a new version of the warehouse.

All or nothing: every input of one load command is read and validated first; if any
problem is found InputRejected is raised before anything is opened for writing. Otherwise
the rows are upserted, table by table in contract.LOAD_ORDER, into the working copy that
etl.publish swaps in atomically.

Upserts are set-based (one SQL statement per step, not per row) so a national load stays
within a minute: the incoming frame is registered with DuckDB, joined to the stored rows
on the key, and
  - rows whose key is new are inserted;
  - rows whose values differ (IS DISTINCT FROM: NULLs, lists, dates and floats compare
    as values) are updated in place, every changed value going to change_log;
  - identical rows are left alone, so loading the same files twice changes nothing.
Nothing is ever deleted by a load. A blank optional cell is NULL and clears the stored
value — the file is the truth for the rows it holds.
"""
from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from etl.config import acting_user, db_path
from etl.contract import LOAD_ORDER, STATEMENT_TABLES, TABLES, Table
from etl.problems import EnvironmentProblem, InputRejected, Problem
from etl.publish import publishing
from etl.schema import SQL_TYPES
from etl.warehouse import one

Progress = Callable[[str], None]
INPUT_SUFFIXES = (".csv", ".xlsx", ".xlsm")
POLARS_TYPES = {"text": pl.Utf8, "date": pl.Date, "int": pl.Int64, "number": pl.Float64,
                "list": pl.List(pl.Utf8)}


@dataclass
class TableCount:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class InputFile:
    path: str
    sha256: str
    bytes: int


@dataclass
class LoadReport:
    load_id: int
    db: Path
    counts: dict[str, TableCount] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    files: list[InputFile] = field(default_factory=list)
    superseded_decisions: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # phase → seconds

    @property
    def changed(self) -> bool:
        return self.superseded_decisions > 0 or any(
            c.inserted or c.updated for c in self.counts.values())

    @property
    def outcome(self) -> str:
        return "changed" if self.changed else "unchanged"


# ---------------------------------------------------------------- the whole load

def load_paths(paths: Iterable[Path | str], db: Path, today: date | None = None,
               user: str | None = None, progress: Progress | None = None) -> LoadReport:
    """Validate every input, then load all of them or nothing.

    Raises InputRejected (exit 1) listing every problem, EnvironmentProblem (exit 2).
    The dashboard's upload page calls this too.
    """
    from etl.read import read_inputs  # imported here: the readers pull in fastexcel
    from etl.validate import validate

    timings: dict[str, float] = {}
    current = ["start", time.perf_counter()]
    clock = current[1]

    def step(name: str) -> None:
        """Report progress; time each phase (shown in the summary, used by the benchmark)."""
        now = time.perf_counter()
        timings[current[0]] = timings.get(current[0], 0.0) + now - current[1]
        current[:] = [_PHASES.get(name.split()[0], name), now]
        if progress and (name in _SHOWN or name.startswith("loading")):
            progress(name)

    started = datetime.now()
    paths = [Path(p) for p in paths]
    db = Path(db)
    if not paths:
        raise EnvironmentProblem("no input named: give at least one folder or workbook")
    step("reading")
    read = read_inputs(paths)
    files = fingerprint(paths)
    step("validating")
    existing_ids, keys, agencies = snapshot(db)
    checked = validate(read, existing_ids, today or date.today(), keys, agencies)
    problems = _unique(list(read.problems) + list(checked.problems))
    if problems:
        raise InputRejected(problems)
    warnings = _unique(list(read.warnings) + list(checked.warnings))
    step("preparing")
    with publishing(db) as con:
        report = write_load(con, checked.tables, files=files, warnings=warnings,
                            user=user or acting_user(), started=started, progress=step)
        step("publishing")
    step("done")
    report.db = db
    report.seconds = time.perf_counter() - clock
    report.timings = {k: round(v, 2) for k, v in timings.items() if k != "start"}
    return report


_PHASES = {"reading": "read", "validating": "validate", "preparing": "prepare",
           "loading": "write", "publishing": "publish"}
_SHOWN = ("reading", "validating", "publishing")


def snapshot(db: Path) -> tuple[dict[str, set[str]], set[str], object]:
    """What validation needs from the published warehouse: its ids, theme keys, agencies.

    Read outside the lock: a load never deletes, so ids seen here still exist at publish.
    """
    from etl.reference import AgencyIndex, theme_keys
    from etl.warehouse import connect_readonly

    ids: dict[str, set[str]] = {name: set() for name, t in TABLES.items() if t.id_column}
    if not db.is_file():
        return ids, theme_keys(), AgencyIndex.from_csv()
    con = connect_readonly(db)
    try:
        for name in ids:
            try:
                rows = con.execute(f"SELECT {TABLES[name].id_column} FROM {name}").fetchall()
            except duckdb.CatalogException:
                continue
            ids[name] = {r[0] for r in rows}
        return ids, theme_keys(con), AgencyIndex.from_csv()
    finally:
        con.close()


def fingerprint(paths: list[Path]) -> list[InputFile]:
    """SHA-256 and size of every file the inputs name (a folder's top-level inputs)."""
    out: list[InputFile] = []
    for path in paths:
        if path.is_dir():
            found = sorted((p for p in path.iterdir() if p.is_file()
                            and not p.name.startswith((".", "~$"))
                            and p.suffix.lower() in INPUT_SUFFIXES), key=lambda p: p.name.lower())
        else:
            found = [path]
        for f in found:
            digest = hashlib.sha256()
            with open(f, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
            out.append(InputFile(str(f), digest.hexdigest(), f.stat().st_size))
    return out


def _unique(items: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(items))


# ---------------------------------------------------------------- writing one load

def next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    return one(con, "SELECT coalesce(max(load_id), 0) + 1 FROM loads")[0]


def write_load(con: duckdb.DuckDBPyConnection, tables: Mapping[str, pl.DataFrame], *,
               files: list[InputFile], warnings: list[Problem], user: str,
               started: datetime | None = None, progress: Progress | None = None) -> LoadReport:
    """Upsert validated tables into an open working copy and log the load."""
    step = progress or (lambda _name: None)
    load_id = next_load_id(con)
    con.execute("INSERT INTO loads VALUES (?, ?, NULL, ?, 'load', 'unchanged', ?)",
                [load_id, started or datetime.now(), user, f"{len(files)} file(s)"])
    report = LoadReport(load_id, Path(), warnings=warnings, files=files)
    for name in LOAD_ORDER:
        if name in tables:
            step(f"loading {name}")
            report.counts[name] = upsert_table(con, TABLES[name], tables[name], load_id)
            if name in STATEMENT_TABLES:
                report.superseded_decisions += supersede_decisions(con, name, load_id)
    _log(con, report)
    con.execute("UPDATE loads SET finished_at = ?, outcome = ? WHERE load_id = ?",
                [datetime.now(), report.outcome, load_id])
    return report


def _log(con: duckdb.DuckDBPyConnection, report: LoadReport) -> None:
    lid = report.load_id
    if report.files:
        con.executemany("INSERT INTO load_files VALUES (?, ?, ?, ?)",
                        [[lid, f.path, f.sha256, f.bytes] for f in report.files])
    if report.counts:
        con.executemany("INSERT INTO load_counts VALUES (?, ?, ?, ?, ?)",
                        [[lid, t, c.inserted, c.updated, c.unchanged] for t, c in report.counts.items()])
    if report.warnings:
        frame = pl.DataFrame(
            [(lid, w.file, w.sheet, w.row, w.column, w.message, w.value) for w in report.warnings],
            schema={"load_id": pl.Int64, "file": pl.Utf8, "sheet": pl.Utf8, "row_number": pl.Int64,
                    "column_name": pl.Utf8, "message": pl.Utf8, "value": pl.Utf8}, orient="row")
        con.register("_warnings", frame)
        con.execute("INSERT INTO load_warnings SELECT * FROM _warnings")
        con.unregister("_warnings")


def conform(table: Table, frame: pl.DataFrame) -> pl.DataFrame:
    """The contract columns in contract order with their stored types, plus `_source` and
    `_absent` (optional columns the row's file did not have at all: stored values are kept).

    An empty list is NULL so that a blank list cell compares equal whichever way it was read.
    """
    exprs = []
    for col in table.columns:
        dtype = POLARS_TYPES[col.kind]
        expr = pl.col(col.name).cast(dtype) if col.name in frame.columns else pl.lit(None, dtype)
        if col.kind == "list":
            expr = pl.when(expr.list.len() > 0).then(expr).otherwise(pl.lit(None, dtype))
        exprs.append(expr.alias(col.name))
    source = pl.col("_source").cast(pl.Utf8) if "_source" in frame.columns else pl.lit(None, pl.Utf8)
    absent = (pl.col("_absent") if "_absent" in frame.columns
              else pl.lit(None, pl.List(pl.Utf8))).fill_null(pl.lit([], pl.List(pl.Utf8)))
    return frame.select(*exprs, source.alias("_source"), absent.alias("_absent"))


def row_key_sql(table: Table, alias: str) -> str:
    """contract.row_key in SQL: composite keys joined by '|', dates as ISO text."""
    parts = [f"CAST({alias}.{k} AS VARCHAR)" for k in table.key]
    return parts[0] if len(parts) == 1 else "concat_ws('|', " + ", ".join(parts) + ")"


def _as_text(table: Table, column: str, expr: str) -> str:
    """How a value is written to the change log: lists as the input's `;`-list."""
    if table.column(column).kind == "list":
        return f"array_to_string({expr}, ';')"
    return f"CAST({expr} AS VARCHAR)"


def upsert_table(con: duckdb.DuckDBPyConnection, table: Table, frame: pl.DataFrame,
                 load_id: int) -> TableCount:
    """Insert new rows, update changed rows (logging each value replaced), count the rest."""
    name = table.name
    keys = table.key
    values = [c.name for c in table.columns if c.name not in keys]
    on = " AND ".join(f"o.{k} = i.{k}" for k in keys)
    incoming = conform(table, frame)
    con.register("_incoming", incoming)
    casts = ", ".join(f"CAST({c.name} AS {SQL_TYPES[c.kind]}) AS {c.name}" for c in table.columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _inc AS SELECT {casts}, _source, _absent FROM _incoming")
    con.unregister("_incoming")
    keep_stored_where_absent(con, name, " AND ".join(f"o.{k} = _inc.{k}" for k in keys),
                             set(incoming["_absent"].explode().drop_nulls().to_list()))

    diff_cols = ", ".join(f"o.{c} AS _old_{c}, i.{c} AS _new_{c}" for c in values)
    differs = " OR ".join(f"o.{c} IS DISTINCT FROM i.{c}" for c in values) or "FALSE"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _diff AS
        SELECT {', '.join(f'i.{k}' for k in keys)}, {row_key_sql(table, 'i')} AS _row_key,
               {diff_cols + ',' if diff_cols else ''} i._source AS _source
        FROM _inc i JOIN {name} o ON {on} WHERE {differs}""")
    total = one(con, "SELECT count(*) FROM _inc")[0]
    matched = one(con, f"SELECT count(*) FROM _inc i JOIN {name} o ON {on}")[0]
    updated = one(con, "SELECT count(*) FROM _diff")[0]

    if updated:
        changes = " UNION ALL ".join(
            f"SELECT _row_key, '{c}', {_as_text(table, c, f'_old_{c}')}, {_as_text(table, c, f'_new_{c}')} "
            f"FROM _diff WHERE _old_{c} IS DISTINCT FROM _new_{c}" for c in values)
        con.execute(f"INSERT INTO change_log SELECT {load_id}, '{name}', * FROM ({changes})")
        sets = ", ".join(f"{c} = d._new_{c}" for c in values)
        match = " AND ".join(f"{name}.{k} = d.{k}" for k in keys)
        con.execute(f"UPDATE {name} SET {sets}, _last_load = {load_id}, _source = d._source "
                    f"FROM _diff d WHERE {match}")
    cols = ", ".join(c.name for c in table.columns)
    con.execute(f"""INSERT INTO {name} ({cols}, _first_load, _last_load, _source)
        SELECT {', '.join(f'i.{c.name}' for c in table.columns)}, {load_id}, {load_id}, i._source
        FROM _inc i WHERE NOT EXISTS (SELECT 1 FROM {name} o WHERE {on})""")
    con.execute("DROP TABLE _inc; DROP TABLE _diff")
    return TableCount(inserted=total - matched, updated=updated, unchanged=matched - updated)


def keep_stored_where_absent(con: duckdb.DuckDBPyConnection, name: str, on: str,
                             absent: set[str]) -> None:
    """A row whose file lacked an optional column keeps that column's stored value, so it
    neither counts as a change nor clears anything (nothing is lost by a narrower file)."""
    for column in sorted(absent):
        con.execute(f"UPDATE _inc SET {column} = o.{column} FROM {name} o "
                    f"WHERE {on} AND list_contains(_inc._absent, '{column}')")


def supersede_decisions(con: duckdb.DuckDBPyConnection, table: str, load_id: int) -> int:
    """RULES.md "Themes": a load that gives a statement its own themes wins over a
    person's earlier acceptance, which is kept and marked superseded by this load."""
    id_col = TABLES[table].id_column
    return one(con, f"""UPDATE theme_decisions SET superseded_by_load = ?
        WHERE decision = 'accept' AND superseded_by_load IS NULL AND statement_table = ?
          AND statement_id IN (SELECT {id_col} FROM {table}
                               WHERE _last_load = ? AND len(coalesce(themes, [])) > 0)""",
                       [load_id, table, load_id])[0]


# ---------------------------------------------------------------- command line

def cli_load(args) -> int:
    """`python -m etl load INPUT... [--db PATH] [--today YYYY-MM-DD]`.

    Exit 0 loaded; 1 input rejected (every problem on stderr, nothing written);
    2 usage or environment error. Never a traceback for bad input.
    """
    db = db_path(args.db)
    try:
        today = date.fromisoformat(args.today) if args.today else None
    except ValueError:
        print(f"error: --today must be a date YYYY-MM-DD (got {args.today!r})", file=sys.stderr)
        return 2
    bar = _progress_bar()
    try:
        report = load_paths([Path(p) for p in args.inputs], db, today=today,
                            progress=bar.step if bar else None)
    except InputRejected as rejected:
        _close(bar)
        for problem in rejected.problems:
            print(str(problem), file=sys.stderr)
        n = len(rejected.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found: nothing was loaded "
              f"(the warehouse {db} is unchanged).", file=sys.stderr)
        return 1
    except EnvironmentProblem as exc:
        _close(bar)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, duckdb.IOException) as exc:  # disk full, permissions: the warehouse as it was
        _close(bar)
        print(f"error: could not write the warehouse {db}: {exc}", file=sys.stderr)
        return 2
    _close(bar)
    print(format_report(report))
    return 0


def format_report(report: LoadReport) -> str:
    what = "loaded" if report.changed else "nothing changed: the rows were already loaded"
    lines = [f"Load {report.load_id} into {report.db}: {what} "
             f"({len(report.files)} file(s), {report.seconds:.1f} s)."]
    if report.timings:
        lines.append("Time: " + ", ".join(f"{k} {v:.1f} s" for k, v in report.timings.items()) + ".")
    lines.append(f"{'table':<16}{'inserted':>10}{'updated':>10}{'unchanged':>11}")
    for name, c in report.counts.items():
        lines.append(f"{name:<16}{c.inserted:>10}{c.updated:>10}{c.unchanged:>11}")
    if report.superseded_decisions:
        lines.append(f"{report.superseded_decisions} accepted theme suggestion(s) superseded "
                     "by themes given in the input.")
    if report.warnings:
        lines.append(f"{len(report.warnings)} warning(s):")
        lines += [f"  warning: {w}" for w in report.warnings[:MAX_PRINTED_WARNINGS]]
        if len(report.warnings) > MAX_PRINTED_WARNINGS:
            lines.append(f"  … and {len(report.warnings) - MAX_PRINTED_WARNINGS} more "
                         f"(all kept in the warehouse's load_warnings table).")
    return "\n".join(lines)


MAX_PRINTED_WARNINGS = 1000


class _Bar:
    """A tqdm bar over the load's steps, shown only on a terminal."""

    STEPS = 3 + len(LOAD_ORDER)  # reading, validating, each table, publishing

    def __init__(self) -> None:
        from tqdm import tqdm
        self.bar = tqdm(total=self.STEPS, unit="step", leave=False, file=sys.stderr)

    def step(self, name: str) -> None:
        self.bar.set_description(name)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def _progress_bar() -> _Bar | None:
    return _Bar() if sys.stdout.isatty() else None


def _close(bar: _Bar | None) -> None:
    if bar:
        bar.close()
