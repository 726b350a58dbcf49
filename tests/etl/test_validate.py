"""Validation: every contract rule, each asserted as the full located message a user sees.

Each test starts from a fully valid input (etl_inputs.good_rows) written as real CSV files
or a real workbook, breaks one thing, and checks the exact problems. Rules that apply to
many columns are parametrised from etl/contract.py, so a column added to the contract is
tested without a new test.
"""
from __future__ import annotations

import time
from datetime import date, timedelta

import polars as pl
import pytest

from etl.contract import ACTION_STATUSES, TABLES
from etl_inputs import (TODAY, big_tables, check, fast_xlsx, good_rows, messages,
                        warning_messages, write_csv, write_folder, write_workbook)

ALL_COLUMNS = [(t.name, c) for t in TABLES.values() for c in t.columns]


def _set(rows: dict, table: str, column: str, value, index: int = 0) -> dict:
    rows[table][index][column] = value
    return rows


def _folder(tmp_path, rows: dict):
    folder = write_folder(tmp_path / "in", rows)
    return folder, lambda table: f"{folder}/{table}.csv"


def test_valid_input_has_no_problems_and_typed_tables(tmp_path):
    folder, _ = _folder(tmp_path, good_rows())
    result = check([folder])
    assert messages(result) == [] and warning_messages(result) == []
    types = {"text": pl.Utf8, "date": pl.Date, "int": pl.Int64, "number": pl.Float64,
             "list": pl.List(pl.Utf8)}
    for name, frame in result.tables.items():
        assert frame.columns == TABLES[name].column_names + ["_source", "_absent"]
        assert dict(frame.schema) == {**{c.name: types[c.kind] for c in TABLES[name].columns},
                                      "_source": pl.Utf8, "_absent": pl.List(pl.Utf8)}
        assert frame["_absent"].to_list() == [[]] * frame.height  # every column was given
    assert result.tables["audits"]["cases_audited"].to_list() == [12]
    assert result.tables["measure_values"]["value"].to_list() == [61.5]
    assert result.tables["learning"]["agencies"].to_list() == [["Police", "Children's Social Care"]]
    assert result.tables["reviews"]["summary"].to_list() == [None, None]  # blank → NULL


# ---------------------------------------------------------------- required

@pytest.mark.parametrize("table,column", [(t, c.name) for t, c in ALL_COLUMNS if c.required])
def test_required_value_blank(tmp_path, table, column):
    folder, at = _folder(tmp_path, _set(good_rows(), table, column, "  "))
    got = messages(check([folder]))
    assert f"{at(table)} › row 2 › {column}: a value is required but the cell is blank" in got
    # Nothing else but what follows from the blank (e.g. rows referring to the missing id).
    assert all("required" in m or "refers to an unknown" in m for m in got), got


def test_required_columns_missing_one_problem_each(tmp_path):
    rows = good_rows()
    for row in rows["actions"]:
        del row["owner_agency"], row["due_date"]
    folder = tmp_path / "in"
    folder.mkdir()
    write_csv(folder / "actions.csv", rows["actions"])
    result = check([folder], {"recommendations": {"T-REC-1"}, "measures": {"T-M-1"}})
    assert messages(result) == [f"{folder}/actions.csv › owner_agency: required column is missing",
                                f"{folder}/actions.csv › due_date: required column is missing"]


def test_missing_optional_column_is_fine(tmp_path):
    rows = good_rows()
    folder = tmp_path / "in"
    folder.mkdir()
    write_csv(folder / "measure_values.csv", rows["measure_values"], ["measure_id", "period_end", "value"])
    result = check([folder], {"measures": {"T-M-1"}})
    assert messages(result) == []
    assert result.tables["measure_values"]["note"].to_list() == [None]


# ------------------------------------------------------------- types

@pytest.mark.parametrize("table,column", [(t, c.name) for t, c in ALL_COLUMNS if c.kind == "date"])
def test_unparseable_date(tmp_path, table, column):
    folder, at = _folder(tmp_path, _set(good_rows(), table, column, "31/02/2026"))
    assert messages(check([folder])) == [
        f"{at(table)} › row 2 › {column}: is not a date (use YYYY-MM-DD or DD/MM/YYYY) (31/02/2026)"]


