"""The full tracker as a workbook: one sheet per table, native dates and numbers.

Every sheet has a frozen header row (and first column), a filter on every column
and conditional formats on RAG columns, so the business unit can sort and filter
the tracker in Excel without losing the colours. Values stay native (dates as
dates, percentages as numbers) so formulas still work on them.
"""
from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import xlsxwriter

from dashboard.report.fmt import long_date
from dashboard.report.model import Report, Sheet

RAG_COLOURS = {"Red": ("#F4CCCC", "#9C0006"), "Amber": ("#FCE5CD", "#7F4F00"),
               "Green": ("#D9EAD3", "#274E13"), "Blue": ("#CFE2F3", "#073763")}
MAX_WIDTH = 60


def write_xlsx(report: Report) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "remove_timezone": True})
    wb.set_properties({"title": f"{report.title} – {report.board} – {report.period_label}",
                       "subject": report.marking, "company": report.board,
                       "comments": "Figures from the Learning & Impact warehouse"})
    styles = _styles(wb)
    _about_sheet(wb, report, styles)
    for sheet in report.sheets:
        _sheet(wb, sheet, styles)
    wb.close()
    return buf.getvalue()


def _styles(wb: xlsxwriter.Workbook) -> dict[str, Any]:
    return {
        "header": wb.add_format({"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF",
                                 "text_wrap": True, "valign": "top", "border": 1}),
        "date": wb.add_format({"num_format": "dd/mm/yyyy"}),
        "pct": wb.add_format({"num_format": "0.0"}),
        "number": wb.add_format({"num_format": "#,##0.##"}),
        "text": wb.add_format({"text_wrap": False, "valign": "top"}),
        "bold": wb.add_format({"bold": True}),
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "rag": {name: wb.add_format({"bg_color": bg, "font_color": fg})
                for name, (bg, fg) in RAG_COLOURS.items()},
    }


def _safe_name(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31]


def _about_sheet(wb: xlsxwriter.Workbook, report: Report, styles: dict[str, Any]) -> None:
    ws = wb.add_worksheet("About")
    ws.write(0, 0, report.marking, styles["bold"])
    ws.write(1, 0, f"{report.title}: tracker", styles["title"])
    rows = [("Board", report.board), ("Period", report.period_label),
            ("Figures as of", long_date(report.as_of)), ("Date produced", long_date(report.produced)),
            ("Protective marking", report.marking)]
    rows += [("Sheet: " + s.name, s.table.caption) for s in report.sheets]
    for i, (k, v) in enumerate(rows, start=3):
        ws.write(i, 0, k, styles["bold"])
        ws.write(i, 1, v)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 90)
    ws.set_header(f"&C&B{report.marking}")
    ws.set_footer(f"&C&B{report.marking}")


def _sheet(wb: xlsxwriter.Workbook, sheet: Sheet, styles: dict[str, Any]) -> None:
    ws = wb.add_worksheet(_safe_name(sheet.name))
    table = sheet.table
    ncols = len(table.columns)
    widths = [len(c.name) + 2 for c in table.columns]
    ws.set_row(0, 30)
    for j, col in enumerate(table.columns):
        ws.write(0, j, col.name, styles["header"])
    for i, row in enumerate(table.rows, start=1):
        for j, (value, col) in enumerate(zip(row, table.columns)):
            widths[j] = max(widths[j], _write(ws, i, j, value, col.kind, styles))
    for j, w in enumerate(widths):
        ws.set_column(j, j, min(MAX_WIDTH, max(8, w)))
    ws.freeze_panes(1, 1)
    last_row = max(1, len(table.rows))
    ws.autofilter(0, 0, last_row, ncols - 1)
    for j, col in enumerate(table.columns):
        if col.kind == "rag":
            for name, fmt in styles["rag"].items():
                ws.conditional_format(1, j, last_row, j, {
                    "type": "cell", "criteria": "==", "value": f'"{name}"', "format": fmt})
    ws.set_header("&C&A")


def _write(ws, i: int, j: int, value: Any, kind: str, styles: dict[str, Any]) -> int:
    """Write one cell natively and return the width it needs."""
    if value is None or (isinstance(value, float) and value != value):
        ws.write_blank(i, j, None)
        return 0
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        ws.write_datetime(i, j, datetime(value.year, value.month, value.day), styles["date"])
        return 11
    if isinstance(value, bool):
        ws.write_string(i, j, "Yes" if value else "No")
        return 4
    if isinstance(value, (int, float)):
        ws.write_number(i, j, value, styles["pct"] if kind == "pct" else styles["number"])
        return len(f"{value:,.1f}")
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    text = str(value)
    ws.write_string(i, j, text)
    return len(text)
