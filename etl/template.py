"""`python -m etl template OUT.xlsx`: a blank input workbook built from the contract.

Agencies fill this in instead of inventing their own layouts, so every sheet, header,
listed value and date column comes straight from etl/contract.py: when the contract
changes, the template changes with it. The `notes` sheet is not a contract table, so
readers skip it (with a warning) and a filled-in template loads as it is.
"""
from __future__ import annotations

import argparse
import csv
import sys
from datetime import date
from pathlib import Path

import xlsxwriter

from etl.contract import TABLES, THEME_KEYS, Column
from etl.demo.writer import SHEET_ORDER

NOTES_SHEET = "notes"
VALIDATED_ROWS = 5000  # drop-downs and date checks cover this many data rows
AGENCIES_CSV = Path(__file__).resolve().parent.parent / "data" / "agencies.csv"
KIND_LABELS = {"text": "text", "date": "date (an Excel date, or YYYY-MM-DD; DD/MM/YYYY also accepted)",
               "int": "whole number", "number": "number", "list": "list separated by ;"}


def agency_names() -> list[str]:
    try:
        with open(AGENCIES_CSV, newline="", encoding="utf-8-sig") as fh:
            return [r["name"].strip() for r in csv.DictReader(fh) if (r.get("name") or "").strip()]
    except OSError:
        return []


def allowed(col: Column, agencies: list[str]) -> str:
    """What a person may type in the column, in words."""
    if col.values:
        return ", ".join(col.values)
    if col.theme_list:
        return "theme keys: " + ", ".join(THEME_KEYS)
    if col.agency:
        extra = "Board, or " if col.name == "addressed_to" else ""
        return f"{extra}an agency name (aliases such as CSC are recognised): " + ", ".join(agencies)
    if col.refs:
        return "an id from: " + ", ".join(col.refs)
    return ""


def _note(col: Column) -> str:
    parts = [col.note] if col.note else []
    if col.no_future:
        parts.append("may not be later than the day of the load")
    elif col.kind == "date":
        parts.append("may be in the future")
    return "; ".join(parts)


def write_template(path: Path) -> None:
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"title": "Learning & Impact input template",
                         "comments": "Blank input workbook generated from the input contract."})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    required_head = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    agencies = agency_names()
    for table in SHEET_ORDER:
        _table_sheet(book.add_worksheet(table), TABLES[table].columns, head, required_head, date_fmt)
    _notes_sheet(book.add_worksheet(NOTES_SHEET), head, wrap, agencies)
    book.close()


def _table_sheet(ws, columns: tuple[Column, ...], head, required_head, date_fmt) -> None:
    last = VALIDATED_ROWS
    for j, col in enumerate(columns):
        ws.write_string(0, j, col.name, required_head if col.required else head)
        ws.set_column(j, j, 14 if col.kind in ("date", "int", "number") else 24,
                      date_fmt if col.kind == "date" else None)
        message = (("Required. " if col.required else "") + _note(col))[:255]
        if col.values:
            ws.data_validation(1, j, last, j, {
                "validate": "list", "source": list(col.values), "error_type": "stop",
                "input_title": col.name[:32], "input_message": message or "Choose from the list",
                "error_message": ("Choose one of: " + ", ".join(col.values))[:255]})
        elif col.kind == "date":
            rule = {"validate": "date", "criteria": "between", "minimum": date(1990, 1, 1),
                    "maximum": date(2099, 12, 31)}
            if col.no_future:
                rule = {"validate": "date", "criteria": "between", "minimum": date(1990, 1, 1),
                        "maximum": "=TODAY()"}
            ws.data_validation(1, j, last, j, {
                **rule, "error_type": "stop", "input_title": col.name[:32],
                "input_message": (message or "A date")[:255],
                "error_message": "Enter a date" + (" no later than today" if col.no_future else "")})
        elif col.kind in ("int", "number"):
            ws.data_validation(1, j, last, j, {
                "validate": "integer" if col.kind == "int" else "decimal",
                "criteria": ">=", "value": 0 if col.kind == "int" else -1e12, "error_type": "stop",
                "input_title": col.name[:32], "input_message": (message or "A number")[:255],
                "error_message": "Enter a whole number, 0 or more" if col.kind == "int" else "Enter a number"})
        elif message:
            ws.data_validation(1, j, last, j, {"validate": "any", "input_title": col.name[:32],
                                               "input_message": message})
    ws.freeze_panes(1, 0)


def _notes_sheet(ws, head, wrap, agencies: list[str]) -> None:
    headers = ("table", "column", "required", "type", "allowed values", "notes")
    for j, name in enumerate(headers):
        ws.write_string(0, j, name, head)
    for j, width in enumerate((16, 22, 10, 26, 70, 60)):
        ws.set_column(j, j, width, wrap)
    row = 1
    for table in SHEET_ORDER:
        t = TABLES[table]
        ws.write_row(row, 0, (table, "", "", "", "", t.description + f" (one row per {' + '.join(t.key)})"))
        row += 1
        for col in t.columns:
            ws.write_row(row, 0, (table, col.name, "yes" if col.required else "no", KIND_LABELS[col.kind],
                                  allowed(col, agencies), _note(col)))
            row += 1
    row += 1
    for line in ("This sheet is guidance only: the loader ignores it.",
                 "Header on row 1 of each sheet; do not rename, move or merge header cells.",
                 "Ids are text and must be unique across every board: prefix them with the board's code.",
                 "Lists inside a cell (themes, agencies) are separated by ;.",
                 "Never enter a child's, family member's or practitioner's name: use letters and roles."):
        ws.write_string(row, 0, line)
        row += 1
    ws.freeze_panes(1, 0)


def cli_template(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        print(f"error: the template must be an .xlsx file ({out})", file=sys.stderr)
        return 2
    if not out.parent.exists():
        print(f"error: folder does not exist: {out.parent}", file=sys.stderr)
        return 2
    try:
        write_template(out)
    except OSError as exc:
        print(f"error: cannot write {out}: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote blank input template to {out}: {len(SHEET_ORDER)} table sheets and a '{NOTES_SHEET}' sheet.")
    return 0
