"""figures.json (RULES.md "The quarterly figures file") for 2026Q2 of a hand-made board.
The expected file is written out by hand below, row by row."""
from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest

from etl.figures import quarter_figures, write_figures_json
from etl.periods import Quarter
from tests.metrics.conftest import BOARD, OTHER_BOARD


def build(wh) -> None:
    # --- actions (as of 30 June 2026) ---
    wh.action("A-03", date(2026, 5, 31))                            # open, overdue
    wh.action("A-01", date(2026, 9, 30))                            # open, slipped, Red return
    wh.update("A-01", date(2026, 4, 10), revised_due_date=date(2026, 10, 31), rag="Red")
    wh.action("A-02", date(2026, 3, 31), status="Complete", completed_date=date(2026, 5, 10))
    wh.action("A-9", date(2026, 3, 31))                             # completed by a return
    wh.update("A-9", date(2026, 4, 20), status="Complete")
    wh.action("A-04", date(2026, 3, 31), status="Cancelled", cancelled_date=date(2026, 4, 2))
    wh.action("A-05", date(2026, 5, 1), start_date=date(2026, 7, 15))  # does not exist yet
    wh.action("A-06", date(2026, 1, 31))                            # withdrawn
    wh.withdraw("actions", "A-06")
    wh.action("A-07", date(2026, 6, 30))                            # open, due on D
    wh.action("A-10", date(2026, 2, 28))                            # overdue; completed after D
    wh.update("A-10", date(2026, 7, 3), status="Complete")
    wh.action("S-1", date(2026, 1, 31), recommendation_id="REC-S")  # other board
    # --- reviews ---
    wh.review("R-1", notified_date=date(2026, 1, 5))                # decision due 5 Feb: late
    wh.review("R-2", notified_date=date(2026, 3, 1), decision_date=date(2026, 4, 15),
              panel_notified_date=date(2026, 4, 20), initiated_date=date(2026, 5, 1))
    wh.review("R-0", review_type="LCSPR", decision_date=date(2025, 6, 1),
              published_date=date(2026, 1, 10))                      # met late, last quarter
    wh.review("R-3", review_type="Rapid review", notified_date=date(2026, 6, 1))  # due 22 June
    wh.review("R-4", decision_date=date(2026, 1, 10), initiated_date=date(2025, 6, 1))
    wh.review("R-GONE", notified_date=date(2025, 1, 1))
    wh.withdraw("reviews", "R-GONE")
    wh.review("S-R", board=OTHER_BOARD, notified_date=date(2025, 1, 1))
    # --- measures ---
    wh.measure("M-2", baseline_value=5)
    wh.measure("M-1", better="lower", baseline_value=20, target_value=10)
    wh.value("M-1", date(2026, 3, 31), 15)
    wh.measure("M-3", baseline_value=1)
    wh.withdraw("measures", "M-3")
    wh.measure("S-M", board=OTHER_BOARD)
    # --- audits ---
    wh.audit("AU-1", reported_date=date(2026, 5, 1))
    for i, grade in enumerate(["Outstanding", "Good", "Requires improvement"]):
        wh.grade("AU-1", f"C{i}", grade)
    wh.audit("AU-2", reported_date=date(2026, 3, 31))               # previous quarter
    wh.grade("AU-2", "C1", "Good")
    wh.audit("AU-3", reported_date=date(2026, 6, 30))               # no grade rows
    wh.audit("S-AU", board=OTHER_BOARD, reported_date=date(2026, 5, 1))
    wh.grade("S-AU", "C1", "Good")


EXPECTED = {
    "board": BOARD,
    "quarter": "2026Q2",
    "as_of": "2026-06-30",
    "open_action_ids": ["A-01", "A-03", "A-07", "A-10"],
    "overdue_action_ids": ["A-03", "A-10"],
    "exception_action_ids": ["A-01", "A-03", "A-10"],
    "slipped_action_ids": ["A-01"],
    "completed_in_quarter_action_ids": ["A-02", "A-9"],
    "late_outstanding_milestones": [
        {"review_id": "R-1", "milestone": "decision_date"},
        {"review_id": "R-3", "milestone": "completed_date"},
        {"review_id": "R-4", "milestone": "completed_date"},
        {"review_id": "R-4", "milestone": "panel_notified_date"},
    ],
    "met_late_in_quarter_milestones": [{"review_id": "R-2", "milestone": "decision_date"}],
    "measure_status": {"M-1": "Improving", "M-2": "No data"},
    "audit_grade_shares": {"AU-1": {"Outstanding": 33.3, "Good": 33.3,
                                    "Requires improvement": 33.3, "Inadequate": 0.0}},
}


def test_quarter_figures_match_the_hand_worked_file(wh):
    build(wh)
    got = quarter_figures(wh.con, BOARD, "2026Q2")
    assert got == EXPECTED
    assert list(got) == list(EXPECTED)                       # key order as RULES.md shows
    assert all(isinstance(v, float) for v in got["audit_grade_shares"]["AU-1"].values())
    assert quarter_figures(wh.con, BOARD, Quarter(2026, 2)) == EXPECTED


