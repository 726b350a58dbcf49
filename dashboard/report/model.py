"""The format-free content of a report.

The quarterly and annual builders fill these plain dataclasses from the metric layer;
each writer (Word, PDF, spreadsheet) only decides how to lay them out. Keeping the
figures here, once, is what makes the three documents agree with each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Union

ColumnKind = Literal["text", "int", "number", "pct", "date", "rag"]


@dataclass(frozen=True)
class Col:
    """A table column: `kind` decides alignment and number/date formatting."""

    name: str
    kind: ColumnKind = "text"
    width: float | None = None  # relative width hint for the PDF/Word layouts


@dataclass
class Table:
    columns: list[Col]
    rows: list[tuple[Any, ...]]
    caption: str = ""
    empty_text: str = "None."  # said instead of an empty table

    def column_index(self, name: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.name == name)


@dataclass
class Paragraph:
    text: str
    style: Literal["body", "note", "warning"] = "body"


@dataclass
class Chart:
    """A Plotly figure to be drawn as an image; `alt` is what a screen reader says and
    what the note says when the chart cannot be drawn (no Chromium)."""

    key: str
    figure: Any  # plotly.graph_objects.Figure
    alt: str
    width: int = 640
    height: int = 300
    small: bool = False  # laid out two to a row (the per-measure run charts)


@dataclass
class Figure:
    """A headline figure with its change since the previous period."""

    label: str
    value: int | float | str
    previous: int | float | str | None = None
    note: str = ""

    @property
    def change(self) -> str:
        if not isinstance(self.value, (int, float)) or not isinstance(self.previous, (int, float)):
            return ""
        diff = self.value - self.previous
        if diff == 0:
            return "no change"
        return f"{'+' if diff > 0 else '−'}{abs(diff):g}"


@dataclass
class FigureGrid:
    figures: list[Figure]
    previous_label: str = "Previous quarter"


@dataclass
class Heading:
    text: str
    level: int = 3


Block = Union[Paragraph, Table, Chart, FigureGrid, Heading]


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    key: str = ""  # stable id for tests and anchors

    def add(self, *blocks: Block) -> "Section":
        self.blocks.extend(blocks)
        return self


@dataclass
class Sheet:
    """One spreadsheet tab of the tracker: a whole table, not a summary."""

    name: str
    table: Table


@dataclass
class Report:
    kind: Literal["quarterly", "annual"]
    title: str
    board: str
    period_label: str  # "Quarter 1 2026/27 (April–June 2026)"
    period_code: str  # "2026Q2", "2025-26", "2025"
    as_of: date
    produced: date
    marking: str
    sections: list[Section] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def file_stem(self) -> str:
        safe = "".join(ch if ch.isalnum() else "-" for ch in self.board).strip("-")
        return f"{safe}-{self.kind}-{self.period_code}"

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]
