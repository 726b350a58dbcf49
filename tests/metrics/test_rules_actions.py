"""RULES.md "Actions", checked on hand-made rows. Expected values are worked out by hand
in each test from the rows it inserts (D = 30 June 2026 unless said)."""
from __future__ import annotations

from datetime import date

from tests.metrics.conftest import BOARD, D, OTHER_BOARD


def test_exists_blank_start_start_on_d_and_start_after_d(wh):
    wh.action("A-blank", date(2026, 9, 30))
    wh.action("A-on-d", date(2026, 9, 30), start_date=D)
    wh.action("A-later", date(2026, 9, 30), start_date=date(2026, 7, 1))
    rows = wh.actions_as_of(D)
    assert set(rows) == {"A-blank", "A-on-d"}
    assert "A-later" in wh.actions_as_of(date(2026, 7, 1))


def test_due_exactly_on_as_of_is_not_overdue_and_amber(wh):
    wh.action("A-due-d", D)
    wh.action("A-due-yesterday", date(2026, 6, 29))
    wh.action("A-due-30", date(2026, 7, 30))   # 30 days after D
    wh.action("A-due-31", date(2026, 7, 31))   # 31 days after D
    rows = wh.actions_as_of(D)
    on_d = rows["A-due-d"]
    assert (on_d["is_open"], on_d["is_overdue"], on_d["days_overdue"], on_d["derived_rag"]) == \
        (True, False, None, "Amber")
    assert not on_d["on_exception_list"]
    late = rows["A-due-yesterday"]
    assert (late["is_overdue"], late["days_overdue"], late["derived_rag"], late["on_exception_list"]) == \
        (True, 1, "Red", True)
    assert rows["A-due-30"]["derived_rag"] == "Amber"
    assert rows["A-due-31"]["derived_rag"] == "Green"


def test_revised_due_date_from_most_recent_return_giving_one(wh):
    wh.action("A-1", date(2026, 4, 30))
    wh.update("A-1", date(2026, 3, 31), revised_due_date=date(2026, 5, 31))
    wh.update("A-1", date(2026, 5, 15), revised_due_date=date(2026, 9, 30))
    wh.update("A-1", date(2026, 6, 20))  # gives no revised date: the earlier one stands
    wh.update("A-1", date(2026, 7, 10), revised_due_date=date(2026, 12, 31))  # after D
    a = wh.actions_as_of(D)["A-1"]
    assert a["effective_due_date"] == date(2026, 9, 30)
    assert a["due_date"] == date(2026, 4, 30)
    assert a["is_slipped"] and not a["is_overdue"]
    assert a["derived_rag"] == "Green"  # 92 days after D
    assert a["latest_return_date"] == date(2026, 6, 20)
    # As of mid-April only the first return counts: due 31 May, slipped, not overdue.
    april = wh.actions_as_of(date(2026, 4, 15))["A-1"]
    assert april["effective_due_date"] == date(2026, 5, 31)
    assert april["is_slipped"]
    # As of mid-June a revision brought back to before D makes it overdue.
    wh.update("A-1", date(2026, 6, 25), revised_due_date=date(2026, 6, 26))
    june = wh.actions_as_of(D)["A-1"]
    assert (june["effective_due_date"], june["is_overdue"], june["days_overdue"]) == \
        (date(2026, 6, 26), True, 4)


def test_revised_earlier_than_original_is_not_slipped(wh):
    wh.action("A-1", date(2026, 9, 30))
    wh.update("A-1", date(2026, 5, 1), revised_due_date=date(2026, 8, 31))
    a = wh.actions_as_of(D)["A-1"]
    assert a["effective_due_date"] == date(2026, 8, 31)
    assert not a["is_slipped"]


