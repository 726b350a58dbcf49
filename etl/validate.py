"""Validation: every rule of the contract, driven by etl/contract.py, as polars expressions.

Why this shape: a national load is millions of rows, and a person fixing a file needs
every problem at once, located. So each rule is one vectorised check over a whole table
that yields a frame of (file, sheet, row, column, message, value); nothing stops at the
first problem, and no rule is written per column by hand — the column's `kind`,
`required`, `values`, `no_future`, `refs`, `theme_list` and `agency` flags drive it.

`Validated.problems` / `.warnings` include the reader's, so a caller needs only this
result: the load is rejected when `problems` is non-empty. Problems are sorted by file,
sheet, row and column order; warnings (unknown agencies, ignored columns/sheets) never
reject a load.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from etl.contract import (CANCELLED_STATUSES, COMPLETE_STATUSES, TABLES, Column, Table)
from etl.problems import Problem
from etl.read import ROW, ReadResult, SourceFrame

SRC = "__src"  # index of the SourceFrame a row came from
FILE, SHEET, SOURCE = "__file", "__sheet", "_source"
# Optional columns the row's file does not have at all: the load keeps their stored
# values (a blank cell clears a value; a column the file never had says nothing).
ABSENT = "_absent"
PROBLEM_SCHEMA = {"file": pl.Utf8, "sheet": pl.Utf8, "row": pl.Int64, "column": pl.Utf8,
                  "message": pl.Utf8, "value": pl.Utf8, "order": pl.Int64}
POLARS_TYPES = {"text": pl.Utf8, "date": pl.Date, "int": pl.Int64, "number": pl.Float64,
                "list": pl.List(pl.Utf8)}
PER_COLUMN_LIMIT = 1000  # problems listed per column of one sheet; the rest are counted
INT_MAX = 2**31 - 1  # the warehouse stores whole numbers as INTEGER
ISO = r"^(\d{4}-\d{1,2}-\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"  # Excel cells: "… 00:00:00"
UK = r"^\d{1,2}/\d{1,2}/\d{4}$"
EXCEL_ERROR = r"^#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!|ERROR)$"


@dataclass
class Validated:
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class Findings:
    """Lazy problem frames, collected together at the end (polars runs them in parallel)."""

    def __init__(self) -> None:
        self.errors: list[pl.LazyFrame] = []
        self.warnings: list[pl.LazyFrame] = []

    def add(self, frame: pl.DataFrame | pl.LazyFrame, mask: pl.Expr, column: str, order: int,
            message: str | pl.Expr, value: pl.Expr | None = None, warning: bool = False) -> None:
        found = frame.lazy().filter(mask).select(
            pl.col(FILE).alias("file"), pl.col(SHEET).alias("sheet"), pl.col(ROW).alias("row"),
            pl.lit(column, pl.Utf8).alias("column"),
            (message if isinstance(message, pl.Expr) else pl.lit(message)).cast(pl.Utf8).alias("message"),
            (pl.lit(None) if value is None else value).cast(pl.Utf8).alias("value"),
            pl.lit(order, pl.Int64).alias("order"))
        (self.warnings if warning else self.errors).append(found)

    def flush(self) -> None:
        """Run the pending checks now, so the frames they read can be freed (memory)."""
        self.errors = [f.lazy() for f in pl.collect_all(self.errors)]
        self.warnings = [f.lazy() for f in pl.collect_all(self.warnings)]

    def collect(self, read: ReadResult) -> tuple[list[Problem], list[Problem]]:
        """All problems and warnings, the reader's included, in file › sheet › row › column order."""
        return (_to_problems([_as_frame(read.problems), *self.errors]),
                _to_problems([_as_frame(read.warnings), *self.warnings]))


def _as_frame(problems: list[Problem]) -> pl.LazyFrame:
    """The reader's problems, sorted before a row's column problems (order -1)."""
    return pl.LazyFrame([(p.file, p.sheet, p.row, p.column, p.message, p.value, -1) for p in problems],
                        schema=PROBLEM_SCHEMA, orient="row")


