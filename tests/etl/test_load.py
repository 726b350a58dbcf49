"""Loading: counts, idempotency, update in place with a change log, blank clears,
nothing deleted, all or nothing across inputs, provenance, theme decisions superseded."""
from __future__ import annotations

import copy
import hashlib
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from etl.contract import TABLES
from etl.load import load_paths
from etl.problems import InputRejected
from etl.publish import publishing
from load_helpers import query, rows, sha256, snapshot, temp_files, write_inputs

TODAY = date(2026, 11, 23)


@pytest.fixture
def base(tmp_path) -> dict[str, list[dict]]:
    return rows("T", boards=1, reviews=2)


def load(paths, db, **kw):
    return load_paths([Path(p) for p in paths], db, today=TODAY, user="test business unit", **kw)


def test_first_load_inserts_every_row_and_logs_the_load(tmp_path, base):
    inputs = write_inputs(tmp_path / "in", base)
    db = tmp_path / "w.duckdb"
    report = load([inputs], db)
    assert report.outcome == "changed"
    for table, table_rows in base.items():
        assert (report.counts[table].inserted, report.counts[table].updated,
                report.counts[table].unchanged) == (len(table_rows), 0, 0), table
        assert query(db, f"SELECT count(*) FROM {table}")[0][0] == len(table_rows)
    [(load_id, by, kind, outcome, finished)] = query(
        db, "SELECT load_id, loaded_by, kind, outcome, finished_at FROM loads")
    assert (load_id, by, kind, outcome) == (1, "test business unit", "load", "changed")
    assert finished is not None
    counted = dict((t, (i, u, n)) for t, i, u, n in query(
        db, "SELECT table_name, inserted, updated, unchanged FROM load_counts WHERE load_id = 1"))
    assert counted["actions"] == (len(base["actions"]), 0, 0)
    files = query(db, "SELECT path, sha256, bytes FROM load_files ORDER BY path")
    assert len(files) == len(base)
    for path, digest, size in files:
        assert digest == hashlib.sha256(Path(path).read_bytes()).hexdigest()
        assert size == Path(path).stat().st_size
    assert query(db, "SELECT DISTINCT _first_load, _last_load FROM reviews") == [(1, 1)]
    assert query(db, "SELECT _source FROM reviews WHERE review_id = 'T0-R1'") == [
        (f"{inputs / 'reviews.csv'} › row 3",)]
    assert not temp_files(db)


def test_loading_the_same_files_twice_changes_nothing_but_is_logged(tmp_path, base):
    inputs = write_inputs(tmp_path / "in", base)
    db = tmp_path / "w.duckdb"
    load([inputs], db)
    before = snapshot(db)
    report = load([inputs], db)
    assert report.outcome == "unchanged"
    for table, table_rows in base.items():
        c = report.counts[table]
        assert (c.inserted, c.updated, c.unchanged) == (0, 0, len(table_rows)), table
    assert snapshot(db) == before
    assert query(db, "SELECT load_id, outcome FROM loads ORDER BY load_id") == [(1, "changed"), (2, "unchanged")]
    assert query(db, "SELECT count(*) FROM change_log") == [(0,)]
    assert query(db, "SELECT count(*) FROM load_files WHERE load_id = 2")[0][0] == len(base)


def test_same_values_written_differently_are_unchanged(tmp_path, base):
    """Floats, dates, list spacing and listed-value case read to the same stored values."""
    db = tmp_path / "w.duckdb"
    load([write_inputs(tmp_path / "a", base)], db)
    again = copy.deepcopy(base)
    again["measures"][0]["baseline_value"] = "55.50"
    again["measures"][0]["target_value"] = "80.0"
    again["reviews"][0]["notified_date"] = "10/01/2025"   # UK form of the same date
    again["reviews"][0]["review_type"] = "lcspr"
    again["learning"][1]["themes"] = " information_sharing ; voice_of_child "
    report = load([write_inputs(tmp_path / "b", again)], db)
    assert report.outcome == "unchanged", report.counts
    assert query(db, "SELECT count(*) FROM change_log") == [(0,)]