def test_returns_after_as_of_are_ignored_for_everything(wh):
    wh.action("A-1", date(2026, 3, 31))
    wh.update("A-1", date(2026, 4, 10), rag="Amber", note="on track")
    wh.update("A-1", date(2026, 7, 5), status="Complete", rag="Blue", note="done")
    a = wh.actions_as_of(D)["A-1"]
    assert (a["is_completed"], a["is_open"], a["is_overdue"], a["days_overdue"]) == \
        (False, True, True, 91)
    assert (a["latest_status"], a["latest_rag"], a["latest_note"], a["returns_count"]) == \
        ("In progress", "Amber", "on track", 1)
    assert a["completion_date"] is None
    later = wh.actions_as_of(date(2026, 9, 30))["A-1"]
    assert later["is_completed"] and later["derived_rag"] == "Blue"
    assert later["completion_date"] == date(2026, 7, 5)


def test_completed_date_counts_whatever_the_status(wh):
    wh.action("A-1", date(2026, 3, 31), status="In progress", completed_date=date(2026, 5, 2))
    a = wh.actions_as_of(D)["A-1"]
    assert (a["is_completed"], a["is_open"], a["is_overdue"], a["derived_rag"]) == \
        (True, False, False, "Blue")
    assert a["completion_date"] == date(2026, 5, 2)
    # Before its completed date it is open (and overdue: due 31 March).
    may = wh.actions_as_of(date(2026, 5, 1))["A-1"]
    assert may["is_open"] and may["is_overdue"]


def test_completed_by_latest_return_status(wh):
    wh.action("A-1", date(2026, 3, 31))
    wh.update("A-1", date(2026, 5, 1), status="Complete - impact evidenced")
    a = wh.actions_as_of(D)["A-1"]
    assert a["is_completed"] and a["derived_rag"] == "Blue"
    # A later return that reopens it: the latest return decides.
    wh.update("A-1", date(2026, 6, 1), status="In progress")
    a = wh.actions_as_of(D)["A-1"]
    assert not a["is_completed"] and a["is_overdue"]


def test_cancelled_and_superseded(wh):
    wh.action("A-cancel", date(2026, 3, 31), status="Cancelled", cancelled_date=date(2026, 6, 1))
    wh.action("A-cancel-later", date(2026, 3, 31), status="Cancelled",
              cancelled_date=date(2026, 7, 3))
    wh.action("A-superseded", date(2026, 3, 31))
    wh.update("A-superseded", date(2026, 5, 5), status="Superseded", rag="Red")
    wh.action("A-cancel-status-only", date(2026, 3, 31), status="Cancelled")
    rows = wh.actions_as_of(D)
    for key in ("A-cancel", "A-superseded"):
        a = rows[key]
        assert (a["is_cancelled"], a["is_open"], a["is_overdue"], a["derived_rag"],
                a["on_exception_list"], a["is_slipped"]) == (True, False, False, None, False, False)
    # cancelled_date after D: not cancelled as of D, so open and overdue.
    later = rows["A-cancel-later"]
    assert (later["is_cancelled"], later["is_open"], later["is_overdue"]) == (False, True, True)
    # The action's own status is not a rule: no cancelled_date, no return → open.
    assert rows["A-cancel-status-only"]["is_open"]


def test_reported_rag_shown_beside_and_blank_does_not_inherit(wh):
    wh.action("A-red-then-blank", date(2026, 12, 31))
    wh.update("A-red-then-blank", date(2026, 3, 31), rag="Red")
    wh.update("A-red-then-blank", date(2026, 6, 15))  # rag blank
    wh.action("A-red-not-overdue", date(2026, 12, 31))
    wh.update("A-red-not-overdue", date(2026, 6, 15), rag="Red")
    wh.action("A-green-but-overdue", date(2026, 1, 31))
    wh.update("A-green-but-overdue", date(2026, 6, 15), rag="Green")
    rows = wh.actions_as_of(D)
    blank = rows["A-red-then-blank"]
    assert blank["latest_rag"] is None and not blank["on_exception_list"]
    assert blank["derived_rag"] == "Green"
    red = rows["A-red-not-overdue"]
    assert red["latest_rag"] == "Red" and red["on_exception_list"] and red["derived_rag"] == "Green"
    green = rows["A-green-but-overdue"]
    assert (green["latest_rag"], green["derived_rag"], green["on_exception_list"]) == \
        ("Green", "Red", True)


