"""Write one board's rows as a contract-shaped workbook: a sheet per table named after it,
the header on row 1, columns in contract order, real Excel date cells.

The parts are written by etl/demo/xlsx.py (a small direct writer: national demos are
over a million rows). Creation time is the as-of date and zip timestamps are fixed, so
the same seed and today give byte-identical files.
"""
from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from etl.contract import TABLES
from etl.demo.dates import excel_serial
from etl.demo.xlsx import Sheet, write_xlsx

SHEET_ORDER = ("reviews", "learning", "recommendations", "actions", "action_updates", "audits",
               "audit_grades", "measures", "measure_values")
assert set(SHEET_ORDER) == set(TABLES)
KINDS = {"text": "s", "list": "s", "date": "d", "int": "n", "number": "n"}


def write_workbook(path: Path, rows: dict[str, list[dict]], today: date, board: str) -> None:
    sheets = [_sheet(table, rows.get(table, [])) for table in SHEET_ORDER]
    write_xlsx(path, sheets, datetime.combine(today, time(9, 0)), f"{board} - fictional demo data",
               "Fictional data: no real children, families, practitioners or places.")


def _sheet(table: str, rows: list[dict]) -> Sheet:
    columns = TABLES[table].columns
    names = [c.name for c in columns]
    kinds = [KINDS[c.kind] for c in columns]
    widths = [12 if c.kind in ("date", "int", "number") else 60 if c.name in ("text", "summary") else 22
              for c in columns]
    lists = [j for j, c in enumerate(columns) if c.kind == "list"]
    dates = [j for j, c in enumerate(columns) if c.kind == "date"]

    def cells():
        for row in rows:
            values = [row.get(n) for n in names]
            for j in dates:
                if values[j] is not None:
                    values[j] = excel_serial(values[j])
            for j in lists:
                if values[j] is not None:
                    values[j] = ";".join(values[j])
            yield values
    return Sheet(table, names, kinds, widths, cells())