@pytest.mark.parametrize("table,column", [(t, c.name) for t, c in ALL_COLUMNS if c.kind == "number"])
def test_unparseable_number(tmp_path, table, column):
    folder, at = _folder(tmp_path, _set(good_rows(), table, column, "12,5"))
    assert messages(check([folder])) == [f"{at(table)} › row 2 › {column}: is not a number (12,5)"]


@pytest.mark.parametrize("value", ["-1", "2.5", "twelve", "1e12"])
def test_whole_number_of_zero_or_more(tmp_path, value):
    folder, at = _folder(tmp_path, _set(good_rows(), "audits", "cases_audited", value))
    assert messages(check([folder])) == [
        f"{at('audits')} › row 2 › cases_audited: is not a whole number of 0 or more ({value})"]


def test_numbers_in_workbook_cells_and_text(tmp_path):
    rows = good_rows()
    rows["audits"][0]["cases_audited"] = 7
    rows["measures"][0]["baseline_value"] = 0.25
    rows["measures"][0]["target_value"] = " 30 "
    result = check([write_workbook(tmp_path / "b.xlsx", rows)])
    assert messages(result) == []
    assert result.tables["audits"]["cases_audited"].to_list() == [7]
    assert result.tables["measures"].select("baseline_value", "target_value").row(0) == (0.25, 30.0)


# ------------------------------------------------------------ listed values

@pytest.mark.parametrize("table,column", [(t, c.name) for t, c in ALL_COLUMNS if c.values])
def test_value_outside_its_list(tmp_path, table, column):
    folder, at = _folder(tmp_path, _set(good_rows(), table, column, "Sometimes"))
    values = ", ".join(TABLES[table].column(column).values)
    assert messages(check([folder])) == [
        f"{at(table)} › row 2 › {column}: is not one of: {values} (Sometimes)"]


@pytest.mark.parametrize("table,column", [(t, c.name) for t, c in ALL_COLUMNS if c.values])
def test_listed_values_match_case_insensitively_stored_as_listed(tmp_path, table, column):
    stored = TABLES[table].column(column).values[-1]
    if column == "status" and table == "actions":
        stored = "In progress"  # a completed/cancelled status would need its date too
    folder, _ = _folder(tmp_path, _set(good_rows(), table, column, f"  {stored.swapcase()} "))
    result = check([folder])
    assert messages(result) == []
    assert result.tables[table][column][0] == stored


# ------------------------------------------------------------ lists and themes

def test_lists_are_split_and_trimmed(tmp_path):
    rows = _set(good_rows(), "learning", "themes", " Neglect ;voice of child;; information-sharing; neglect")
    folder, _ = _folder(tmp_path, rows)
    result = check([folder])
    assert messages(result) == []
    assert result.tables["learning"]["themes"].to_list() == [
        ["neglect", "voice_of_child", "information_sharing"]]


@pytest.mark.parametrize("table,column", [(t, c.name) for t, c in ALL_COLUMNS if c.theme_list])
def test_unknown_theme_key(tmp_path, table, column):
    folder, at = _folder(tmp_path, _set(good_rows(), table, column, "neglect; weather; luck"))
    assert messages(check([folder])) == [
        f"{at(table)} › row 2 › {column}: is not a known theme key (see the typology) (weather)",
        f"{at(table)} › row 2 › {column}: is not a known theme key (see the typology) (luck)"]


def test_blank_theme_list_is_null_not_yet_tagged(tmp_path):
    folder, _ = _folder(tmp_path, _set(good_rows(), "learning", "themes", " ; "))
    result = check([folder])
    assert messages(result) == []
    assert result.tables["learning"]["themes"].to_list() == [None]


# ------------------------------------------------------------ dates not in the future

