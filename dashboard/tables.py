"""Show a table with CSV and XLSX downloads, or say plainly that it is empty.

WHY: committee members take tables away into papers, so every table is downloadable;
the files are built only when the button is clicked (`data=callable`), so a page with
many tables stays fast. An empty table always says what its emptiness means.
"""
from __future__ import annotations

import io
import re
from typing import Any, Mapping

import polars as pl
import streamlit as st


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "table"


def csv_bytes(df: pl.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel opens names with accents correctly; lists joined with '; '."""
    return ("\ufeff" + _flat(df).write_csv()).encode("utf-8")


def xlsx_bytes(df: pl.DataFrame, sheet: str = "Data") -> bytes:
    buf = io.BytesIO()
    _flat(df).write_excel(buf, worksheet=sheet[:31], autofit=True)
    return buf.getvalue()


def _flat(df: pl.DataFrame) -> pl.DataFrame:
    """List columns as '; '-joined text: CSV and Excel have no list type."""
    lists = [c for c, t in df.schema.items() if isinstance(t, pl.List)]
    return df.with_columns(pl.col(c).list.join("; ") for c in lists) if lists else df


def show_table(df: pl.DataFrame, name: str, empty: str, *, key: str | None = None,
               column_config: Mapping[str, Any] | None = None, height: int | str = "auto",
               on_select: bool = False, can_export: bool = True):
    """Render `df` (or the `empty` sentence) with download buttons; returns the selection
    event when `on_select` is set (single row), else None."""
    if df.is_empty():
        st.info(empty)
        return None
    key = key or _slug(name)
    event = st.dataframe(df, hide_index=True, column_config=display_config(df, column_config),
                         height=height, key=f"tbl-{key}",
                         on_select="rerun" if on_select else "ignore",
                         selection_mode="single-row")
    if can_export:
        left, right, _ = st.columns([1, 1, 4])
        left.download_button("Download CSV", data=lambda: csv_bytes(df), file_name=f"{_slug(name)}.csv",
                             mime="text/csv", key=f"csv-{key}", on_click="ignore",
                             icon=":material/download:")
        right.download_button("Download Excel", data=lambda: xlsx_bytes(df, name),
                              file_name=f"{_slug(name)}.xlsx", key=f"xlsx-{key}", on_click="ignore",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              icon=":material/download:")
    return event if on_select else None


LABELS = {"rag": "RAG", "id": "ID", "pct": "%", "fy": "FY"}


def label(column: str) -> str:
    """'effective_due_date' → 'Effective due date', 'return_rate_pct' → 'Return rate %'."""
    words = [LABELS.get(w, w) for w in column.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def display_config(df: pl.DataFrame, given: Mapping[str, Any] | None) -> dict[str, Any]:
    """Readable headers and dates shown as dates (not midnight timestamps); explicit
    settings win. Only labels change: the data and downloads keep the column names."""
    config: dict[str, Any] = {}
    for name, dtype in df.schema.items():
        if dtype == pl.Date:
            config[name] = st.column_config.DateColumn(label(name), format="D MMM YYYY")
        elif dtype.is_float():
            config[name] = st.column_config.NumberColumn(label(name), format="%.1f")
        else:
            config[name] = st.column_config.Column(label(name))
    config.update(given or {})
    return config


def selected_row(event, df: pl.DataFrame) -> dict | None:
    """The row picked in a selectable table, if any."""
    try:
        rows = event.selection.rows
    except AttributeError:
        return None
    return df.row(rows[0], named=True) if rows else None