def _to_problems(frames: list[pl.LazyFrame]) -> list[Problem]:
    """Sorted Problems; past PER_COLUMN_LIMIT in one column of one sheet, a single line
    says how many more there are (a million-row file with a wrong date format must not
    print a million lines or hold a million objects)."""
    found = pl.concat(pl.collect_all(frames), how="vertical")
    group = ["file", "sheet", "column"]
    found = found.with_columns(pl.int_range(pl.len()).over(group, order_by=["row", "order"])
                               .alias("__n"), pl.len().over(group).alias("__count"))
    more = (found.filter(pl.col("__n") == PER_COLUMN_LIMIT).with_columns(
        pl.lit(None, pl.Int64).alias("row"),
        (pl.col("__count") - PER_COLUMN_LIMIT).cast(pl.Utf8).alias("message"),
        pl.lit(None, pl.Utf8).alias("value"), pl.lit(1).alias("__last")))
    more = more.with_columns(pl.col("message") + " more problem(s) in this column, not listed: "
                             "fix the ones above and load again")
    kept = found.filter(pl.col("__n") < PER_COLUMN_LIMIT).with_columns(pl.lit(0).alias("__last"))
    ordered = pl.concat([kept, more]).sort(["file", "sheet", "__last", "row", "order"],
                                           nulls_last=False, maintain_order=True)
    return [Problem(*row) for row in ordered.select(
        "file", "sheet", "row", "column", "message", "value").iter_rows()]


def validate(read: ReadResult, existing_ids: Mapping[str, set[str]], today: date,
             theme_keys: set[str], agencies) -> Validated:
    """Type every table, check every contract rule, and list every problem found.

    `agencies` is an etl.reference.AgencyIndex (anything with `.normalise(name) ->
    (canonical, known)`); `existing_ids[table]` are ids already in the warehouse, so a new
    file may refer to rows loaded earlier.
    """
    findings = Findings()
    typed: dict[str, pl.DataFrame] = {}
    status_dates = None  # the raw completed/cancelled cells of actions, for the status rule
    for name in TABLES:
        sources = [(i, s) for i, s in enumerate(read.sources) if s.table == name]
        if not sources:
            continue
        raw = _combine(TABLES[name], sources, findings)
        typed[name] = _type_table(TABLES[name], raw, findings, today, theme_keys, agencies)
        if name == "actions":
            status_dates = raw.select(pl.col("completed_date").alias("__completed_raw"),
                                      pl.col("cancelled_date").alias("__cancelled_raw"))
        findings.flush()  # the raw text frame is not needed any more
        del raw
    _check_references(typed, existing_ids, findings)
    _check_status_dates(typed, status_dates, findings)
    for name, frame in typed.items():
        _check_duplicates(TABLES[name], frame, findings)
    problems, warnings = findings.collect(read)
    tables = {name: frame.select([*TABLES[name].column_names, SOURCE, ABSENT])
              for name, frame in typed.items()}
    return Validated(tables, problems, warnings)


# ------------------------------------------------------------------------ combining

def _combine(table: Table, sources: list[tuple[int, SourceFrame]],
             findings: Findings) -> pl.DataFrame:
    """One frame per table from every file holding it; a required column missing from a
    file is one problem for that file (its rows are not then reported blank one by one)."""
    parts, lacking = [], {}
    for index, src in sources:
        have = set(src.frame.columns)
        for order, col in enumerate(table.columns):
            if col.name not in have and col.required:
                lacking.setdefault(col.name, []).append(index)
                findings.errors.append(pl.LazyFrame([{
                    "file": src.file, "sheet": src.sheet, "row": None, "column": col.name,
                    "message": "required column is missing", "value": None, "order": order}],
                    schema=PROBLEM_SCHEMA))
        parts.append(src.frame.lazy().select(
            *[(pl.col(c.name).cast(pl.Utf8) if c.name in have else pl.lit(None, pl.Utf8)).alias(c.name)
              for c in table.columns],
            pl.col(ROW).cast(pl.Int64),
            pl.lit(src.file, pl.Utf8).alias(FILE), pl.lit(src.sheet, pl.Utf8).alias(SHEET),
            pl.lit(index, pl.Int64).alias(SRC),
            pl.lit([c.name for c in table.columns if c.name not in have and not c.required],
                   pl.List(pl.Utf8)).alias(ABSENT)))
    frame = pl.concat(parts, how="vertical").with_columns(
        [_blank_to_null(pl.col(c)).alias(c) for c in table.column_names])
    frame = frame.with_columns(pl.concat_str(
        [pl.col(FILE), pl.col(SHEET), pl.lit("row ") + pl.col(ROW).cast(pl.Utf8)],
        separator=" › ", ignore_nulls=True).alias(SOURCE)).collect()
    for order, col in enumerate(table.columns):
        if col.required:
            mask = pl.col(col.name).is_null() & ~pl.col(SRC).is_in(lacking.get(col.name, []))
            findings.add(frame, mask, col.name, order, "a value is required but the cell is blank")
        findings.add(frame, pl.col(col.name).str.contains(EXCEL_ERROR), col.name, order,
                     "holds an Excel error; correct the formula or type the value", pl.col(col.name))
    # Error cells are reported once, above; typing then treats them as empty.
    return frame.with_columns(pl.when(pl.col(c).str.contains(EXCEL_ERROR)).then(None)
                              .otherwise(pl.col(c)).alias(c) for c in table.column_names)


