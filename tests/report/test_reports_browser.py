"""The Reports page in a real browser: each download button builds its file when clicked
and the file is the report (AppTest cannot see download contents)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from docx import Document

from report_readers import pdf_text
from report_small import EXPECTED_N_Q2, ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(small_db, tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("reports-e2e") / "streamlit.log"
    env = {**os.environ, "LEARNING_DB": str(small_db), "LEARNING_TODAY": "2026-07-15",
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("LEARNING_ROLES", None)
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
             "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"streamlit did not start:\n{log.read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


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
