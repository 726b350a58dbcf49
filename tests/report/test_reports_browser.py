"""The Reports page in a real browser: each download button builds its file when clicked
and the file is the report (AppTest cannot see download contents)."""
from __future__ import annotations

import json

import pytest
from docx import Document
from project import streamlit_app

from report_readers import pdf_text
from report_small import EXPECTED_N_Q2

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def app_url(small_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("reports-e2e") / "streamlit.log"
    with streamlit_app({"LEARNING_DB": str(small_db), "LEARNING_TODAY": "2026-07-15"}, log) as url:
        yield url


@pytest.fixture(scope="module")
def page(app_url, browser):
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    pg = ctx.new_page()
    pg.goto(f"{app_url}/reports")
    pg.get_by_role("heading", name="Reports").wait_for(timeout=90_000)
    pg.get_by_text("Exception report").first.wait_for(timeout=90_000)
    yield pg
    ctx.close()


def _download(page, label: str, tmp_path):
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=label).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_word_pdf_and_figures_download_when_clicked(page, tmp_path, artifacts):
    page.get_by_role("button", name="Word (.docx)").wait_for(timeout=60_000)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    page.screenshot(path=str(artifacts.parent / "reports-page.png"), full_page=False)
    docx = _download(page, "Word (.docx)", tmp_path)
    assert docx.name == "Northshire-quarterly-2026Q2.docx"
    headings = [p.text for p in Document(str(docx)).paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Summary", "Exception report"]

    pdf = _download(page, "PDF (.pdf)", tmp_path)
    assert "Quarter 1 2026/27 (April–June 2026)" in pdf_text(pdf)

    figures = json.loads(_download(page, "Figures (figures.json)", tmp_path).read_text("utf-8"))
    assert figures["exception_action_ids"] == EXPECTED_N_Q2["exception"]