def _blank_to_null(expr: pl.Expr) -> pl.Expr:
    text = expr.str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


# -------------------------------------------------------------------------- typing

def _type_table(table: Table, frame: pl.DataFrame, findings: Findings, today: date,
                theme_keys: set[str], agencies) -> pl.DataFrame:
    """Raw text → contract types; every value that cannot be typed is a problem."""
    out = [pl.col(SOURCE), pl.col(ROW), pl.col(FILE), pl.col(SHEET), pl.col(ABSENT)]
    for order, col in enumerate(table.columns):
        raw = pl.col(col.name)
        value = _shown(raw)
        if col.kind == "date":
            typed = parse_date(raw)
            findings.add(frame, raw.is_not_null() & typed.is_null(), col.name, order,
                         "is not a date (use YYYY-MM-DD or DD/MM/YYYY)", value)
            if col.no_future:
                findings.add(frame, typed > pl.lit(today), col.name, order,
                             f"is later than the day of the load, {today.isoformat()}", value)
        elif col.kind == "number":
            typed = parse_number(raw)
            findings.add(frame, raw.is_not_null() & typed.is_null(), col.name, order,
                         "is not a number", value)
        elif col.kind == "int":
            typed = parse_int(raw)
            findings.add(frame, raw.is_not_null() & typed.is_null(), col.name, order,
                         "is not a whole number of 0 or more", value)
        elif col.kind == "list":
            typed = split_list(raw, theme=col.theme_list)
        else:
            typed = raw
        if col.values:
            typed = _listed(frame, col, order, findings)
        if col.agency:
            typed = _agencies(frame, col, order, typed, findings, agencies)
        if col.theme_list:
            _check_themes(frame, col, order, typed, findings, theme_keys)
        out.append(typed.cast(POLARS_TYPES[col.kind]).alias(col.name))
    return frame.select(out)


def _shown(raw: pl.Expr) -> pl.Expr:
    """The value as a person typed it; Excel date cells lose calamine's ' 00:00:00'."""
    return raw.str.replace(r" 00:00:00$", "")


def parse_date(raw: pl.Expr) -> pl.Expr:
    """ISO text or a real Excel date (read as ISO date-time) or UK DD/MM/YYYY text."""
    iso = raw.str.extract(ISO, 1).str.to_date("%Y-%m-%d", strict=False)
    uk = pl.when(raw.str.contains(UK)).then(raw).otherwise(None).str.to_date("%d/%m/%Y", strict=False)
    return pl.coalesce(iso, uk)


def parse_number(raw: pl.Expr) -> pl.Expr:
    number = raw.cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number).otherwise(None)


def parse_int(raw: pl.Expr) -> pl.Expr:
    number = raw.cast(pl.Float64, strict=False)
    ok = number.is_finite() & (number == number.floor()) & (number >= 0) & (number <= INT_MAX)
    return pl.when(ok).then(number).otherwise(None).cast(pl.Int64)


def split_list(raw: pl.Expr, theme: bool = False) -> pl.Expr:
    """`a; b;;c` → [a, b, c]; an empty list is NULL. Theme keys are matched like names
    (case, spaces and hyphens do not matter: `Voice of child` = `voice_of_child`)."""
    item = pl.element().str.strip_chars()
    if theme:
        item = item.str.to_lowercase().str.replace_all(r"[\s\-_]+", "_")
    items = raw.str.split(";").list.eval(item.filter(item != "")).list.unique(maintain_order=True)
    return pl.when(items.list.len() > 0).then(items).otherwise(None)


def _listed(frame: pl.DataFrame, col: Column, order: int, findings: Findings) -> pl.Expr:
    """Case-insensitive match to the stored spelling; anything else is a problem."""
    spelling = {v.lower(): v for v in col.values}
    raw = pl.col(col.name)
    typed = raw.str.to_lowercase().replace_strict(spelling, default=None, return_dtype=pl.Utf8)
    findings.add(frame, raw.is_not_null() & typed.is_null(), col.name, order,
                 "is not one of: " + ", ".join(col.values), raw)
    return typed