def test_completed_in_period(wh):
    q_start = date(2026, 4, 1)
    wh.action("A-date-in", date(2026, 3, 31), status="Complete", completed_date=date(2026, 4, 1))
    wh.action("A-date-before", date(2026, 3, 31), status="Complete", completed_date=date(2026, 3, 31))
    # No completed_date: the earliest Complete return decides (an earlier quarter here).
    wh.action("A-return-earlier", date(2026, 3, 31))
    wh.update("A-return-earlier", date(2026, 3, 20), status="Complete")
    wh.update("A-return-earlier", date(2026, 5, 20), status="Complete - impact evidenced")
    wh.action("A-return-in", date(2026, 3, 31))
    wh.update("A-return-in", date(2026, 2, 1), status="In progress")
    wh.update("A-return-in", date(2026, 6, 30), status="Complete")
    wh.action("A-return-after", date(2026, 3, 31))
    wh.update("A-return-after", date(2026, 7, 1), status="Complete")
    wh.action("A-not-started", date(2026, 9, 30), start_date=date(2026, 7, 1),
              completed_date=date(2026, 5, 1), status="Complete")
    got = {r["action_id"] for r in wh.rows("SELECT action_id FROM actions_completed_in(?, ?)",
                                            [q_start, D])}
    assert got == {"A-date-in", "A-return-in"}
    assert wh.actions_as_of(D)["A-return-earlier"]["completion_date"] == date(2026, 3, 20)


def test_returns_missing_for_a_quarter(wh):
    q_start, q_end = date(2026, 4, 1), D
    wh.action("A-missing", date(2026, 12, 31), owner_agency="Police")
    wh.update("A-missing", date(2026, 3, 31))          # last quarter's return only
    wh.action("A-returned", date(2026, 12, 31), owner_agency="Police")
    wh.update("A-returned", date(2026, 4, 1))          # first day of the quarter counts
    wh.action("A-returned-end", date(2026, 12, 31), owner_agency="Health")
    wh.update("A-returned-end", date(2026, 6, 30))     # last day counts
    wh.action("A-started-mid", date(2026, 12, 31), start_date=date(2026, 5, 1))
    wh.action("A-done-mid", date(2026, 12, 31), completed_date=date(2026, 5, 1), status="Complete")
    wh.action("A-done-before", date(2026, 12, 31), completed_date=date(2026, 3, 1), status="Complete")
    wh.action("A-cancel-after-start", date(2026, 12, 31))
    wh.update("A-cancel-after-start", date(2026, 3, 1), status="Cancelled")
    wh.action("A-late-return", date(2026, 12, 31), owner_agency="Health")
    wh.update("A-late-return", date(2026, 7, 2))       # after the quarter: still missing
    missing = {r["action_id"] for r in wh.rows("SELECT * FROM returns_missing(?, ?)",
                                               [q_start, q_end])}
    assert missing == {"A-missing", "A-late-return"}
    counts = wh.by_id("SELECT * FROM return_counts(?, ?) WHERE board = ?", "owner_agency",
                      [q_start, q_end, BOARD])
    assert (counts["Police"]["expected"], counts["Police"]["returned"],
            counts["Police"]["return_rate_pct"]) == (2, 1, 50.0)
    assert (counts["Health"]["expected"], counts["Health"]["missing"]) == (2, 1)


def test_return_rates_over_four_quarters(wh):
    # Open all year 2025Q3..2026Q2, returns in two of the four quarters: 2/4 = 50.0%.
    wh.action("A-1", date(2027, 12, 31), start_date=date(2025, 1, 1), owner_agency="Health")
    wh.update("A-1", date(2025, 8, 1))
    wh.update("A-1", date(2026, 5, 1))
    wh.update("A-1", date(2025, 6, 30))  # 2025Q2: outside the four quarters
    # Open only in 2026Q2 start to end (started 1 April): 1 expected, 0 returned.
    wh.action("A-2", date(2027, 12, 31), start_date=date(2026, 4, 1), owner_agency="Health")
    rates = wh.by_id("SELECT * FROM return_rates(?) WHERE board = ?", "owner_agency", [D, BOARD])
    h = rates["Health"]
    assert (h["expected"], h["returned"], h["missing"]) == (5, 2, 3)
    assert h["return_rate_pct"] == 40.0
    assert (h["first_quarter_start"], h["last_quarter_end"]) == (date(2025, 7, 1), D)


