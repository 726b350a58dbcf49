"""A warehouse built by an earlier version: the dashboard says so instead of failing
quietly, and `python -m etl upgrade` brings it up to date without changing a stored row."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.contract import LOAD_ORDER
from tests.project import ROOT, run_etl

APP = str(ROOT / "dashboard" / "app.py")


def _age(db: Path) -> None:
    """Make a copy look built before return_rates_by_source and the worked examples."""
    con = duckdb.connect(str(db))
    try:
        con.execute("DROP MACRO TABLE return_rates_by_source")
        con.execute("DROP TABLE typology_examples")
        con.execute("UPDATE meta SET value = 'earlier' WHERE key = 'layer_digest'")
    finally:
        con.close()


def _counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in LOAD_ORDER}
    finally:
        con.close()


@pytest.fixture
def old_db(demo_db, tmp_path) -> Path:
    db = tmp_path / "old.duckdb"
    shutil.copy(demo_db, db)
    _age(db)
    return db


def _open_actions(db: Path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LEARNING_DB", str(db))
    monkeypatch.setenv("LEARNING_TODAY", "2026-11-23")
    monkeypatch.delenv("LEARNING_ROLES", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/actions.py").run()
    return at


def test_dashboard_says_an_old_warehouse_needs_upgrading(old_db, monkeypatch):
    at = _open_actions(old_db, monkeypatch)
    assert not at.exception
    assert any("python -m etl upgrade" in w.value for w in at.warning)


def test_upgrade_brings_it_up_to_date_and_keeps_every_row(old_db, monkeypatch):
    before = _counts(old_db)
    res = run_etl("upgrade", "--db", old_db)
    assert res.returncode == 0, res.stderr
    assert "no stored row changed" in res.stdout
    assert _counts(old_db) == before
    con = duckdb.connect(str(old_db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM typology_examples").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM return_rates_by_source(DATE '2026-09-30')"
                           ).fetchone()[0] > 0
    finally:
        con.close()
    at = _open_actions(old_db, monkeypatch)
    assert not at.exception and not at.error
    assert not any("upgrade" in w.value for w in at.warning)


def test_upgrade_of_a_missing_warehouse_says_so(tmp_path):
    res = run_etl("upgrade", "--db", tmp_path / "none.duckdb")
    assert res.returncode == 2
    assert "no warehouse at" in res.stderr
