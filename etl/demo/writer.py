"""Write one board's rows as a contract-shaped workbook: a sheet per table named after it,
the header on row 1, columns in contract order, real Excel date cells.

xlsxwriter in constant-memory mode streams each row to disk, so a national demo
(over a million rows) stays small in memory. The document's created date is the as-of
date, so the same seed and today give byte-identical files.
"""
from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import xlsxwriter

from etl.contract import TABLES

SHEET_ORDER = ("reviews", "learning", "recommendations", "actions", "action_updates", "audits",
               "audit_grades", "measures", "measure_values")
assert set(SHEET_ORDER) == set(TABLES)


def write_workbook(path: Path, rows: dict[str, list[dict]], today: date, board: str) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({
        "title": f"{board} - fictional demo data",
        "author": "Learning & Impact demo generator",
        "comments": "Fictional data: no real children, families, practitioners or places.",
        "created": datetime.combine(today, time(9, 0)),
    })
    formats = {"header": book.add_format({"bold": True}),
               "date": book.add_format({"num_format": "yyyy-mm-dd"})}
    for table in SHEET_ORDER:
        _write_sheet(book.add_worksheet(table), table, rows.get(table, []), formats)
    book.close()


def _write_sheet(sheet, table: str, rows: list[dict], formats: dict) -> None:
    columns = TABLES[table].columns
    for j, col in enumerate(columns):
        width = 12 if col.kind in ("date", "int", "number") else 60 if col.name in ("text", "summary") else 22
        sheet.set_column(j, j, width)
        sheet.write_string(0, j, col.name, formats["header"])
    for i, row in enumerate(rows, start=1):
        for j, col in enumerate(columns):
            value = row.get(col.name)
            if value is None:
                continue
            if col.kind == "date":
                sheet.write_datetime(i, j, datetime.combine(value, time()), formats["date"])
            elif col.kind == "list":
                sheet.write_string(i, j, ";".join(value))
            elif col.kind in ("int", "number"):
                sheet.write_number(i, j, value)
            else:
                sheet.write_string(i, j, str(value))
