"""Assertions the dashboard tests share (what a user would see)."""
from __future__ import annotations

from pathlib import Path

APP = str(Path(__file__).resolve().parent.parent.parent / "dashboard" / "app.py")
PAGES = ["overview", "actions", "reviews", "audits", "measures", "data"]


def no_errors(at) -> None:
    """Nothing a user would read as a failure: no exception, no error box."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def table_with(at, *columns: str):
    """The first table on the page having all these columns (as pandas)."""
    for df in at.dataframe:
        if set(columns) <= set(df.value.columns):
            return df.value
    raise AssertionError(f"no table with columns {columns}; tables: "
                         f"{[list(d.value.columns) for d in at.dataframe]}")


def metric(at, label: str):
    found = [m for m in at.metric if m.label == label]
    assert found, f"no metric {label!r}: {[m.label for m in at.metric]}"
    return found[0]