@pytest.mark.parametrize("table,column", [(t, c.name) for t, c in ALL_COLUMNS if c.no_future])
def test_date_later_than_the_day_of_the_load(tmp_path, table, column):
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    rows = _set(good_rows(), table, column, tomorrow)
    if table == "actions" and column == "cancelled_date":
        rows["actions"][0].update(status="Cancelled", completed_date=None)
    folder, at = _folder(tmp_path, rows)
    assert messages(check([folder])) == [
        f"{at(table)} › row 2 › {column}: is later than the day of the load, {TODAY} ({tomorrow})"]


@pytest.mark.parametrize("table,column", [(t, c.name) for t, c in ALL_COLUMNS
                                          if c.kind == "date" and not c.no_future])
def test_due_start_and_target_dates_may_be_in_the_future(tmp_path, table, column):
    folder, _ = _folder(tmp_path, _set(good_rows(), table, column, "2031-03-31"))
    assert messages(check([folder])) == []


def test_the_day_of_the_load_itself_is_allowed(tmp_path):
    folder, _ = _folder(tmp_path, _set(good_rows(), "measure_values", "period_end", TODAY.isoformat()))
    assert messages(check([folder])) == []


def test_future_excel_date_cell(tmp_path):
    rows = _set(good_rows(), "reviews", "published_date", date(2027, 1, 15))
    book = write_workbook(tmp_path / "b.xlsx", rows)
    assert messages(check([book])) == [
        f"{book} › reviews › row 2 › published_date: is later than the day of the load, 2026-11-23 (2027-01-15)"]


# ------------------------------------------------------------ keys

@pytest.mark.parametrize("table", [t.name for t in TABLES.values()])
def test_duplicate_key_within_the_input(tmp_path, table):
    rows = good_rows()
    rows[table].append(dict(rows[table][0]))
    folder, at = _folder(tmp_path, rows)
    key = TABLES[table].key
    n = len(rows[table]) + 1
    shown = "|".join(str(rows[table][0][k]) for k in key)
    what = "id" if len(key) == 1 else "combination of " + ", ".join(key)
    assert messages(check([folder])) == [
        f"{at(table)} › row {n} › {', '.join(key)}: duplicate {what}: already given at "
        f"{at(table)} › row 2 ({shown})"]


def test_composite_key_compares_typed_values(tmp_path):
    """`2026-06-30` and `30/06/2026` are the same return date; agency aliases the same agency."""
    rows = good_rows()
    rows["action_updates"].append({**rows["action_updates"][0], "reported_on": "30/06/2026"})
    rows["audit_grades"].append({**rows["audit_grades"][0], "agency": "constabulary"})
    folder, at = _folder(tmp_path, rows)
    assert messages(check([folder])) == [
        f"{at('action_updates')} › row 4 › action_id, reported_on: duplicate combination of "
        f"action_id, reported_on: already given at {at('action_updates')} › row 2 (T-A-2|2026-06-30)",
        f"{at('audit_grades')} › row 3 › audit_id, case_ref, agency, domain: duplicate combination of "
        f"audit_id, case_ref, agency, domain: already given at {at('audit_grades')} › row 2 "
        "(T-AUD-1|C1|Police|Planning)"]


# ------------------------------------------------------------ references

REFERRED = {("learning", "source_id"): "review_id or audit_id",
            ("recommendations", "source_id"): "review_id or audit_id",
            ("measures", "source_id"): "review_id, audit_id or recommendation_id",
            ("actions", "recommendation_id"): "recommendation_id",
            ("actions", "measure_id"): "measure_id",
            ("action_updates", "action_id"): "action_id",
            ("audit_grades", "audit_id"): "audit_id",
            ("measure_values", "measure_id"): "measure_id"}


def test_every_reference_column_is_covered():
    assert sorted(REFERRED) == sorted((t, c.name) for t, c in ALL_COLUMNS if c.refs)


@pytest.mark.parametrize("table,column", sorted(REFERRED))
def test_reference_to_an_unknown_id(tmp_path, table, column):
    folder, at = _folder(tmp_path, _set(good_rows(), table, column, "NOPE-1"))
    wanted = REFERRED[(table, column)]
    got = messages(check([folder]))
    assert got == [f"{at(table)} › row 2 › {column}: refers to an unknown {wanted}: in neither "
                   "this input nor the warehouse (NOPE-1)"]


