"""Build a report for a board and period and turn it into files (CLI) or bytes (page).

WHY here and not in the CLI: the Reports page and the command line must produce the
same documents, so both call `quarterly_bytes`/`annual_bytes` (page) or
`write_quarterly`/`write_annual` (CLI) which share `make_quarterly`/`make_annual`.
"""
from __future__ import annotations

import dataclasses
import json
import os
from datetime import date
from pathlib import Path
from typing import Callable, Literal

import duckdb

from dashboard.report.images import ChartRenderer
from dashboard.report.model import Report

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
Format = Literal["docx", "pdf", "xlsx", "json"]
QUARTERLY_FORMATS: tuple[Format, ...] = ("docx", "pdf", "xlsx", "json")
ANNUAL_FORMATS: tuple[Format, ...] = ("docx", "pdf", "xlsx")
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


class ReportUsageError(Exception):
    """A request that cannot be met as asked (unknown board, malformed period, no
    warehouse): the CLI prints it and exits 2, the page shows it."""


# --- inputs -------------------------------------------------------------------------

def open_warehouse(db: str | os.PathLike | None) -> duckdb.DuckDBPyConnection:
    from etl.config import db_path

    path = db_path(db)
    if not Path(path).is_file():
        raise ReportUsageError(f"no warehouse at {path}: load the board's files first "
                               f"(python -m etl load INPUT --db {path})")
    try:
        from etl.warehouse import connect_readonly
        return connect_readonly(Path(path))
    except ImportError:  # pragma: no cover - the load helper's module is in place
        return duckdb.connect(str(path), read_only=True)
    except Exception as exc:  # EnvironmentProblem and duckdb errors: plain message
        raise ReportUsageError(str(exc)) from exc


def boards(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Boards as loaded — the same list figures.json checks against."""
    from etl.figures import known_boards

    return known_boards(con)


def check_board(con: duckdb.DuckDBPyConnection, board: str) -> str:
    known = boards(con)
    if board not in known:
        listed = ", ".join(repr(b) for b in known) or "none loaded yet"
        raise ReportUsageError(f"unknown board {board!r}: boards in this warehouse are {listed} "
                               "(names match exactly as loaded)")
    return board


def parse_quarter(text: str):
    from etl.periods import Quarter

    try:
        return Quarter.parse(text.strip())
    except (ValueError, TypeError) as exc:
        raise ReportUsageError(f"malformed quarter {text!r}: write it like 2026Q2 "
                               "(calendar quarter; 2026Q2 = April–June 2026)") from exc


def parse_year(text: str):
    """'2025-26' → financial year (April–March); '2025' → calendar year."""
    from etl.periods import FinancialYear, Year

    text = text.strip()
    try:
        if "-" in text or "/" in text:
            return FinancialYear.parse(text.replace("/", "-"))
        return Year.parse(text)
    except (ValueError, TypeError) as exc:
        raise ReportUsageError(f"malformed year {text!r}: write a financial year like 2025-26 "
                               "or a calendar year like 2025") from exc


# --- building -----------------------------------------------------------------------

def make_quarterly(con, board: str, quarter_text: str, marking: str = DEFAULT_MARKING,
                   produced: date | None = None) -> Report:
    from dashboard.report.quarterly import build_quarterly

    quarter = parse_quarter(quarter_text)
    check_board(con, board)
    return build_quarterly(con, board, quarter, marking=marking, produced=produced or date.today())


def make_annual(con, board: str, year_text: str, marking: str = DEFAULT_MARKING,
                produced: date | None = None) -> Report:
    from dashboard.report.annual import build_annual

    year = parse_year(year_text)
    check_board(con, board)
    return build_annual(con, board, year, marking=marking, produced=produced or date.today())


def figures_json(con, board: str, quarter_text: str) -> bytes:
    """figures.json exactly as the metric layer's `quarter_figures` gives it."""
    from etl.figures import quarter_figures

    data = quarter_figures(con, board, parse_quarter(quarter_text))
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def render(report: Report, fmt: Format, renderer: ChartRenderer) -> bytes:
    """One format's bytes. Charts are drawn first (all at once), so a chart problem is known
    before the cover is written and the cover can say so."""
    if fmt in ("docx", "pdf"):
        renderer.prerender(report.charts(), ("png",) if fmt == "docx" else ("svg",))
        extra = [w for w in renderer.warnings if w not in report.warnings]
        if extra:
            report = dataclasses.replace(report, warnings=[*report.warnings, *extra])
    if fmt == "docx":
        from dashboard.report.docx_writer import write_docx
        return write_docx(report, renderer)
    if fmt == "pdf":
        from dashboard.report.pdf_writer import write_pdf
        return write_pdf(report, renderer)
    if fmt == "xlsx":
        from dashboard.report.xlsx_tracker import write_xlsx
        return write_xlsx(report)
    raise ValueError(f"no writer for {fmt!r}")


def file_name(report: Report, fmt: Format) -> str:
    if fmt == "json":
        return "figures.json"
    suffix = "-tracker" if fmt == "xlsx" and report.kind == "quarterly" else ""
    return f"{report.file_stem}{suffix}.{fmt}"


def _write_all(report: Report, formats: tuple[Format, ...], out: Path,
               renderer: ChartRenderer | None, extra: dict[str, Callable[[], bytes]]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    own = renderer is None
    renderer = renderer or ChartRenderer()
    written: list[Path] = []
    try:
        wanted = tuple(f for f, w in (("png", "docx"), ("svg", "pdf")) if w in formats)
        renderer.prerender(report.charts(), wanted)
        for fmt in formats:
            data = extra[fmt]() if fmt in extra else render(report, fmt, renderer)
            path = out / file_name(report, fmt)
            path.write_bytes(data)
            written.append(path)
    finally:
        if own:
            renderer.close()
    report.warnings.extend(w for w in renderer.warnings if w not in report.warnings)
    return written


def write_quarterly(db, board: str, quarter: str, out, marking: str = DEFAULT_MARKING,
                    renderer: ChartRenderer | None = None,
                    produced: date | None = None) -> tuple[list[Path], list[str]]:
    """Write .docx, .pdf, tracker .xlsx and figures.json into `out`; return paths, warnings."""
    con = open_warehouse(db)
    try:
        report = make_quarterly(con, board, quarter, marking, produced)
        written = _write_all(report, QUARTERLY_FORMATS, Path(out), renderer,
                             {"json": lambda: figures_json(con, board, quarter)})
    finally:
        con.close()
    return written, report.warnings


def write_annual(db, board: str, year: str, out, marking: str = DEFAULT_MARKING,
                 renderer: ChartRenderer | None = None,
                 produced: date | None = None) -> tuple[list[Path], list[str]]:
    con = open_warehouse(db)
    try:
        report = make_annual(con, board, year, marking, produced)
        written = _write_all(report, ANNUAL_FORMATS, Path(out), renderer, {})
    finally:
        con.close()
    return written, report.warnings

