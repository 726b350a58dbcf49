"""`python -m etl demo`: the fictional region a committee sees in demonstrations.

Generated in real processes into real workbooks and read back with the same fast reader
the loader uses; the warehouse checks use the session `demo_db` (2 boards × 3 years,
seed 7, as of 2026-11-23) loaded through `python -m etl load`.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl.contract import (ACTION_STATUSES, AUDIT_TYPES, LEARNING_KINDS, REVIEW_STATUSES, REVIEW_TYPES,
                          TABLES, THEME_KEYS)
from project import run_etl

TODAY = date(2026, 11, 23)
ARGS = ("--boards", "2", "--years", "3", "--seed", "7", "--today", TODAY.isoformat())
# Common first names and surnames: none may appear as a word in demo text.
NAMES = ("John", "James", "David", "Michael", "Sarah", "Emma", "Mary", "Jessica", "Daniel", "Thomas",
         "Olivia", "Amelia", "Jack", "Harry", "Sophie", "Chloe", "Mohammed", "Fatima", "Smith", "Jones",
         "Williams", "Brown", "Taylor", "Wilson", "Patel", "Khan", "Mrs", "Mr", "Ms", "Dr")


def read_region(folder: Path) -> dict[str, pl.DataFrame]:
    """Every workbook's sheets combined per table, read with calamine like the loader."""
    frames: dict[str, list[pl.DataFrame]] = {t: [] for t in TABLES}
    for path in sorted(folder.glob("*.xlsx")):
        for table in TABLES:
            frames[table].append(pl.read_excel(path, sheet_name=table, engine="calamine",
                                               infer_schema_length=None))
    return {t: pl.concat(f, how="diagonal_relaxed") for t, f in frames.items()}


@pytest.fixture(scope="module")
def region(demo_inputs) -> dict[str, pl.DataFrame]:
    return read_region(demo_inputs)


def test_same_seed_and_today_give_identical_files(demo_inputs, tmp_path):
    res = run_etl("demo", "--out", tmp_path, *ARGS)
    assert res.returncode == 0, res.stderr
    ours = sorted(p.name for p in tmp_path.iterdir())
    assert ours == sorted(p.name for p in demo_inputs.iterdir())
    for name in ours:
        assert (tmp_path / name).read_bytes() == (demo_inputs / name).read_bytes(), name


def test_another_seed_gives_other_data(demo_inputs, tmp_path):
    res = run_etl("demo", "--out", tmp_path, "--boards", "2", "--years", "3", "--seed", "8",
                  "--today", TODAY.isoformat())
    assert res.returncode == 0, res.stderr
    book = next(tmp_path.glob("*.xlsx"))
    assert book.read_bytes() != (demo_inputs / book.name).read_bytes()


def test_one_workbook_per_board_in_contract_shape(demo_inputs):
    import openpyxl
    books = sorted(demo_inputs.glob("*.xlsx"))
    assert len(books) == 2
    for path in books:
        wb = openpyxl.load_workbook(path, read_only=True)
        assert set(wb.sheetnames) == set(TABLES)
        for table in TABLES:
            header = [c.value for c in next(wb[table].iter_rows(min_row=1, max_row=1))]
            assert header == TABLES[table].column_names, (path.name, table)
        wb.close()


def test_readme_says_fictional(demo_inputs):
    text = (demo_inputs / "README.txt").read_text(encoding="utf-8")
    assert text.startswith("FICTIONAL DEMO DATA")
    assert "invented" in text and "Northshire" in text


def test_dates_are_real_excel_dates(region):
    assert region["reviews"].schema["notified_date"] in (pl.Date, pl.Datetime("ms"), pl.Datetime("us"))
    assert region["actions"].schema["due_date"] in (pl.Date, pl.Datetime("ms"), pl.Datetime("us"))


def test_no_forbidden_date_after_today(region):
    for table, frame in region.items():
        for col in TABLES[table].columns:
            if col.no_future and frame.height:
                latest = frame[col.name].drop_nulls().cast(pl.Date).max()
                assert latest is None or latest <= TODAY, (table, col.name, latest)


