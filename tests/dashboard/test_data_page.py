"""The Data page writes through the same functions as the CLI: upload (etl.load.load_paths)
with the same located problems and nothing written on error; withdraw and restore."""
from __future__ import annotations

import shutil

import pytest
from dash_fixtures import fixture_db, open_app  # noqa: F401  (fixtures)
from dash_helpers import no_errors, table_with

from etl.publish import published_version


@pytest.fixture
def db(fixture_db, tmp_path):
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(fixture_db, path)
    return path


def upload(at, name: str, content: bytes):
    at.file_uploader(key="upload").set_value((name, content, "text/csv")).run()
    at.button(key="do-load").click().run()
    return at


def test_bad_upload_lists_located_problems_and_writes_nothing(db, open_app):
    before = published_version(db)
    at = open_app(db, "data")
    bad = (b"action_id,reported_on,status,rag,revised_due_date,note\n"
           b"ACT-7,2026-06-15,Half done,,,\n"
           b"ACT-99,not a date,In progress,,,\n")
    upload(at, "action_updates.csv", bad)
    assert not at.exception
    assert any("nothing was loaded" in e.value for e in at.error)
    problems = table_with(at, "problem")["problem"].tolist()
    # located like the CLI: file › row N › column: message
    assert any("action_updates.csv" in p and "row 2" in p and "status" in p for p in problems), problems
    assert any("row 3" in p and "reported_on" in p for p in problems), problems
    assert published_version(db) == before


def test_good_upload_loads_and_the_figures_move(db, open_app):
    at = open_app(db, "overview")
    overdue = int(next(m for m in at.metric if m.label == "Overdue actions").value)
    at.switch_page("app_pages/data.py").run()
    good = (b"action_id,reported_on,status,rag,revised_due_date,note\n"
            b"ACT-7,2026-06-15,In progress,Amber,2026-09-30,New date agreed\n")
    upload(at, "action_updates.csv", good)
    no_errors(at)
    assert any("Load 2" in s.value for s in at.success), [s.value for s in at.success]
    at.switch_page("app_pages/overview.py").run()
    # ACT-7's revised due date (a return before the as-of date) takes it off the overdue list
    assert int(next(m for m in at.metric if m.label == "Overdue actions").value) == overdue - 1


def test_withdraw_then_restore_from_the_page(db, open_app):
    at = open_app(db, "data")
    at.radio(key="wd-action").set_value("Withdraw")
    at.selectbox(key="wd-table").select("actions")
    at.text_input(key="wd-key").input("ACT-1")
    at.text_input(key="wd-reason").input("duplicate of another action")
    at.button[[b.label for b in at.button].index("Apply")].click().run()
    no_errors(at)
    assert any("Withdrew actions ACT-1" in s.value for s in at.success)
    w = table_with(at, "withdrawal_id", "row_key", "still_withdrawn")
    assert "ACT-1" in set(w["row_key"])
    at.radio(key="wd-action").set_value("Restore")
    at.button[[b.label for b in at.button].index("Apply")].click().run()
    no_errors(at)
    assert any("Restored actions ACT-1" in s.value for s in at.success)


def test_refused_withdrawal_is_a_plain_message(db, open_app):
    at = open_app(db, "data")
    at.selectbox(key="wd-table").select("actions")
    at.text_input(key="wd-key").input("NO-SUCH-ACTION")
    at.text_input(key="wd-reason").input("test")
    at.button[[b.label for b in at.button].index("Apply")].click().run()
    assert not at.exception
    assert at.error and "NO-SUCH-ACTION" in at.error[0].value


def test_personal_data_scan_runs_when_asked_and_locates_the_finding(db, open_app):
    at = open_app(db, "data")
    upload(at, "action_updates.csv", b"action_id,reported_on,status,rag,revised_due_date,note\n"
                                     b"ACT-7,2026-06-15,In progress,Amber,,Discussed with Ms Okonkwo\n")
    no_errors(at)
    assert not any("Ms Okonkwo" in str(df.value) for df in at.dataframe)  # not scanned yet
    at.button(key="privacy-scan-button").click().run()
    no_errors(at)
    found = table_with(at, "found")
    row = found[found["found"] == "Ms Okonkwo"]
    assert len(row) == 1, found
    assert row["where"].iloc[0] == "action_updates › ACT-7|2026-06-15 › note"