def test_return_rates_by_source_add_up_to_the_agency_rate(wh):
    """A page filtered to one review type adds up only that type's action-quarters."""
    wh.review("R-LC", review_type="LCSPR")
    wh.recommendation("REC-LC", "R-LC")
    wh.action("A-1", date(2027, 12, 31), start_date=date(2025, 1, 1), owner_agency="Health")
    wh.action("A-2", date(2027, 12, 31), start_date=date(2025, 1, 1), owner_agency="Health",
              recommendation_id="REC-LC")
    wh.update("A-2", date(2026, 5, 1))
    by_source = {r["source_id"]: r for r in wh.rows(
        "SELECT * FROM return_rates_by_source(?) WHERE board = ?", [D, BOARD])}
    total = wh.by_id("SELECT * FROM return_rates(?) WHERE board = ?", "owner_agency", [D, BOARD])
    lc = by_source["R-LC"]
    assert (lc["expected"], lc["returned"], lc["return_rate_pct"]) == (4, 1, 25.0)
    assert sum(r["expected"] for r in by_source.values()) == total["Health"]["expected"] == 8
    assert total["Health"]["returned"] == 1 and total["Health"]["return_rate_pct"] == 12.5


def test_withdrawn_rows_are_out_of_every_action_figure(wh):
    wh.action("A-1", date(2026, 3, 31))
    wh.action("A-gone", date(2026, 3, 31))
    wh.update("A-1", date(2026, 5, 1), status="Complete")
    wh.withdraw("actions", "A-gone")
    wh.withdraw("action_updates", "A-1|2026-05-01")
    rows = wh.actions_as_of(D)
    assert set(rows) == {"A-1"}
    assert rows["A-1"]["is_overdue"] and rows["A-1"]["returns_count"] == 0
    # Withdrawing the review removes its recommendation's actions too; restoring undoes it.
    wh.review("R-2")
    wh.recommendation("REC-2", "R-2")
    wh.action("A-2", date(2026, 3, 31), recommendation_id="REC-2")
    wh.withdraw("reviews", "R-2", restored=True)
    assert "A-2" in wh.actions_as_of(D)
    wh.withdraw("reviews", "R-2")
    assert "A-2" not in wh.actions_as_of(D)
    assert "A-2" not in {r["action_id"] for r in wh.rows("SELECT * FROM returns_missing(?, ?)",
                                                          [date(2026, 4, 1), D])}


def test_board_comes_from_the_recommendations_source(wh):
    wh.action("A-N", date(2026, 9, 30))
    wh.action("A-S", date(2026, 9, 30), recommendation_id="REC-S")
    wh.audit("AU-1", board=OTHER_BOARD)
    wh.recommendation("REC-AU", "AU-1")
    wh.action("A-AU", date(2026, 9, 30), recommendation_id="REC-AU")
    rows = wh.actions_as_of(D)
    assert {k: (v["board"], v["source_id"]) for k, v in rows.items()} == {
        "A-N": (BOARD, "R-N"), "A-S": (OTHER_BOARD, "R-S"), "A-AU": (OTHER_BOARD, "AU-1")}
    assert rows["A-AU"]["source_type"] == "audit"


def test_action_status_at_several_dates_equals_one_date_at_a_time(wh):
    wh.action("A-1", date(2026, 4, 30), start_date=date(2026, 2, 1))
    wh.update("A-1", date(2026, 3, 31), revised_due_date=date(2026, 5, 31), rag="Red")
    wh.update("A-1", date(2026, 6, 1), status="Complete")
    wh.action("A-2", date(2026, 1, 31))
    dates = [date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 1), D]
    together = wh.rows("SELECT * FROM action_status_at(?) ORDER BY as_of_date, action_id", [dates])
    one_by_one = [r for d in dates
                  for r in wh.rows("SELECT * FROM action_status(?) ORDER BY action_id", [d])]
    assert together == one_by_one
    assert [r["as_of_date"] for r in together].count(date(2026, 1, 31)) == 1  # A-1 not yet