def test_changed_row_is_updated_in_place_and_every_replaced_value_logged(tmp_path, base):
    db = tmp_path / "w.duckdb"
    load([write_inputs(tmp_path / "a", base)], db)
    changed = copy.deepcopy(base)
    changed["reviews"][0].update(title="Child Z", notified_date="2025-01-12", status="Completed",
                                 completed_date="2025-12-01")
    changed["measures"][0]["baseline_value"] = "56"
    changed["learning"][1]["themes"] = "information_sharing"        # list changed
    changed["action_updates"][0]["rag"] = "Red"                       # composite key table
    report = load([write_inputs(tmp_path / "b", changed)], db)
    assert (report.counts["reviews"].updated, report.counts["reviews"].unchanged) == (1, 1)
    assert report.counts["action_updates"].updated == 1
    log = set(query(db, "SELECT load_id, table_name, row_key, column_name, old_value, new_value "
                        "FROM change_log"))
    assert log == {
        (2, "reviews", "T0-R0", "title", "Child 0", "Child Z"),
        (2, "reviews", "T0-R0", "notified_date", "2025-01-10", "2025-01-12"),
        (2, "reviews", "T0-R0", "status", "In progress", "Completed"),
        (2, "reviews", "T0-R0", "completed_date", None, "2025-12-01"),
        (2, "measures", "T0-M", "baseline_value", "55.5", "56.0"),
        (2, "learning", "T0-R0-L1", "themes", "information_sharing;voice_of_child", "information_sharing"),
        (2, "action_updates", "T0-R0-REC1-A1|2026-03-31", "rag", "Amber", "Red"),
    }
    assert query(db, "SELECT title, status, _first_load, _last_load FROM reviews WHERE review_id = 'T0-R0'") == [
        ("Child Z", "Completed", 1, 2)]
    assert query(db, "SELECT _last_load FROM reviews WHERE review_id = 'T0-R1'") == [(1,)]
    assert query(db, "SELECT count(*) FROM reviews") == [(2,)]


def test_blank_optional_cell_clears_the_stored_value_and_is_logged(tmp_path, base):
    db = tmp_path / "w.duckdb"
    load([write_inputs(tmp_path / "a", base)], db)
    blanked = copy.deepcopy(base)
    blanked["reviews"][1]["summary"] = ""
    blanked["measures"][0]["target_value"] = ""
    next(r for r in blanked["learning"] if r["learning_id"] == "T0-R0-L1")["themes"] = ""
    load([write_inputs(tmp_path / "b", blanked)], db)
    assert query(db, "SELECT summary FROM reviews WHERE review_id = 'T0-R1'") == [(None,)]
    assert query(db, "SELECT target_value FROM measures") == [(None,)]
    assert query(db, "SELECT themes FROM learning WHERE learning_id = 'T0-R0-L1'") == [(None,)]
    assert set(query(db, "SELECT row_key, column_name, old_value, new_value FROM change_log")) == {
        ("T0-R1", "summary", "A fictional review.", None),
        ("T0-M", "target_value", "80.0", None),
        ("T0-R0-L1", "themes", "information_sharing;voice_of_child", None),
    }


def test_an_optional_column_the_file_lacks_keeps_the_stored_values(tmp_path, base):
    """A narrower file (no summary column at all) says nothing about summaries: nothing is
    cleared or logged, while a changed value in a column it does have is updated."""
    db = tmp_path / "w.duckdb"
    load([write_inputs(tmp_path / "a", base)], db)
    narrower = {"reviews": [{k: v for k, v in r.items() if k != "summary"} for r in base["reviews"]]}
    narrower["reviews"][0]["title"] = "Child Q (renamed)"
    folder = tmp_path / "b"
    folder.mkdir()
    header = [c for c in TABLES["reviews"].column_names if c != "summary"]
    pl.DataFrame([{h: r.get(h) for h in header} for r in narrower["reviews"]],
                 schema={h: pl.Utf8 for h in header}).write_csv(folder / "reviews.csv")
    report = load([folder], db)
    assert query(db, "SELECT review_id, summary FROM reviews ORDER BY review_id") == [
        (r["review_id"], r["summary"] or None) for r in sorted(base["reviews"], key=lambda r: r["review_id"])]
    assert query(db, "SELECT row_key, column_name, new_value FROM change_log") == [
        ("T0-R0", "title", "Child Q (renamed)")]
    assert report.counts["reviews"].updated == 1 and report.counts["reviews"].unchanged == 1


def test_rows_missing_from_a_later_load_are_kept(tmp_path, base):
    db = tmp_path / "w.duckdb"
    load([write_inputs(tmp_path / "a", base)], db)
    later = {"reviews": base["reviews"][:1], "actions": base["actions"][:1]}
    report = load([write_inputs(tmp_path / "b", later)], db)
    assert set(report.counts) == {"reviews", "actions"}
    assert query(db, "SELECT count(*) FROM reviews") == [(len(base["reviews"]),)]
    assert query(db, "SELECT count(*) FROM actions") == [(len(base["actions"]),)]


