"""Chart builders and table downloads, tested directly (AppTest cannot see Plotly figures
or download contents)."""
from __future__ import annotations

import io
from datetime import date

import openpyxl
import polars as pl

from dashboard import charts
from dashboard.tables import csv_bytes, xlsx_bytes


def test_rag_bars_carry_text_labels_and_colour_blind_palette():
    fig = charts.rag_bar(pl.DataFrame({"rag": ["Green", "Red", "Amber"], "n": [5, 2, 1]}))
    bar = fig.data[0]
    assert list(bar.y) == ["Red", "Amber", "Green"]          # fixed RAG order
    assert list(bar.text) == ["Red: 2", "Amber: 1", "Green: 5"]  # never colour alone
    assert list(bar.marker.color) == [charts.RAG_COLOURS[r] for r in ("Red", "Amber", "Green")]
    assert fig.layout.font.size >= 16                         # projector-readable


def test_grade_shares_label_each_segment():
    df = pl.DataFrame({"label": ["A-1"] * 4, "grade": list(charts.GRADE_ORDER),
                       "share": [0.0, 50.0, 25.0, 25.0]})
    fig = charts.grade_shares(df, "label")
    assert [t.name for t in fig.data] == list(charts.GRADE_ORDER)
    assert [t.text[0] for t in fig.data] == ["", "50.0%", "25.0%", "25.0%"]


def test_run_chart_names_baseline_and_target():
    values = pl.DataFrame({"period_end": [date(2026, 3, 31), date(2026, 6, 30)], "value": [60.0, 70.0]})
    fig = charts.run_chart(values, name="On time", unit="%", baseline=50.0, target=80.0)
    assert [t.name for t in fig.data] == ["Value", "Baseline 50%", "Target 80%"]
    assert list(fig.data[0].text) == ["60%", "70%"]


def test_empty_data_gives_a_sentence_not_a_blank_chart():
    fig = charts.grade_trend(pl.DataFrame(schema={"reported_date": pl.Date, "grade": pl.Utf8,
                                                  "share": pl.Float64}))
    assert "No graded audits" in fig.layout.annotations[0].text


def test_downloads_round_trip_with_lists_flattened():
    df = pl.DataFrame({"action_id": ["A-1"], "due": [date(2026, 6, 30)], "themes": [["neglect", "voice_of_child"]]})
    text = csv_bytes(df).decode("utf-8-sig")
    assert text.splitlines() == ["action_id,due,themes", "A-1,2026-06-30,neglect; voice_of_child"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(df, "Exception list")))
    sheet = book.active
    assert sheet.title == "Exception list"
    assert [c.value for c in sheet[1]] == ["action_id", "due", "themes"]
    assert sheet["C2"].value == "neglect; voice_of_child"
