"""End-to-end fixtures (imported by the test module): the real `streamlit run
dashboard/app.py` on a loopback port against the demo warehouse, and a page of the shared
headless Chromium (tests/conftest.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from project import streamlit_app

ROOT = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def server(demo_db, tmp_path_factory):
    """Base URL of a running dashboard on the demo warehouse; stopped after the session."""
    log = tmp_path_factory.mktemp("e2e") / "streamlit.log"
    with streamlit_app({"LEARNING_DB": str(demo_db), "LEARNING_TODAY": "2026-11-23"}, log) as url:
        yield url


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
    pg = ctx.new_page()
    yield pg
    ctx.close()