def _agencies(frame: pl.DataFrame, col: Column, order: int, typed: pl.Expr,
              findings: Findings, agencies) -> pl.Expr:
    """Canonical agency names (aliases resolved once per distinct name, not per row);
    an unknown name is kept as typed with a warning, never an error."""
    values = frame.select(typed.alias("v"))["v"]
    names = values.explode().drop_nulls().unique() if col.kind == "list" else values.drop_nulls().unique()
    canonical, unknown = {}, []
    for name in names.to_list():
        canonical[name], known = agencies.normalise(name)
        if not known:
            unknown.append(name)
    message = "unknown agency, kept as written (check the spelling or add it to data/agencies.csv)"
    if col.kind == "list":
        exploded = frame.lazy().select(FILE, SHEET, ROW, typed.alias("__agency")).explode("__agency")
        findings.add(exploded, pl.col("__agency").is_in(unknown), col.name, order, message,
                     pl.col("__agency"), warning=True)
        return typed.list.eval(pl.element().replace_strict(canonical, default=pl.element(),
                                                           return_dtype=pl.Utf8))
    findings.add(frame, typed.is_in(unknown), col.name, order, message, typed, warning=True)
    return typed.replace_strict(canonical, default=typed, return_dtype=pl.Utf8)


def _check_themes(frame: pl.DataFrame, col: Column, order: int, typed: pl.Expr,
                  findings: Findings, theme_keys: set[str]) -> None:
    exploded = frame.lazy().select(FILE, SHEET, ROW, typed.alias("__theme")).explode("__theme")
    findings.add(exploded, pl.col("__theme").is_not_null()
                 & ~pl.col("__theme").is_in(sorted(theme_keys)), col.name, order,
                 "is not a known theme key (see the typology)", pl.col("__theme"))


# -------------------------------------------------------------------- cross-row rules

def _check_references(typed: dict[str, pl.DataFrame], existing_ids: Mapping[str, set[str]],
                      findings: Findings) -> None:
    """An id a row refers to must be in this input or already in the warehouse."""
    ids: dict[str, pl.Series] = {}
    for name, table in TABLES.items():
        if table.id_column:
            here = typed[name][table.id_column].drop_nulls() if name in typed else pl.Series([], dtype=pl.Utf8)
            there = pl.Series(list(existing_ids.get(name, ())), dtype=pl.Utf8)
            ids[name] = pl.concat([here, there]).unique()
    for name, frame in typed.items():
        for order, col in enumerate(TABLES[name].columns):
            if not col.refs:
                continue
            allowed = pl.concat([ids[t] for t in col.refs]).unique()
            names = [TABLES[t].id_column for t in col.refs]
            wanted = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)
            findings.add(frame, pl.col(col.name).is_not_null() & ~pl.col(col.name).is_in(allowed.implode()),
                         col.name, order,
                         f"refers to an unknown {wanted}: in neither this input nor the "
                         "warehouse", pl.col(col.name))


def _check_status_dates(typed: dict[str, pl.DataFrame], status_dates: pl.DataFrame | None,
                        findings: Findings) -> None:
    """A completed action needs completed_date; a cancelled or superseded one cancelled_date.
    Judged on the raw cell so an unparseable date is reported once, as unparseable."""
    if "actions" not in typed or status_dates is None:
        return
    table = TABLES["actions"]
    frame = typed["actions"].hstack(status_dates)
    for column, raw, statuses in (("completed_date", "__completed_raw", COMPLETE_STATUSES),
                                  ("cancelled_date", "__cancelled_raw", CANCELLED_STATUSES)):
        order = table.column_names.index(column)
        findings.add(frame, pl.col("status").is_in(statuses) & pl.col(raw).is_null(), column, order,
                     pl.lit("is required when status is '") + pl.col("status") + pl.lit("'"))


def _check_duplicates(table: Table, frame: pl.DataFrame, findings: Findings) -> None:
    """A key given twice in one load (in one file or across files): every repeat is a
    problem that names where the key was first given."""
    key = list(table.key)
    complete = pl.all_horizontal([pl.col(k).is_not_null() for k in key])
    marked = frame.lazy().filter(complete).with_columns(
        pl.col(SOURCE).first().over(key).alias("__first"),
        (pl.int_range(pl.len()).over(key) > 0).alias("__repeat"))
    shown = pl.concat_str([pl.col(k).cast(pl.Utf8) for k in key], separator="|")
    what = "id" if len(key) == 1 else "combination of " + ", ".join(key)
    order = table.column_names.index(key[0])
    findings.add(marked, pl.col("__repeat"), ", ".join(key), order,
                 pl.lit(f"duplicate {what}: already given at ") + pl.col("__first"), shown)
