"""How values read in the Word and PDF documents (the spreadsheet keeps native types).

Dates are written the British way ("30 Jun 2026"); percentages to one decimal as the
metric layer rounded them; a missing value is an en dash so an empty cell is never
mistaken for zero.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dashboard.report.model import ColumnKind

MISSING = "–"


def long_date(value: date) -> str:
    """'23 November 2026' for covers and headings."""
    return f"{value.day} {value.strftime('%B %Y')}"


def cell_text(value: Any, kind: ColumnKind = "text") -> str:
    if value is None or (isinstance(value, float) and value != value):
        return MISSING
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.day} {value.strftime('%b %Y')}"
    if kind == "pct" and isinstance(value, (int, float)):
        return f"{value:.1f}%"
    if kind == "number" and isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return str(value)


def is_numeric(kind: ColumnKind) -> bool:
    return kind in ("int", "number", "pct")