def test_several_inputs_load_together_and_may_refer_to_each_other(tmp_path):
    a, b = rows("A"), rows("B")
    b["actions"].append({**b["actions"][0], "action_id": "B-X", "recommendation_id": "A0-R0-REC1"})
    db = tmp_path / "w.duckdb"
    report = load([write_inputs(tmp_path / "a", a), write_inputs(tmp_path / "b", b)], db)
    assert report.counts["actions"].inserted == len(a["actions"]) + len(b["actions"])
    assert len(report.files) == 2 * len(a)


def test_later_load_may_refer_to_rows_already_in_the_warehouse(tmp_path, base):
    db = tmp_path / "w.duckdb"
    load([write_inputs(tmp_path / "a", base)], db)
    extra = {"actions": [{**base["actions"][0], "action_id": "T-NEW", "recommendation_id": "T0-R0-REC1"}]}
    report = load([write_inputs(tmp_path / "b", extra)], db)
    assert report.counts["actions"].inserted == 1


def test_one_bad_input_among_good_ones_writes_nothing(tmp_path, base):
    db = tmp_path / "w.duckdb"
    load([write_inputs(tmp_path / "first", base)], db)
    published = sha256(db)
    good = write_inputs(tmp_path / "good", rows("G"))
    bad_rows = rows("X")
    bad_rows["reviews"][0]["review_type"] = "Inquiry"
    bad_rows["actions"][0]["due_date"] = "31/02/2026"
    bad = write_inputs(tmp_path / "bad", bad_rows)
    with pytest.raises(InputRejected) as rejected:
        load([good, bad], db)
    text = [str(p) for p in rejected.value.problems]
    assert any("reviews.csv › row 2 › review_type" in t and "Inquiry" in t for t in text), text
    assert any("actions.csv › row 2 › due_date" in t for t in text), text
    assert sha256(db) == published
    assert query(db, "SELECT count(*) FROM loads") == [(1,)]
    assert query(db, "SELECT count(*) FROM reviews WHERE review_id LIKE 'G%'") == [(0,)]
    assert not temp_files(db)


def test_rejected_first_load_creates_no_warehouse(tmp_path, base):
    base["actions"][0]["status"] = "Finished"
    db = tmp_path / "w.duckdb"
    with pytest.raises(InputRejected):
        load([write_inputs(tmp_path / "in", base)], db)
    assert not db.exists()
    assert not temp_files(db)


def test_warnings_are_kept_with_the_load(tmp_path, base):
    base["actions"][0]["owner_agency"] = "Lighthouse Outreach Project"   # unknown agency: a warning
    db = tmp_path / "w.duckdb"
    report = load([write_inputs(tmp_path / "in", base)], db)
    assert any("Lighthouse Outreach Project" in str(w) for w in report.warnings)
    stored = query(db, "SELECT file, row_number, column_name, message, value FROM load_warnings")
    assert any(r[2] == "owner_agency" and r[1] == 2 and "Lighthouse" in (r[4] or r[3]) for r in stored), stored


def test_agency_aliases_are_stored_under_the_canonical_name(tmp_path, base):
    db = tmp_path / "w.duckdb"
    load([write_inputs(tmp_path / "in", base)], db)
    assert query(db, "SELECT DISTINCT owner_agency FROM actions") == [("Children's Social Care",)]


def _accept(db: Path, statement_id: str, theme: str) -> None:
    with publishing(db) as con:
        con.execute("INSERT INTO theme_decisions VALUES (1, 'learning', ?, ?, 'accept', 0.9, "
                    "'committee chair', ?, 1, NULL)", [statement_id, theme, datetime(2026, 11, 1)])


def test_input_themes_supersede_an_accepted_suggestion(tmp_path, base):
    db = tmp_path / "w.duckdb"
    load([write_inputs(tmp_path / "a", base)], db)
    _accept(db, "T0-R0-L2", "hidden_men")                 # L2 was loaded untagged
    assert load([write_inputs(tmp_path / "a", base)], db).superseded_decisions == 0
    tagged = copy.deepcopy(base)
    next(r for r in tagged["learning"] if r["learning_id"] == "T0-R0-L2")["themes"] = "hidden_men"
    report = load([write_inputs(tmp_path / "b", tagged)], db)
    assert report.superseded_decisions == 1
    assert query(db, "SELECT superseded_by_load FROM theme_decisions") == [(report.load_id,)]


def test_demo_workbooks_load_and_reload_unchanged(demo_inputs, demo_db, tmp_path):
    """The real demo workbooks (Excel dates, lists, agencies) reload without a change."""
    db = tmp_path / "w.duckdb"
    db.write_bytes(demo_db.read_bytes())
    before = snapshot(db)
    assert before["reviews"] and before["action_updates"]
    report = load([demo_inputs], db)
    assert report.outcome == "unchanged", {t: c for t, c in report.counts.items() if c.inserted or c.updated}
    assert snapshot(db) == before
