"""Publishing: a write happens on a copy and replaces the published file atomically, or
not at all; reference tables (typology, agencies) and the calendar come with every
version; readers open the published file read-only."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.contract import THEME_KEYS
from etl.problems import EnvironmentProblem
from etl.publish import lock_path, publishing
from etl.reference import AgencyIndex
from etl.warehouse import connect_readonly, published_version
from load_helpers import ROOT, query, sha256, temp_files


def test_first_publish_creates_a_complete_warehouse(tmp_path):
    db = tmp_path / "new" / "w.duckdb"
    with publishing(db) as con:
        con.execute("INSERT INTO meta VALUES ('kind', 'board')")
    assert db.is_file() and not temp_files(db)
    assert not Path(f"{db}.wal").exists()
    keys = {k for (k,) in query(db, "SELECT key FROM typology")}
    assert set(THEME_KEYS) <= keys
    assert query(db, "SELECT count(*) FROM typology WHERE len(cue_phrases) = 0") == [(0,)]
    assert ("Children's Social Care", ["CSC"]) in [
        (n, [a for a in al if a == "CSC"]) for n, al in query(db, "SELECT name, aliases FROM agencies")]
    assert query(db, "SELECT value FROM meta WHERE key = 'kind'") == [("board",)]
    assert query(db, "SELECT min(date), max(date) FROM calendar")[0] == (
        __import__("datetime").date(2000, 1, 1), __import__("datetime").date(2045, 12, 31))


def test_failed_write_leaves_the_published_file_untouched(tmp_path):
    db = tmp_path / "w.duckdb"
    with publishing(db) as con:
        con.execute("INSERT INTO meta VALUES ('kind', 'board')")
    before, version = sha256(db), published_version(db)
    with pytest.raises(RuntimeError):
        with publishing(db) as con:
            con.execute("UPDATE meta SET value = 'regional' WHERE key = 'kind'")
            raise RuntimeError("something failed half way")
    assert sha256(db) == before and published_version(db) == version
    assert query(db, "SELECT value FROM meta WHERE key = 'kind'") == [("board",)]
    assert not temp_files(db)


def test_successful_write_publishes_a_new_version(tmp_path):
    db = tmp_path / "w.duckdb"
    with publishing(db):
        pass
    first = published_version(db)
    with publishing(db) as con:
        con.execute("INSERT INTO meta VALUES ('kind', 'regional')")
    assert published_version(db) != first
    assert query(db, "SELECT value FROM meta WHERE key = 'kind'") == [("regional",)]


def test_stale_temporary_files_of_killed_writes_are_removed(tmp_path):
    db = tmp_path / "w.duckdb"
    with publishing(db):
        pass
    stale = tmp_path / f".{db.name}.tmp-99999-deadbeef"
    stale.write_bytes(b"half a warehouse")
    Path(f"{stale}.wal").write_bytes(b"x")
    with publishing(db):
        pass
    assert not temp_files(db)


def test_reader_keeps_its_version_while_a_new_one_is_published(tmp_path):
    db = tmp_path / "w.duckdb"
    with publishing(db) as con:
        con.execute("INSERT INTO meta VALUES ('kind', 'board')")
    reader = connect_readonly(db)
    with publishing(db) as con:
        con.execute("UPDATE meta SET value = 'regional' WHERE key = 'kind'")
    assert reader.execute("SELECT value FROM meta WHERE key = 'kind'").fetchall() == [("board",)]
    reader.close()
    fresh = connect_readonly(db)
    assert fresh.execute("SELECT value FROM meta WHERE key = 'kind'").fetchall() == [("regional",)]
    with pytest.raises(duckdb.Error):
        fresh.execute("INSERT INTO meta VALUES ('x', 'y')")
    fresh.close()


def test_missing_warehouse_is_an_environment_problem(tmp_path):
    with pytest.raises(EnvironmentProblem, match="no warehouse"):
        connect_readonly(tmp_path / "absent.duckdb")


def test_unwritable_location_is_an_environment_problem(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    with pytest.raises(EnvironmentProblem):
        with publishing(blocker / "w.duckdb"):
            pass


def test_a_file_that_is_not_a_warehouse_is_an_environment_problem(tmp_path):
    db = tmp_path / "w.duckdb"
    db.write_text("this is not a DuckDB file")
    with pytest.raises(EnvironmentProblem):
        with publishing(db):
            pass
    assert db.read_text() == "this is not a DuckDB file"
    assert not temp_files(db)


def test_lock_file_lives_beside_the_warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    with publishing(db):
        assert lock_path(db).exists()


def test_agency_index_normalises_aliases_case_and_apostrophes():
    index = AgencyIndex.from_csv(ROOT / "data" / "agencies.csv")
    assert index.normalise("CSC") == ("Children's Social Care", True)
    assert index.normalise("  childrens social care ") == ("Children's Social Care", True)
    assert index.normalise("Children’s Services") == ("Children's Social Care", True)
    assert index.normalise("a&e") == ("Emergency Department", True)
    assert index.normalise("board") == ("Board", True)
    assert index.normalise(" Lighthouse Project ") == ("Lighthouse Project", False)


def test_agency_index_from_the_warehouse_matches_the_csv(tmp_path):
    db = tmp_path / "w.duckdb"
    with publishing(db):
        pass
    con = connect_readonly(db)
    try:
        assert AgencyIndex.from_db(con).canonical == AgencyIndex.from_csv(ROOT / "data" / "agencies.csv").canonical
    finally:
        con.close()
