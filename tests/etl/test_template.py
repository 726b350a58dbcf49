"""`python -m etl template OUT.xlsx`: the blank workbook agencies fill in.

Opened with openpyxl as Excel would see it; then filled with one valid row per table and
loaded through `python -m etl load` in a real process, to prove a filled template loads.
"""
from __future__ import annotations

from datetime import datetime

import duckdb
import openpyxl
import pytest

from etl.contract import TABLES, THEME_KEYS
from project import run_etl


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    out = tmp_path_factory.mktemp("tpl") / "template.xlsx"
    res = run_etl("template", out)
    assert res.returncode == 0, res.stderr
    assert str(out) in res.stdout
    return out


def test_every_sheet_and_header_in_contract_order(template):
    wb = openpyxl.load_workbook(template)
    assert set(wb.sheetnames) == set(TABLES) | {"notes"}
    for table, spec in TABLES.items():
        ws = wb[table]
        assert [c.value for c in ws[1]] == spec.column_names, table
        assert ws.freeze_panes == "A2", table
        assert ws.max_row == 1, "blank: no data rows"


def test_drop_down_for_every_listed_value(template):
    wb = openpyxl.load_workbook(template)
    for table, spec in TABLES.items():
        ws = wb[table]
        lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation
                 if dv.type == "list"}
        for j, col in enumerate(spec.columns):
            cell = f"{openpyxl.utils.get_column_letter(j + 1)}2"
            if col.values:
                assert lists[cell].strip('"').split(",") == list(col.values), (table, col.name)
            else:
                assert cell not in lists


def test_date_columns_are_date_cells_and_no_future_dates_are_checked(template):
    wb = openpyxl.load_workbook(template)
    ws = wb["actions"]
    rules = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation if dv.type == "date"}
    names = TABLES["actions"].column_names
    for col in TABLES["actions"].columns:
        if col.kind == "date":
            index = names.index(col.name) + 1
            letter = openpyxl.utils.get_column_letter(index)
            dims = [d for d in ws.column_dimensions.values() if d.min <= index <= d.max]
            assert [d.number_format for d in dims] == ["yyyy-mm-dd"], col.name
            assert (rules[f"{letter}2"].formula2 == "TODAY()") == col.no_future, col.name


def test_notes_sheet_explains_every_column(template):
    wb = openpyxl.load_workbook(template)
    rows = list(wb["notes"].iter_rows(values_only=True))
    assert rows[0][:6] == ("table", "column", "required", "type", "allowed values", "notes")
    described = {(r[0], r[1]): r for r in rows[1:] if r[1]}
    for table, spec in TABLES.items():
        for col in spec.columns:
            row = described[(table, col.name)]
            assert row[2] == ("yes" if col.required else "no")
            if col.values:
                assert all(v in row[4] for v in col.values)
            if col.theme_list:
                assert all(k in row[4] for k in THEME_KEYS)
            if col.note:
                assert col.note in row[5]
    assert described[("actions", "owner_agency")][4].count("Children's Social Care") == 1


ROWS = {
    "reviews": {"review_id": "TT-LCSPR-2026-01", "board": "Testshire", "title": "Child K", "review_type": "lcspr",
                "notified_date": datetime(2026, 1, 5), "decision_date": datetime(2026, 1, 20),
                "status": "In progress"},
    "audits": {"audit_id": "TT-AUD-2026-01", "board": "Testshire", "title": "Thematic audit: neglect",
               "audit_type": "Thematic", "themes": "neglect;voice_of_child", "reported_date": datetime(2026, 3, 1),
               "cases_audited": 8},
    "learning": {"learning_id": "TT-L1", "source_id": "TT-LCSPR-2026-01", "kind": "Finding",
                 "text": "The health visitor did not see the baby alone.", "themes": "voice_of_child",
                 "agencies": "Health Visiting"},
    "recommendations": {"recommendation_id": "TT-R1", "source_id": "TT-AUD-2026-01",
                        "text": "The partnership should relaunch the neglect toolkit.", "addressed_to": "Board"},
    "measures": {"measure_id": "TT-M1", "board": "Testshire", "name": "Staff trained", "unit": "%", "better": "higher",
                 "baseline_value": 40, "baseline_date": datetime(2026, 3, 31), "target_value": 80},
    "actions": {"action_id": "TT-A1", "recommendation_id": "TT-R1", "text": "Deliver briefings",
                "owner_agency": "CSC", "due_date": datetime(2027, 3, 31), "status": "Complete",
                "completed_date": datetime(2026, 6, 1), "measure_id": "TT-M1"},
    "action_updates": {"action_id": "TT-A1", "reported_on": datetime(2026, 6, 1), "status": "Complete", "rag": "Blue"},
    "audit_grades": {"audit_id": "TT-AUD-2026-01", "case_ref": "C1", "agency": "Police", "domain": "Planning",
                     "grade": "Good"},
    "measure_values": {"measure_id": "TT-M1", "period_end": datetime(2026, 6, 30), "value": 55},
}


def test_filled_template_loads(template, tmp_path):
    wb = openpyxl.load_workbook(template)
    for table, row in ROWS.items():
        ws = wb[table]
        for j, name in enumerate(TABLES[table].column_names, start=1):
            if name in row:
                ws.cell(row=2, column=j, value=row[name])
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    db = tmp_path / "w.duckdb"
    res = run_etl("load", filled, "--db", db, "--today", "2026-11-23")
    assert res.returncode == 0, res.stdout + res.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in TABLES:
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1, table
        assert con.execute("SELECT review_type FROM reviews").fetchone()[0] == "LCSPR"
        assert con.execute("SELECT owner_agency FROM actions").fetchone()[0] == "Children's Social Care"
    finally:
        con.close()


def test_not_an_xlsx_name_is_a_usage_error(tmp_path):
    res = run_etl("template", tmp_path / "template.csv")
    assert res.returncode == 2 and ".xlsx" in res.stderr
    assert not (tmp_path / "template.csv").exists()
