"""Input readers: a folder of CSVs and/or workbooks, or one workbook → raw polars frames.

Every value stays text (validation types it), every frame carries `__row`, the row number
a person sees in Excel (header = row 1), so each problem can say exactly where it is.
A file that cannot be read is a located problem, never an exception: a load lists every
problem of every input at once.

Where things are shown to the user:
- `SourceFrame.file` is the path as the user typed it; for a file found inside a folder
  input it is that folder joined with the file name (`inputs/actions.csv`).
- `SourceFrame.sheet` is the sheet name as written in the workbook, None for a CSV (so a
  CSV problem reads `inputs/actions.csv › row 5 › due_date: …`).

Workbooks are read with calamine (fastexcel) with every cell as text: formulas give their
cached values, real Excel dates come out as `YYYY-MM-DD 00:00:00`, which validation
accepts alongside ISO and UK `DD/MM/YYYY` text; error cells (`#N/A`) keep their text so
validation can name them.

Decisions (the contract leaves them open):
- The header must be on row 1. If row 1 is blank, or holds none of the table's column
  names while a lower row does, that is an error naming the row found — we never guess.
- A column name given twice (after name matching) is an error; a column without a name
  but with data is ignored with a warning.
- A known sheet that is entirely empty is ignored with a warning; a header-only sheet
  (the blank template) is fine.
- Merged cells in a table sheet are an error naming the range (calamine hides them, so
  the sheet XML is scanned for `<mergeCell>`).
- In a folder: hidden files, Excel lock files (`~$…`) and README files are skipped
  silently, other unknown files with a warning; an old `.xls` is an error.
- A path that does not exist raises EnvironmentProblem (exit 2, a usage error).
"""
from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import fastexcel
import polars as pl

from etl.contract import TABLES, normalise_name
from etl.problems import EnvironmentProblem, Problem

ROW = "__row"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
HEADER_SEARCH_ROWS = 20  # how far down we look to tell "header on the wrong row" apart
BOM = b"\xef\xbb\xbf"


@dataclass
class SourceFrame:
    """One table's rows from one file (or sheet): contract column names, raw text values."""

    table: str
    file: str
    sheet: str | None
    frame: pl.DataFrame
    header_row: int = 1


@dataclass
class ReadResult:
    sources: list[SourceFrame] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def extend(self, other: ReadResult) -> None:
        self.sources += other.sources
        self.problems += other.problems
        self.warnings += other.warnings


def table_for(name: str) -> str | None:
    """The contract table a sheet or CSV stem names, if any."""
    key = normalise_name(name)
    return key if key in TABLES else None