def test_the_last_complete_quarter_has_data(region):
    q_start, q_end = date(2026, 7, 1), date(2026, 9, 30)
    updates = region["action_updates"]["reported_on"].cast(pl.Date)
    assert updates.is_between(q_start, q_end).sum() > 20
    values = region["measure_values"]["period_end"].cast(pl.Date)
    assert (values == q_end).sum() >= 6


def test_ids_unique_and_prefixed_by_board(region):
    for table, frame in region.items():
        key = list(TABLES[table].key)
        assert frame.select(key).is_duplicated().sum() == 0, table
    prefixes = region["reviews"].select(pl.col("review_id").str.slice(0, 3), "board").unique()
    assert prefixes.height == 2
    assert set(region["reviews"]["board"]) == {"Northshire", "Eastmere"}
    assert region["reviews"]["review_id"].str.contains(r"^[A-Z]{2}-(SCR|LCSPR|RR|CIR|IAR|PF|OTH)-\d{4}-\d{2}$").all()


def test_every_review_type_status_and_listed_values(region):
    reviews = region["reviews"]
    assert set(reviews["review_type"]) == set(REVIEW_TYPES)
    assert set(reviews["status"]) == set(REVIEW_STATUSES)
    assert set(region["learning"]["kind"]) == set(LEARNING_KINDS)
    assert set(region["actions"]["status"]) == set(ACTION_STATUSES)
    assert set(region["audits"]["audit_type"]) == set(AUDIT_TYPES)
    for table, frame in region.items():
        for col in TABLES[table].columns:
            if col.values:
                assert set(frame[col.name].drop_nulls()) <= set(col.values), (table, col.name)


def test_statuses_agree_with_dates(region):
    reviews = region["reviews"]
    published = reviews.filter(pl.col("status") == "Published")
    assert published["published_date"].null_count() == 0
    in_progress = reviews.filter(pl.col("status") == "In progress")
    assert in_progress["completed_date"].null_count() == in_progress.height
    actions = region["actions"]
    done = actions.filter(pl.col("status").str.starts_with("Complete"))
    assert done["completed_date"].null_count() == 0
    stopped = actions.filter(pl.col("status").is_in(["Cancelled", "Superseded"]))
    assert stopped.height > 0 and stopped["cancelled_date"].null_count() == 0
    evidenced = actions.filter(pl.col("status") == "Complete - impact evidenced")
    assert evidenced.height > 0 and evidenced["evidence"].null_count() == 0


def test_all_28_themes_and_about_30_percent_untagged(region):
    learning = region["learning"]
    tagged = learning["themes"].drop_nulls().str.split(";").explode()
    assert set(tagged) == set(THEME_KEYS)
    untagged = learning["themes"].null_count() / learning.height
    assert 0.2 <= untagged <= 0.4, untagged
    assert set(region["recommendations"]["themes"].drop_nulls().str.split(";").explode()) <= set(THEME_KEYS)


def test_learning_text_is_varied(region):
    texts = region["learning"]["text"]
    assert texts.n_unique() / texts.len() >= 0.9
    openings = texts.str.split(" ").list.slice(0, 3).list.join(" ")
    assert openings.n_unique() >= 40  # not one sentence shape repeated
    recs = region["recommendations"]["text"]
    assert recs.n_unique() / recs.len() >= 0.9


def test_no_personal_names(region):
    pattern = re.compile(r"\b(" + "|".join(NAMES) + r")\b")
    for table, frame in region.items():
        for name, dtype in frame.schema.items():
            if dtype == pl.Utf8:
                hits = [v for v in frame[name].drop_nulls() if pattern.search(v)]
                assert not hits, (table, name, hits[:3])
    titles = region["reviews"]["title"]
    assert titles.str.contains(r"^(Child|Baby|Young person|Siblings) [A-Z]( and [A-Z])?$|: ").all()