def test_any_duckdb_client_gets_the_same_figures_read_only(wh):
    build(wh)
    wh.con.close()
    con = duckdb.connect(str(wh.path), read_only=True)
    try:
        assert quarter_figures(con, BOARD, "2026Q2") == EXPECTED
        # The macros are plain SQL in the file: no Python function registered.
        n = con.execute("SELECT count(*) FROM action_status('2026-06-30') "
                        "WHERE board = 'Northshire' AND is_open").fetchone()[0]
        assert n == len(EXPECTED["open_action_ids"])
    finally:
        con.close()
        wh.con = duckdb.connect(str(wh.path))


def test_other_board_and_previous_quarter(wh):
    build(wh)
    south = quarter_figures(wh.con, OTHER_BOARD, "2026Q2")
    assert south["open_action_ids"] == ["S-1"] and south["overdue_action_ids"] == ["S-1"]
    assert south["measure_status"] == {"S-M": "No data"}
    assert south["audit_grade_shares"] == {"S-AU": {"Outstanding": 0.0, "Good": 100.0,
                                                    "Requires improvement": 0.0, "Inadequate": 0.0}}
    assert south["late_outstanding_milestones"] == [{"review_id": "S-R", "milestone": "decision_date"}]
    q1 = quarter_figures(wh.con, BOARD, "2026Q1")
    assert q1["as_of"] == "2026-03-31"
    assert q1["met_late_in_quarter_milestones"] == [{"review_id": "R-0", "milestone": "published_date"}]
    assert q1["audit_grade_shares"] == {"AU-2": {"Outstanding": 0.0, "Good": 100.0,
                                                 "Requires improvement": 0.0, "Inadequate": 0.0}}
    # … due later; A-10 (due 28 Feb) and A-06 (withdrawn) — only A-10 overdue.
    assert q1["overdue_action_ids"] == ["A-10"]


@pytest.mark.parametrize("board", ["Nowhere", "northshire", " Northshire"])
def test_unknown_board_is_a_clear_error(wh, board):
    build(wh)
    with pytest.raises(ValueError, match="Unknown board .*Northshire, Southvale"):
        quarter_figures(wh.con, board, "2026Q2")


def test_bad_quarter_is_a_clear_error(wh):
    with pytest.raises(ValueError, match="2026Q2"):
        quarter_figures(wh.con, BOARD, "Q2 2026")


def test_write_figures_json_round_trips(wh, tmp_path):
    build(wh)
    path = write_figures_json(tmp_path / "out" / "figures.json", quarter_figures(wh.con, BOARD, "2026Q2"))
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == EXPECTED
    assert '"Good": 33.3' in text and '"Inadequate": 0.0' in text


def test_demo_warehouse_matches_an_independent_reading_of_the_rules(demo_db, tmp_path):
    """Every quarter of the demo region, both boards, with some rows withdrawn: the SQL
    metric layer and a plain-Python reading of RULES.md (rules_reference) agree exactly."""
    from tests.metrics import rules_reference as ref

    path = tmp_path / "demo.duckdb"
    path.write_bytes(demo_db.read_bytes())
    con = duckdb.connect(str(path))
    try:
        picks = {
            "reviews": "SELECT r.source_id FROM recommendations r JOIN reviews v ON v.review_id = r.source_id "
                       "JOIN actions a USING (recommendation_id) ORDER BY 1 LIMIT 1",
            "action_updates": "SELECT action_id || '|' || reported_on FROM action_updates ORDER BY 1 DESC LIMIT 1",
            "audit_grades": "SELECT concat_ws('|', audit_id, case_ref, agency, domain) FROM audit_grades LIMIT 1",
            "measure_values": "SELECT measure_id || '|' || period_end FROM measure_values ORDER BY 1 DESC LIMIT 1",
            "actions": "SELECT action_id FROM actions ORDER BY 1 DESC LIMIT 1",
        }
        for i, (table, sql) in enumerate(picks.items(), start=1000):
            key = con.execute(sql).fetchall()[0][0]
            con.execute("INSERT INTO withdrawals VALUES (?, ?, ?, 'test', 'Business manager', "
                        "TIMESTAMP '2026-11-01 09:00', NULL, NULL, NULL)", [i, table, key])
        boards = [r[0] for r in con.execute("SELECT DISTINCT board FROM reviews ORDER BY 1").fetchall()]
        assert len(boards) == 2
        compared = 0
        for board in boards:
            for year in (2024, 2025, 2026):
                for q in (1, 2, 3, 4):
                    ours = quarter_figures(con, board, f"{year}Q{q}")
                    theirs = ref.quarter_figures(con, board, year, q)
                    assert ours == theirs, (board, year, q)
                    compared += 1
                    if year == 2026 and q == 3:
                        assert ours["open_action_ids"] and ours["measure_status"]
        assert compared == 24
    finally:
        con.close()