def read_inputs(paths: list[Path]) -> ReadResult:
    """Read every input a load names. A path that does not exist is an environment error
    (exit 2, per the issue); anything wrong inside a file is a Problem (exit 1)."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise EnvironmentProblem("input not found: " + ", ".join(missing))
    result = ReadResult()
    for path in paths:
        result.extend(read_path(Path(path), str(path)))
    return result


def read_path(path: Path, shown: str) -> ReadResult:
    if path.is_dir():
        return read_folder(path, shown)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return read_workbook(path, shown)
    if suffix == ".csv" and table_for(path.stem):
        return read_csv_file(path, shown, table_for(path.stem))
    return ReadResult(problems=[Problem(
        shown, message="is not a folder or an .xlsx workbook (a CSV file must be named "
        "after its table, e.g. actions.csv)")])


def read_folder(folder: Path, shown: str) -> ReadResult:
    """Top-level `<table>.csv` files and every workbook; anything else is ignored with a warning."""
    result = ReadResult()
    found: list[str] = []
    used = 0
    for entry in sorted(folder.iterdir(), key=lambda p: p.name.lower()):
        if entry.name.startswith((".", "~$")) or entry.is_dir() or entry.stem.lower() == "readme":
            continue  # hidden files, Excel's lock files and a folder's README are never inputs
        found.append(entry.name)
        where = os.path.join(shown, entry.name)
        suffix = entry.suffix.lower()
        if suffix in WORKBOOK_SUFFIXES:
            part = read_workbook(entry, where)
        elif suffix == ".csv" and table_for(entry.stem):
            part = read_csv_file(entry, where, table_for(entry.stem))
        elif suffix == ".xls":
            result.problems.append(Problem(where, message="is an old-format .xls workbook; "
                                           "save it as .xlsx"))
            used += 1  # it was meant as an input: the problem above says what to do
            continue
        else:
            result.warnings.append(Problem(where, message="ignored: not a contract table "
                                           "(expected <table>.csv or an .xlsx workbook)"))
            continue
        used += 1
        result.extend(part)
    if not used:
        result.problems.append(Problem(
            shown, message="no contract tables found: expected files named <table>.csv "
            "(e.g. actions.csv) or .xlsx workbooks with sheets named after tables",
            value="found: " + (", ".join(found) if found else "nothing")))
    return result


# ---------------------------------------------------------------- shared header handling

def _known_columns(table: str) -> set[str]:
    return set(TABLES[table].column_names)


def _header_elsewhere(rows: list[list[object]], table: str) -> int | None:
    """Excel row number (2…) of the first row below row 1 holding any known column name."""
    known = _known_columns(table)
    for i, row in enumerate(rows[1:HEADER_SEARCH_ROWS], start=2):
        if any(cell is not None and normalise_name(cell) in known for cell in row):
            return i
    return None


def _check_header_row(rows: list[list[object]], table: str, file: str,
                      sheet: str | None) -> Problem | None:
    """Row 1 must be the header. We never guess: a header lower down is an error."""
    first = rows[0] if rows else []
    blank = all(c is None or str(c).strip() == "" for c in first)
    known = _known_columns(table)
    if not blank and any(c is not None and normalise_name(c) in known for c in first):
        return None
    lower = _header_elsewhere(rows, table)
    if blank:
        hint = f"column names found on row {lower}" if lower else "row 1 is blank"
        return Problem(file, sheet, 1, None, "the header must be on row 1", hint)
    if lower:
        return Problem(file, sheet, 1, None, "the header must be on row 1",
                       f"column names found on row {lower}")
    return None  # a header of unknown names: unknown-column warnings and missing columns say it


def _map_header(header: list[object], table: str, file: str, sheet: str | None,
                result: ReadResult, has_data: list[bool], first_column: int = 0) -> dict[int, str]:
    """Position → contract column name. Unknown names are dropped with a warning; a name
    given twice is an error (we cannot know which one the user meant). `first_column` is
    the sheet column of position 0, so letters match what a person sees."""
    known = _known_columns(table)
    mapping: dict[int, str] = {}
    seen: dict[str, int] = {}
    for pos, raw in enumerate(header):
        text = "" if raw is None else str(raw).strip()
        if not text:
            if has_data[pos]:
                result.warnings.append(Problem(file, sheet, None, f"column {_letter(first_column + pos)}",
                                               "column has no name in row 1; ignored"))
            continue
        name = normalise_name(text)
        if name in seen:
            result.problems.append(Problem(
                file, sheet, 1, text, "column name appears more than once",
                f"columns {_letter(first_column + seen[name])} and {_letter(first_column + pos)}"))
            continue
        seen[name] = pos
        if name in known:
            mapping[pos] = name
        else:
            result.warnings.append(Problem(file, sheet, None, text,
                                           f"not a column of table {table}; ignored"))
    return mapping


def _letter(pos: int) -> str:
    """0 → A, 27 → AB: the column letter a person sees."""
    letters = ""
    pos += 1
    while pos:
        pos, rem = divmod(pos - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _finish(raw: pl.DataFrame, mapping: dict[int, str], first_row: int,
            spaces_are_null: bool = False) -> pl.DataFrame:
    """Keep mapped columns, add `__row` (Excel numbering) and drop fully blank rows.
    `spaces_are_null`: the reader already made whitespace-only cells null (calamine)."""
    cols = raw.columns
    frame = raw.select([pl.col(cols[pos]).cast(pl.Utf8).alias(name)
                        for pos, name in mapping.items()])
    frame = frame.lazy().with_row_index(ROW, offset=first_row).with_columns(pl.col(ROW).cast(pl.Int64))
    if mapping:
        blank = pl.all_horizontal([
            pl.col(c).is_null() if spaces_are_null
            else pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in mapping.values()])
        frame = frame.filter(~blank)
    return frame.select([*mapping.values(), ROW]).collect()


# ------------------------------------------------------------------------------- CSV

def read_csv_file(path: Path, shown: str, table: str) -> ReadResult:
    result = ReadResult()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        result.problems.append(Problem(shown, message=f"cannot be read ({exc.strerror})"))
        return result
    problem = _csv_file_problem(raw, shown)
    if problem:
        result.problems.append(problem)
        return result
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    head_rows = _csv_head(raw)
    header = head_rows[0] if head_rows else []
    separator = _separator_problem(raw, header, table, shown)
    if separator:
        result.problems.append(separator)
        return result
    bad_header = _check_header_row(head_rows, table, shown, None)
    if bad_header:
        result.problems.append(bad_header)
        return result
    try:
        data = _polars_csv(raw, len(header))
    except pl.exceptions.PolarsError as exc:
        # Usually more cells than the header in some row: say which rows, then read what we can.
        ragged = _ragged_rows(raw, len(header), shown)
        try:
            if not ragged:
                raise exc
            data = _polars_csv(raw, len(header), truncate=True)
        except pl.exceptions.PolarsError as again:
            result.problems.append(Problem(shown, message=f"cannot be read as CSV: {_short(again)}"))
            return result
        result.problems += ragged
    has_data = [data[c].drop_nulls().len() > 0 for c in data.columns]
    mapping = _map_header(header, table, shown, None, result, has_data)
    result.sources.append(SourceFrame(table, shown, None, _finish(data, mapping, 2)))
    return result


def _polars_csv(raw: bytes, width: int, truncate: bool = False) -> pl.DataFrame:
    """Every cell as text (no type guessing: validation types each column by the contract)."""
    return pl.read_csv(io.BytesIO(raw), has_header=True, infer_schema=False,
                       new_columns=[f"c{i}" for i in range(width)], truncate_ragged_lines=truncate)


def _csv_file_problem(raw: bytes, shown: str) -> Problem | None:
    """Empty, binary or not UTF-8: the file as a whole cannot be a CSV."""
    body = raw[len(BOM):] if raw.startswith(BOM) else raw
    if not body.strip():
        return Problem(shown, message="the file is empty")
    if body.startswith(b"PK\x03\x04"):
        return Problem(shown, message="is not a CSV file: it looks like a workbook or zip "
                       "file (save it as .xlsx, or export it as CSV UTF-8)")
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Problem(shown, message="is UTF-16 text (Excel's 'Unicode Text'); save it as "
                       "'CSV UTF-8 (comma delimited)'")
    if b"\x00" in body[:65536]:
        return Problem(shown, message="is not a CSV file: it holds binary data")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        return Problem(shown, None, line, None,
                       "is not UTF-8 text; save it as 'CSV UTF-8 (comma delimited)'",
                       f"byte 0x{body[exc.start]:02x}")
    return None


def _csv_head(raw: bytes) -> list[list[str | None]]:
    """The first rows, parsed with the csv module (quotes respected), blanks as None."""
    text = raw[:262144].decode("utf-8", errors="replace")
    lines = text.splitlines(keepends=True)[:HEADER_SEARCH_ROWS]
    rows = list(csv.reader(lines))
    return [[c if c.strip() else None for c in r] for r in rows]


def _separator_problem(raw: bytes, header: list[str | None], table: str,
                       shown: str) -> Problem | None:
    """A `;`- or tab-separated file (Excel's CSV in many European locales, or its 'Text'
    export): say what we found rather than report every column missing."""
    first_line = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    if "\t" in first_line and len(header) <= 1:
        return Problem(shown, None, 1, None,
                       "the columns are separated by tabs; the contract needs commas — "
                       "export it as 'CSV UTF-8 (comma delimited)'",
                       f"found {first_line.count(chr(9)) + 1} columns separated by tabs")
    if ";" not in first_line:
        return None
    known = _known_columns(table)
    by_comma = sum(1 for c in header if c and normalise_name(c) in known)
    by_semicolon = sum(1 for c in first_line.split(";") if normalise_name(c.strip('"\r ')) in known)
    if by_semicolon > by_comma or (len(header) <= 1 and first_line.count(";") >= 1):
        return Problem(shown, None, 1, None,
                       "the columns are separated by semicolons (;); the contract needs "
                       "commas — export it as 'CSV UTF-8 (comma delimited)'",
                       f"found {first_line.count(';') + 1} columns separated by ';'")
    return None


def _ragged_rows(raw: bytes, width: int, shown: str) -> list[Problem]:
    """Rows with more (non-blank) cells than the header, located by the csv module."""
    problems = []
    reader = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))
    for row_number, row in enumerate(reader, start=1):
        extra = [c for c in row[width:] if c.strip()]
        if row_number > 1 and extra:
            problems.append(Problem(shown, None, row_number, None,
                                    f"has {len(row)} cells but the header has {width}",
                                    extra[0]))
    return problems


# -------------------------------------------------------------------------- workbooks

def read_workbook(path: Path, shown: str) -> ReadResult:
    result = ReadResult()
    if path.stat().st_size == 0:
        result.problems.append(Problem(shown, message="the file is empty"))
        return result
    try:
        book = fastexcel.read_excel(path)
        sheets = list(book.sheet_names)
    except Exception as exc:  # calamine raises several types for a file it cannot parse
        result.problems.append(Problem(shown, message="cannot be read as an Excel workbook "
                                       f"(.xlsx): {_short(exc)}"))
        return result
    tables = {name: table_for(name) for name in sheets}
    if not any(tables.values()):
        result.problems.append(Problem(
            shown, message="none of the sheets is a contract table (sheets must be named "
            "after tables, e.g. actions)", value="sheets found: " + ", ".join(sheets)))
        return result
    merged = merged_ranges(path, [s for s, t in tables.items() if t])
    for sheet, table in tables.items():
        if table is None:
            result.warnings.append(Problem(shown, sheet, message="sheet ignored: not a contract table"))
            continue
        for ref in merged.get(sheet, []):
            result.problems.append(Problem(shown, sheet, _first_row(ref), None,
                                           "merged cells are not allowed; unmerge them and "
                                           "fill every cell", ref))
        result.extend(_read_sheet(book, path, shown, sheet, table))
    return result


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _read_sheet(book: fastexcel.ExcelReader, path: Path, shown: str, sheet: str,
                table: str) -> ReadResult:
    result = ReadResult()
    try:
        # header_row=None + skip_rows=0: row i of the frame is Excel row i + 1, blank
        # leading rows included, so row numbers are exact.
        loaded = book.load_sheet(sheet, header_row=None, skip_rows=0, dtypes="string",
                                 whitespace_as_null=True)
        columns = loaded.available_columns()
        first_column = columns[0].absolute_index - columns[0].index if columns else 0
        batch, errors = loaded.to_arrow_with_errors()
        raw = _with_error_text(pl.from_arrow(batch), errors)
    except Exception as exc:
        result.problems.append(Problem(shown, sheet, message=f"cannot be read: {_short(exc)}"))
        return result
    if raw.height == 0 or raw.width == 0:
        result.warnings.append(Problem(shown, sheet, message="sheet is empty; ignored"))
        return result
    head_rows = [list(r) for r in raw.head(HEADER_SEARCH_ROWS).iter_rows()]
    bad_header = _check_header_row(head_rows, table, shown, sheet)
    if bad_header:
        result.problems.append(bad_header)
        return result
    data = raw.slice(1)
    has_data = [data[c].null_count() < data.height for c in data.columns]
    mapping = _map_header(head_rows[0], table, shown, sheet, result, has_data, first_column)
    result.sources.append(SourceFrame(table, shown, sheet,
                                      _finish(data, mapping, 2, spaces_are_null=True)))
    return result


EXCEL_ERRORS = {"Div0": "#DIV/0!", "NA": "#N/A", "Value": "#VALUE!", "Ref": "#REF!",
                "Name": "#NAME?", "Null": "#NULL!", "Num": "#NUM!", "GettingData": "#GETTING_DATA"}


def _with_error_text(frame: pl.DataFrame, errors) -> pl.DataFrame:
    """Error cells (`#N/A`, `#DIV/0!`) come back from calamine as nulls; put the error's
    text back so validation reports "holds an Excel error" rather than a blank cell."""
    if not errors or not errors.errors:
        return frame
    by_column: dict[int, tuple[list[int], list[str]]] = {}
    for error in errors.errors:
        row, col = error.offset_position
        match = re.search(r"Error\((\w+)\)", error.detail or "")
        text = EXCEL_ERRORS.get(match.group(1), f"#{match.group(1).upper()}") if match else "#ERROR"
        rows, texts = by_column.setdefault(col, ([], []))
        rows.append(row)
        texts.append(text)
    index = pl.int_range(pl.len())
    return frame.with_columns(
        pl.coalesce(index.replace_strict(rows, texts, default=None, return_dtype=pl.Utf8),
                    pl.col(frame.columns[col]).cast(pl.Utf8)).alias(frame.columns[col])
        for col, (rows, texts) in by_column.items())


# ------------------------------------------------------------------------ merged cells

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def merged_ranges(path: Path, sheets: list[str]) -> dict[str, list[str]]:
    """Sheet name → merged ranges (`A2:A3`), read straight from the sheet XML.

    calamine hides merges (it returns the value in the top-left cell only), so we stream the
    sheet part in chunks and look for `<mergeCell ref=…>`: cheap even for a 50 MB sheet,
    and it never holds the whole XML in memory.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            parts = _sheet_parts(zf)
            return {s: _scan_merges(zf, parts[s]) for s in sheets if s in parts}
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return {}  # not a zip workbook (calamine read it anyway): no merge check possible


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", _NS)}
    parts = {}
    for sheet in book.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[sheet.get("name")] = part
    return parts


def _scan_merges(zf: zipfile.ZipFile, part: str) -> list[str]:
    found: list[str] = []
    tail = b""
    with zf.open(part) as fh:
        while chunk := fh.read(1 << 22):
            block = tail + chunk
            if b"mergeCell" not in block:  # the usual case: no regex over megabytes of XML
                tail = block[-512:]
                continue
            last_end = 0
            for match in _MERGE.finditer(block):
                found.append(match.group(1).decode())
                last_end = match.end()
            # A tag cut in two by the chunk boundary is completed by the next chunk.
            tail = block[max(last_end, len(block) - 512):]
    return found


def _first_row(ref: str) -> int | None:
    match = re.match(r"[A-Z]+([0-9]+)", ref)
    return int(match.group(1)) if match else None
