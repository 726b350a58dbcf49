"""`python -m etl load` and `status` as a user runs them: exit 0 loaded, 1 input
rejected (every problem on stderr, nothing written), 2 usage or environment error;
never a traceback for bad input."""
from __future__ import annotations


from load_helpers import TODAY, query, rows, run_etl, sha256, temp_files, write_inputs


def test_load_exit_0_prints_counts_per_table_and_warnings(tmp_path):
    data = rows("T")
    data["actions"][0]["owner_agency"] = "Lighthouse Outreach Project"
    inputs = write_inputs(tmp_path / "in", data)
    db = tmp_path / "w.duckdb"
    res = run_etl("load", inputs, "--db", db, "--today", TODAY)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "inserted" in out and "updated" in out and "unchanged" in out
    line = next(l for l in out.splitlines() if l.startswith("actions "))
    assert line.split()[1:] == [str(len(data["actions"])), "0", "0"]
    assert "warning" in out and "Lighthouse Outreach Project" in out
    assert "\x1b" not in out and "it/s" not in res.stderr      # no progress bar when not a terminal
    again = run_etl("load", inputs, "--db", db, "--today", TODAY)
    assert again.returncode == 0
    assert "nothing changed" in again.stdout
    line = next(l for l in again.stdout.splitlines() if l.startswith("actions "))
    assert line.split()[1:] == ["0", "0", str(len(data["actions"]))]


def test_load_env_var_names_the_warehouse(tmp_path):
    db = tmp_path / "env.duckdb"
    res = run_etl("load", write_inputs(tmp_path / "in", rows("T")), "--today", TODAY,
                  env={"LEARNING_DB": str(db)})
    assert res.returncode == 0, res.stderr
    assert query(db, "SELECT count(*) FROM loads") == [(1,)]


def test_load_exit_1_lists_every_problem_and_writes_nothing(tmp_path):
    db = tmp_path / "w.duckdb"
    assert run_etl("load", write_inputs(tmp_path / "ok", rows("T")), "--db", db, "--today", TODAY).returncode == 0
    before = sha256(db)
    bad = rows("B")
    bad["reviews"][0]["status"] = "Finished"
    bad["actions"][1]["due_date"] = "not a date"
    bad["learning"][0]["themes"] = "made_up_theme"
    res = run_etl("load", write_inputs(tmp_path / "bad", bad), "--db", db, "--today", TODAY)
    assert res.returncode == 1
    err = res.stderr.splitlines()
    assert any("reviews.csv › row 2 › status" in l and "Finished" in l for l in err), err
    assert any("actions.csv › row 3 › due_date" in l for l in err), err
    assert any("learning.csv › row 2 › themes" in l and "made_up_theme" in l for l in err), err
    assert "3 problems found: nothing was loaded" in res.stderr
    assert "Traceback" not in res.stderr and res.stdout == ""
    assert sha256(db) == before and not temp_files(db)


def test_unreadable_input_is_exit_1(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "reviews.csv").write_bytes(b"")
    res = run_etl("load", folder, "--db", tmp_path / "w.duckdb", "--today", TODAY)
    assert res.returncode == 1, res.stderr
    assert "reviews.csv" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_missing_input_path_is_exit_2(tmp_path):
    res = run_etl("load", tmp_path / "nowhere", "--db", tmp_path / "w.duckdb")
    assert res.returncode == 2
    assert "nowhere" in res.stderr and "Traceback" not in res.stderr


def test_unwritable_warehouse_is_exit_2(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    res = run_etl("load", write_inputs(tmp_path / "in", rows("T")), "--db", blocker / "w.duckdb",
                  "--today", TODAY)
    assert res.returncode == 2
    assert res.stderr.startswith("error:") and "Traceback" not in res.stderr


def test_bad_arguments_are_exit_2(tmp_path):
    assert run_etl("load").returncode == 2
    res = run_etl("load", tmp_path, "--today", "23/11/2026", "--db", tmp_path / "w.duckdb")
    assert res.returncode == 2 and "--today" in res.stderr


def test_status_reports_rows_boards_dates_and_loads(tmp_path):
    db = tmp_path / "w.duckdb"
    data = rows("T", boards=2)
    assert run_etl("load", write_inputs(tmp_path / "in", data), "--db", db, "--today", TODAY).returncode == 0
    assert run_etl("withdraw", "reviews", "T0-R0", "--reason", "test", "--db", db).returncode == 0
    res = run_etl("status", "--db", db)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    reviews = next(l for l in out.splitlines() if l.startswith("reviews "))
    n = len(data["reviews"])
    assert reviews.split()[1:] == [str(n - 1), "1", str(n)]
    assert "Boards (2): T Board 0, T Board 1" in out
    assert "Dates: 2025-01-10 to 2026-06-30" in out
    assert "#2" in out and "withdraw" in out and "#1" in out and f"inserted {sum(map(len, data.values()))}" in out


def test_status_without_a_warehouse_is_exit_2(tmp_path):
    res = run_etl("status", "--db", tmp_path / "none.duckdb")
    assert res.returncode == 2 and "no warehouse" in res.stderr