def test_reference_to_an_id_already_in_the_warehouse(tmp_path):
    rows = good_rows()
    folder, _ = _folder(tmp_path, {"actions": rows["actions"], "action_updates": rows["action_updates"]})
    existing = {"recommendations": {"T-REC-1"}, "measures": {"T-M-1"}}
    assert messages(check([folder], existing)) == []
    assert len(messages(check([folder], {"measures": {"T-M-1"}}))) == 2  # both actions' recommendation


@pytest.mark.parametrize("table", ["learning", "recommendations"])
def test_source_must_be_a_review_or_an_audit(tmp_path, table):
    rows = _set(good_rows(), table, "source_id", "T-A-1")  # an action id: exists, wrong kind
    folder, at = _folder(tmp_path, rows)
    assert messages(check([folder])) == [
        f"{at(table)} › row 2 › source_id: refers to an unknown review_id or audit_id: in neither "
        "this input nor the warehouse (T-A-1)"]


def test_learning_may_come_from_an_audit(tmp_path):
    folder, _ = _folder(tmp_path, _set(good_rows(), "learning", "source_id", "T-AUD-1"))
    assert messages(check([folder])) == []


# ------------------------------------------------------------ action status dates

@pytest.mark.parametrize("status", ["Complete", "complete - IMPACT evidenced"])
def test_completed_action_without_completed_date(tmp_path, status):
    rows = good_rows()
    rows["actions"][1].update(status=status)
    folder, at = _folder(tmp_path, rows)
    stored = next(s for s in ACTION_STATUSES if s.lower() == status.lower())
    assert messages(check([folder])) == [
        f"{at('actions')} › row 3 › completed_date: is required when status is '{stored}'"]


@pytest.mark.parametrize("status", ["Cancelled", "superseded"])
def test_cancelled_action_without_cancelled_date(tmp_path, status):
    rows = good_rows()
    rows["actions"][1].update(status=status)
    folder, at = _folder(tmp_path, rows)
    assert messages(check([folder])) == [
        f"{at('actions')} › row 3 › cancelled_date: is required when status is '{status.capitalize()}'"]
    rows["actions"][1].update(cancelled_date="2026-10-01")
    folder2 = write_folder(tmp_path / "fixed", rows)
    assert messages(check([folder2])) == []


def test_unparseable_completed_date_is_reported_once(tmp_path):
    folder, at = _folder(tmp_path, _set(good_rows(), "actions", "completed_date", "soon"))
    assert messages(check([folder])) == [
        f"{at('actions')} › row 2 › completed_date: is not a date (use YYYY-MM-DD or DD/MM/YYYY) (soon)"]


# ------------------------------------------------------------ agencies

def test_unknown_agency_is_a_warning_not_an_error(tmp_path):
    rows = good_rows()
    rows["actions"][0]["owner_agency"] = "Ministry of Magic"
    rows["learning"][0]["agencies"] = "Police; Ministry of Magic"
    rows["audit_grades"][0]["agency"] = "Hogwarts"
    rows["recommendations"][0]["addressed_to"] = "Board"
    folder, at = _folder(tmp_path, rows)
    result = check([folder])
    assert messages(result) == []
    note = "unknown agency, kept as written (check the spelling or add it to data/agencies.csv)"
    assert warning_messages(result) == [
        f"{at('actions')} › row 2 › owner_agency: {note} (Ministry of Magic)",
        f"{at('audit_grades')} › row 2 › agency: {note} (Hogwarts)",
        f"{at('learning')} › row 2 › agencies: {note} (Ministry of Magic)"]
    assert result.tables["actions"]["owner_agency"][0] == "Ministry of Magic"


