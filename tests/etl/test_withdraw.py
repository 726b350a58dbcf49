"""`python -m etl withdraw/restore`: a wrongly loaded row and the rows depending on it
leave every figure (the staging views) and come back, with who/when/why recorded."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from load_helpers import TODAY, query, rows, run_etl, sha256, write_inputs


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("wd")
    db = base / "w.duckdb"
    res = run_etl("load", write_inputs(base / "in", rows("T", reviews=2)), "--db", db, "--today", TODAY)
    assert res.returncode == 0, res.stderr
    return db


@pytest.fixture
def db(loaded, tmp_path) -> Path:
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(loaded, copy)
    return copy


def withdrawn(db: Path) -> set[tuple[str, str]]:
    return set(query(db, "SELECT table_name, row_key FROM withdrawn_keys"))


def count(db: Path, view: str) -> int:
    return query(db, f"SELECT count(*) FROM {view}")[0][0]


def test_withdrawing_a_review_takes_its_dependents_out_of_every_figure(db):
    before = {v: count(db, v) for v in ("stg_reviews", "stg_learning", "stg_recommendations",
                                         "stg_actions", "stg_action_updates")}
    res = run_etl("withdraw", "reviews", "T0-R0", "--reason", "Loaded for the wrong board",
                  "--by", "business manager", "--db", db)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "Withdrew reviews T0-R0" in out
    assert "learning (2): T0-R0-L1, T0-R0-L2" in out
    assert "recommendations (2): T0-R0-REC1, T0-R0-REC2" in out
    assert "actions (4):" in out and "action_updates (8):" in out
    assert "T0-R0-REC1-A1|2026-03-31" in out
    assert "T0-R1" not in out
    assert ("reviews", "T0-R0") in withdrawn(db) and len(withdrawn(db)) == 1 + 2 + 2 + 4 + 8
    after = {v: count(db, v) for v in before}
    assert after == {"stg_reviews": before["stg_reviews"] - 1, "stg_learning": before["stg_learning"] - 2,
                     "stg_recommendations": before["stg_recommendations"] - 2,
                     "stg_actions": before["stg_actions"] - 4,
                     "stg_action_updates": before["stg_action_updates"] - 8}
    assert count(db, "reviews") == 2          # nothing deleted
    [(table, key, reason, by, at, restored)] = query(
        db, "SELECT table_name, row_key, reason, withdrawn_by, withdrawn_at, restored_at FROM withdrawals")
    assert (table, key, reason, by, restored) == ("reviews", "T0-R0", "Loaded for the wrong board",
                                                  "business manager", None)
    assert at is not None
    assert query(db, "SELECT kind FROM loads ORDER BY load_id DESC LIMIT 1") == [("withdraw",)]


def test_restore_puts_the_row_and_its_dependents_back(db):
    before = {v: count(db, v) for v in ("stg_reviews", "stg_learning", "stg_actions")}
    assert run_etl("withdraw", "reviews", "T0-R0", "--reason", "check", "--db", db).returncode == 0
    res = run_etl("restore", "reviews", "T0-R0", "--reason", "It was right after all",
                  "--by", "business manager", "--db", db)
    assert res.returncode == 0, res.stderr
    assert "Restored reviews T0-R0" in res.stdout and "learning (2)" in res.stdout
    assert {v: count(db, v) for v in before} == before
    assert withdrawn(db) == set()
    assert query(db, "SELECT restored_by, restore_reason FROM withdrawals") == [
        ("business manager", "It was right after all")]


def test_restore_keeps_rows_another_withdrawal_still_covers(db):
    assert run_etl("withdraw", "actions", "T0-R0-REC1-A1", "--reason", "duplicate", "--db", db).returncode == 0
    assert run_etl("withdraw", "reviews", "T0-R0", "--reason", "wrong board", "--db", db).returncode == 0
    res = run_etl("restore", "reviews", "T0-R0", "--db", db)
    assert res.returncode == 0
    assert "stay withdrawn" in res.stdout and "T0-R0-REC1-A1" in res.stdout
    assert withdrawn(db) == {("actions", "T0-R0-REC1-A1"), ("action_updates", "T0-R0-REC1-A1|2026-03-31"),
                             ("action_updates", "T0-R0-REC1-A1|2026-06-30")}


@pytest.mark.parametrize("table,key,expected", [
    ("audits", "T0-AU", {("audit_grades", "T0-AU|C1|Police|Planning"), ("learning", "T0-AU-L"),
                         ("recommendations", "T0-AU-REC")}),
    ("measures", "T0-M", {("measure_values", "T0-M|2026-03-31"), ("measure_values", "T0-M|2026-06-30")}),
    ("actions", "T0-R1-REC2-A2", {("action_updates", "T0-R1-REC2-A2|2026-03-31"),
                                  ("action_updates", "T0-R1-REC2-A2|2026-06-30")}),
    ("action_updates", "T0-R1-REC2-A2|2026-06-30", set()),
])
def test_dependents_of_each_kind_of_row(db, table, key, expected):
    res = run_etl("withdraw", table, key, "--reason", "test", "--db", db)
    assert res.returncode == 0, res.stderr
    got = withdrawn(db) - {(table, key)}
    assert expected <= got
    if table != "audits":
        assert got == expected
    for t, k in expected:
        assert k in res.stdout
    if not expected:
        assert "No other rows depend on it" in res.stdout
    # The staging views every figure reads leave out exactly the rows listed here.
    out = withdrawn(db)
    for t in ("reviews", "audits", "learning", "recommendations", "measures", "actions",
              "action_updates", "audit_grades", "measure_values"):
        assert count(db, t) - count(db, f"stg_{t}") == sum(1 for w, _ in out if w == t), t


def test_measure_withdrawal_leaves_actions_that_refer_to_it(db):
    assert run_etl("withdraw", "measures", "T0-M", "--reason", "test", "--db", db).returncode == 0
    assert not any(t == "actions" for t, _ in withdrawn(db))


@pytest.mark.parametrize("args,message", [
    (("withdraw", "bogus", "X", "--reason", "r"), "unknown table 'bogus'"),
    (("withdraw", "reviews", "NOPE", "--reason", "r"), "no row 'NOPE' in reviews"),
    (("withdraw", "action_updates", "T0-R0-REC1-A1", "--reason", "r"), "composite key"),
    (("withdraw", "reviews", "T0-R0", "--reason", "  "), "give the reason"),
    (("restore", "reviews", "T0-R0"), "is not withdrawn"),
])
def test_refused_commands_exit_2_and_change_nothing(db, args, message):
    before = sha256(db)
    res = run_etl(*args, "--db", db)
    assert res.returncode == 2
    assert message in res.stderr and "Traceback" not in res.stderr
    assert sha256(db) == before


def test_withdrawing_twice_is_refused(db):
    assert run_etl("withdraw", "reviews", "T0-R0", "--reason", "r", "--db", db).returncode == 0
    res = run_etl("withdraw", "reviews", "T0-R0", "--reason", "r", "--db", db)
    assert res.returncode == 2 and "already withdrawn" in res.stderr


def test_withdrawal_survives_a_later_load(db, tmp_path):
    assert run_etl("withdraw", "reviews", "T0-R0", "--reason", "r", "--db", db).returncode == 0
    res = run_etl("load", write_inputs(tmp_path / "again", rows("T", reviews=2)), "--db", db, "--today", TODAY)
    assert res.returncode == 0, res.stderr
    assert ("reviews", "T0-R0") in withdrawn(db)


def test_withdraw_without_a_warehouse_exits_2(tmp_path):
    res = run_etl("withdraw", "reviews", "R", "--reason", "r", "--db", tmp_path / "none.duckdb")
    assert res.returncode == 2 and "no warehouse" in res.stderr
