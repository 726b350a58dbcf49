"""The theme pages opened with AppTest on the demo warehouse (fictional): they show
what a user needs without an error, and the review queue applies a batch."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture
def open_page(monkeypatch):
    from streamlit.testing.v1 import AppTest

    def _open(db: Path, page: str):
        monkeypatch.setenv("LEARNING_DB", str(db))
        monkeypatch.setenv("LEARNING_TODAY", "2026-11-23")
        monkeypatch.delenv("LEARNING_ROLES", raising=False)
        at = AppTest.from_file(APP, default_timeout=180)
        at.run()
        at.switch_page(f"app_pages/{page}.py").run()
        return at

    return _open


def _no_errors(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_themes_page_counts_confirmed_themes_with_suggestions_apart(demo_db, open_page):
    at = open_page(demo_db, "themes")
    _no_errors(at)
    assert at.title[0].value == "Themes"
    table = next(d.value for d in at.dataframe if "suggested" in d.value.columns)
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        expected = dict(con.execute(
            "SELECT ty.label, count(DISTINCT statement_table || statement_id) FROM statement_themes t "
            "JOIN typology ty ON ty.key = t.theme GROUP BY ty.label").fetchall())
    finally:
        con.close()
    shown = dict(zip(table["theme_label"], table["statements"]))
    assert {k: v for k, v in shown.items() if v} == expected


def test_insights_page_opens_and_searches(demo_db, open_page):
    at = open_page(demo_db, "theme_insights")
    _no_errors(at)
    at.text_input(key="search-phrase").input("baby sleeping with parents").run()
    _no_errors(at)
    hits = next(d.value for d in at.dataframe if "similarity" in d.value.columns)
    assert len(hits) > 0 and hits["similarity"].is_monotonic_decreasing


def test_review_queue_applies_a_bulk_batch(demo_db, open_page, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    at = open_page(db, "theme_review")
    _no_errors(at)
    at.slider(key="review-bulk").set_value(0.9).run()
    at.button(key="review-apply").click().run()
    _no_errors(at)
    assert any("applied" in s.value for s in at.success)
    con = duckdb.connect(str(db), read_only=True)
    try:
        accepted = con.execute("SELECT count(*), min(score) FROM theme_decisions "
                               "WHERE decision = 'accept'").fetchall()[0]
    finally:
        con.close()
    assert accepted[0] > 0 and accepted[1] >= 0.9


def test_review_page_checks_confirmed_tags_only_when_asked(demo_db, open_page):
    """The slow double-check (one refit per fold) waits for its button; then it lists what
    etl.themes.disagreements finds for the boards shown."""
    from etl.themes.disagreements import disagreements

    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        expected = disagreements(con)
    finally:
        con.close()
    columns = set(expected.columns)

    def flags_shown(at):
        return [d.value for d in at.dataframe if set(d.value.columns) == columns]

    at = open_page(demo_db, "theme_review")
    _no_errors(at)
    assert flags_shown(at) == []
    at.button(key="review-check-tags").click().run()
    _no_errors(at)
    assert any(m.value == f"{expected.height} confirmed tag(s) to double-check." for m in at.markdown)
    assert [len(f) for f in flags_shown(at)] == [expected.height]


def test_review_page_guides_with_a_themes_definition_and_examples(demo_db, open_page):
    at = open_page(demo_db, "theme_review")
    _no_errors(at)
    at.selectbox(key="review-guide-theme").select("Safe sleep").run()
    _no_errors(at)
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        (definition,) = con.execute("SELECT definition FROM typology WHERE key = 'safe_sleep'").fetchone()
        (example,) = con.execute("SELECT text FROM typology_examples WHERE list_contains(themes, "
                                 "'safe_sleep') ORDER BY example_no LIMIT 1").fetchone()
    finally:
        con.close()
    shown = " ".join(m.value for m in at.markdown)
    assert definition in shown and example in shown


def test_review_page_opens_on_a_warehouse_from_before_worked_examples(demo_db, open_page, tmp_path):
    old = tmp_path / "old.duckdb"
    shutil.copy(demo_db, old)
    con = duckdb.connect(str(old))
    try:
        con.execute("DROP TABLE typology_examples")
    finally:
        con.close()
    at = open_page(old, "theme_review")
    _no_errors(at)
    at.selectbox(key="review-guide-theme").select("Safe sleep").run()
    _no_errors(at)