def test_agency_aliases_are_normalised(tmp_path):
    rows = good_rows()
    rows["actions"][0]["owner_agency"] = "csc"
    rows["recommendations"][0]["addressed_to"] = "board"
    rows["learning"][0]["agencies"] = "A&E; Youth Offending Team"
    folder, _ = _folder(tmp_path, rows)
    result = check([folder])
    assert warning_messages(result) == []
    assert result.tables["actions"]["owner_agency"][0] == "Children's Social Care"
    assert result.tables["recommendations"]["addressed_to"][0] == "Board"
    assert result.tables["learning"]["agencies"][0].to_list() == ["Emergency Department",
                                                                  "Youth Justice Service"]


# ------------------------------------------------------------ all problems at once

def test_every_problem_is_collected(tmp_path):
    """Three different errors in one file → three problems, in row then column order."""
    rows = good_rows()
    rows["actions"][0].update(due_date="next year", status="Done")
    rows["actions"][1].update(owner_agency=None)
    folder, at = _folder(tmp_path, rows)
    assert messages(check([folder])) == [
        f"{at('actions')} › row 2 › due_date: is not a date (use YYYY-MM-DD or DD/MM/YYYY) (next year)",
        f"{at('actions')} › row 2 › status: is not one of: Not started, In progress, Complete, "
        "Complete - impact evidenced, Cancelled, Superseded (Done)",
        f"{at('actions')} › row 3 › owner_agency: a value is required but the cell is blank"]


def test_problems_across_files_and_tables_all_listed(tmp_path):
    rows = good_rows()
    rows["reviews"][1]["review_type"] = "Inquest"
    rows["measure_values"][0]["value"] = "n/a"
    book = write_workbook(tmp_path / "b.xlsx", {"reviews": rows["reviews"]})
    folder = write_folder(tmp_path / "in", {"measure_values": rows["measure_values"]})
    assert messages(check([book, folder], {"measures": {"T-M-1"}})) == [
        f"{book} › reviews › row 3 › review_type: is not one of: SCR, LCSPR, Rapid review, CIR, "
        "Individual agency review, Practitioner forum, Other (Inquest)",
        f"{folder}/measure_values.csv › row 2 › value: is not a number (n/a)"]


# ------------------------------------------------------------ scale

@pytest.mark.slow
def test_national_scale_reads_and_validates_every_row(tmp_path):
    """150 boards × 10 years (~580,000 rows) in one workbook: every row read, the one bad row located."""
    tables = big_tables(150, 10)
    tables["actions"] = tables["actions"].with_columns(
        pl.when(pl.int_range(pl.len()) == 1000).then(pl.lit("Overdue")).otherwise(pl.col("status"))
        .alias("status"))
    book = fast_xlsx(tmp_path / "national.xlsx", tables)
    start, cpu = time.perf_counter(), time.process_time()
    result = check([book])
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(f"national: {sum(f.height for f in result.tables.values())} rows in {seconds:.1f} s "
          f"({cpu_seconds:.1f} s CPU)")
    assert messages(result) == [
        f"{book} › actions › row 1002 › status: is not one of: Not started, In progress, Complete, "
        "Complete - impact evidenced, Cancelled, Superseded (Overdue)"]
    assert sum(f.height for f in result.tables.values()) == sum(f.height for f in tables.values())


def test_a_column_full_of_problems_is_listed_up_to_the_limit_then_counted(tmp_path):
    """A wrong date format in every row: 1,000 located lines, then one line with the count."""
    from etl.validate import PER_COLUMN_LIMIT
    rows = good_rows()
    template = rows["measure_values"][0]
    rows["measure_values"] = [{**template, "period_end": f"June {1000 + i}"} for i in range(PER_COLUMN_LIMIT + 250)]
    folder, at = _folder(tmp_path, rows)
    got = messages(check([folder]))
    assert len(got) == PER_COLUMN_LIMIT + 1
    assert got[0] == f"{at('measure_values')} › row 2 › period_end: is not a date (use YYYY-MM-DD or DD/MM/YYYY) (June 1000)"
    assert got[PER_COLUMN_LIMIT - 1].startswith(f"{at('measure_values')} › row {PER_COLUMN_LIMIT + 1} › period_end:")
    assert got[-1] == (f"{at('measure_values')} › period_end: 250 more problem(s) in this column, "
                       "not listed: fix the ones above and load again")