def test_recommendation_and_action_counts(region):
    recs = region["recommendations"]
    per_review = (recs.join(region["reviews"].select(pl.col("review_id").alias("source_id")), on="source_id")
                  .group_by("source_id").len())
    assert per_review["len"].min() >= 3 and per_review["len"].max() <= 12
    per_rec = region["actions"].group_by("recommendation_id").len()
    assert per_rec["len"].min() >= 1 and per_rec["len"].max() <= 3
    assert set(recs["recommendation_id"]) == set(per_rec["recommendation_id"])
    audit_recs = recs.join(region["audits"].select(pl.col("audit_id").alias("source_id")), on="source_id")
    assert audit_recs.height > 0


def test_demo_loads_and_shows_realistic_figures(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        timeliness = {r[0] for r in con.execute(
            "SELECT DISTINCT timeliness FROM milestones('2026-11-23') WHERE timeliness IS NOT NULL").fetchall()}
        assert {"On time", "Met late", "Outstanding and late"} <= timeliness
        for rtype in ("SCR", "LCSPR", "Rapid review"):
            assert con.execute("SELECT count(*) FROM milestones('2026-11-23') WHERE review_type = ? "
                               "AND timeliness = 'On time'", [rtype]).fetchone()[0] > 0, rtype
        overdue = con.execute("SELECT count(*) FROM action_status('2026-11-23') WHERE is_overdue").fetchone()[0]
        slipped = con.execute("SELECT count(*) FROM action_status('2026-11-23') WHERE is_slipped").fetchone()[0]
        assert overdue > 0 and slipped > 0
        missing = con.execute("SELECT count(*) FROM returns_missing('2026-07-01', '2026-09-30')").fetchone()[0]
        assert missing > 0
        statuses = dict(con.execute("SELECT status, count(*) FROM measure_status('2026-11-23') GROUP BY 1").fetchall())
        assert {"Target met", "Improving", "Worsening", "No data"} <= set(statuses)
        assert statuses["No data"] == 2  # one per board
        shares = con.execute("SELECT count(DISTINCT audit_id) FROM audit_grade_shares()").fetchone()[0]
        assert shares > 5
        re_audits = con.execute("SELECT count(*) FROM audits WHERE title LIKE 'Re-audit%'").fetchone()[0]
        assert re_audits > 0
        grades = con.execute("SELECT count(DISTINCT agency), count(DISTINCT domain), count(DISTINCT grade) "
                             "FROM audit_grades").fetchone()
        assert grades[0] >= 5 and grades[1] == 5 and grades[2] == 4
    finally:
        con.close()


def test_refuses_a_folder_holding_other_workbooks(tmp_path):
    (tmp_path / "returns.xlsx").write_bytes(b"not ours")
    res = run_etl("demo", "--out", tmp_path, *ARGS)
    assert res.returncode == 2
    assert "not a demo region" in res.stderr
    assert (tmp_path / "returns.xlsx").read_bytes() == b"not ours"


def test_bad_today_is_a_usage_error(tmp_path):
    res = run_etl("demo", "--out", tmp_path, "--today", "23/11/2026")
    assert res.returncode == 2 and "YYYY-MM-DD" in res.stderr
    assert "Traceback" not in res.stderr


def test_agencies_are_listed_names_or_their_aliases(region):
    from etl.reference import AgencyIndex
    index = AgencyIndex.from_csv()
    owners = region["actions"]["owner_agency"]
    unknown = {o for o in owners if not index.normalise(o)[1]}
    assert unknown <= {"Regional Adoption Agency"}  # the one deliberate unknown, on one board only
    assert any(o not in index.names for o in owners if index.normalise(o)[1]), "some returns use aliases"
    for frame, col in ((region["audit_grades"], "agency"), (region["recommendations"], "addressed_to")):
        assert all(index.normalise(v)[1] for v in frame[col].drop_nulls()), col
    listed = region["learning"]["agencies"].drop_nulls().str.split(";").explode()
    assert set(listed) <= index.names
