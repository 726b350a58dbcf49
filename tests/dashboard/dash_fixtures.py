"""Dashboard test fixtures: a hand-made warehouse (dash_fixture_rows.py) and an AppTest
runner. Imported by the test modules rather than living in a conftest.py, so the name
`conftest` stays the root one that other areas import helpers from."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import dash_fixture_rows as fixture_rows  # noqa: E402

from dash_helpers import APP  # noqa: E402


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """A published warehouse built from fixture_rows.ROWS (read-only for tests)."""
    return fixture_rows.build(tmp_path_factory.mktemp("dash") / "warehouse.duckdb")


@pytest.fixture
def open_app(monkeypatch):
    """open_app(db, page=None, today="2026-07-15", **query) → a run AppTest on that page.

    LEARNING_TODAY pins "today" so the default quarter is the last complete one (2026Q2:
    figures as at 30 June 2026)."""
    from streamlit.testing.v1 import AppTest

    def _open(db: Path, page: str | None = None, today: str = "2026-07-15", **query):
        monkeypatch.setenv("LEARNING_DB", str(db))
        monkeypatch.setenv("LEARNING_TODAY", today)
        monkeypatch.delenv("LEARNING_ROLES", raising=False)
        at = AppTest.from_file(APP, default_timeout=120)
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(f"app_pages/{page}.py").run()
        return at

    return _open


