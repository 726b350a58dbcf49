"""The Reports page opened with AppTest on the small warehouse: it previews the report's
main tables and offers each format for download (built only when clicked — the builders
themselves are exercised by the CLI tests)."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.report import build
from dashboard.report.images import ChartRenderer
from report_small import EXPECTED_N_Q2, ROOT


@pytest.fixture
def page(small_db, monkeypatch):
    monkeypatch.setenv("LEARNING_DB", str(small_db))
    monkeypatch.setenv("LEARNING_TODAY", "2026-07-15")  # last complete quarter: 2026Q2
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/reports.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_previews_exception_report_and_offers_downloads(page):
    assert [t.value for t in page.title] == ["Reports"]
    frames = [df.value for df in page.dataframe]
    summary = frames[0]
    assert summary.columns[0] == "Figure"
    assert dict(zip(summary["Figure"], summary["This period"]))["Actions on the exception list"] == \
        str(len(EXPECTED_N_Q2["exception"]))
    exception_ids = sorted(i for df in frames if "Days overdue" in df.columns for i in df["Action"])
    assert exception_ids == EXPECTED_N_Q2["exception"]
    buttons = [b.label for b in page.get("download_button")]
    assert buttons == ["Word (.docx)", "PDF (.pdf)", "Tracker (.xlsx)", "Figures (figures.json)"]


def test_annual_choice_previews_the_year(page):
    page.radio(key="report_kind").set_value("annual").run()
    assert not page.exception, [e.value for e in page.exception]
    assert [b.label for b in page.get("download_button")] == ["Word (.docx)", "PDF (.pdf)",
                                                               "Tracker (.xlsx)"]
    assert any("Financial year 2025/26" in c.value for c in page.caption)


def test_download_builders_give_the_same_figures_as_the_cli(small_db):
    """What the page's buttons call: build.render / build.figures_json on a read-only connection."""
    con = build.open_warehouse(small_db)
    try:
        report = build.make_quarterly(con, "Northshire", "2026Q2")
        with ChartRenderer() as renderer:
            docx = build.render(report, "docx", renderer)
        figures = json.loads(build.figures_json(con, "Northshire", "2026Q2"))
    finally:
        con.close()
    assert docx[:2] == b"PK"
    assert figures["exception_action_ids"] == EXPECTED_N_Q2["exception"]
