"""Dashboard test fixtures: a hand-made warehouse (fixture_rows.py) and an AppTest runner."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import fixture_rows  # noqa: E402

APP = str(ROOT / "dashboard" / "app.py")
PAGES = ["overview", "actions", "reviews", "audits", "measures", "data"]


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
