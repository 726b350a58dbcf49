"""RULES.md "Review timeliness" and "Date arithmetic". Deadlines are counted by hand in
the comments (calendar printed beside them) — never by calling the SQL being tested."""
from __future__ import annotations

from datetime import date

import holidays

from tests.metrics.conftest import D


def milestones(wh, as_of=D):
    return {(r["review_id"], r["milestone"]): r
            for r in wh.rows("SELECT * FROM milestones(?)", [as_of])}


def test_scr_one_calendar_month_clamps_to_month_end(wh):
    wh.review("SCR-JAN", notified_date=date(2026, 1, 31), decision_date=date(2026, 3, 1))
    wh.review("SCR-LEAP", notified_date=date(2024, 1, 31), decision_date=date(2024, 2, 29))
    wh.review("SCR-30", notified_date=date(2026, 3, 31), decision_date=date(2026, 4, 30))
    m = milestones(wh)
    jan = m[("SCR-JAN", "decision_date")]
    assert jan["deadline"] == date(2026, 2, 28)          # 31 Jan + 1 month = 28 Feb 2026
    assert (jan["timeliness"], jan["is_met_late"], jan["days_late"]) == ("Met late", True, 1)
    leap = m[("SCR-LEAP", "decision_date")]
    assert leap["deadline"] == date(2024, 2, 29)         # leap year: 29 Feb, met that day
    assert leap["timeliness"] == "On time"
    assert m[("SCR-30", "decision_date")]["deadline"] == date(2026, 4, 30)


def test_scr_panel_14_days_and_completion_6_months(wh):
    wh.review("SCR-1", notified_date=date(2025, 7, 1), decision_date=date(2025, 7, 20),
              panel_notified_date=date(2025, 8, 3), initiated_date=date(2025, 8, 31))
    m = milestones(wh)
    panel = m[("SCR-1", "panel_notified_date")]
    assert panel["deadline"] == date(2025, 8, 3) and panel["timeliness"] == "On time"
    done = m[("SCR-1", "completed_date")]
    # 31 Aug 2025 + 6 months = 28 Feb 2026; not completed by 30 June 2026.
    assert done["deadline"] == date(2026, 2, 28)
    assert (done["timeliness"], done["is_late_outstanding"], done["days_late"]) == \
        ("Outstanding and late", True, 122)
    assert {k[1] for k in m if k[0] == "SCR-1"} == {"decision_date", "panel_notified_date",
                                                    "completed_date"}


def test_lcspr_deadline_on_as_of_is_not_late(wh):
    wh.review("LC-1", review_type="LCSPR", decision_date=date(2025, 12, 31))
    lc = milestones(wh)[("LC-1", "published_date")]
    assert lc["deadline"] == D                      # 31 Dec + 6 months = 30 June
    assert (lc["applies"], lc["happened"], lc["timeliness"], lc["is_late_outstanding"]) == \
        (True, False, "Outstanding", False)
    assert milestones(wh, date(2026, 7, 1))[("LC-1", "published_date")]["timeliness"] == \
        "Outstanding and late"


def test_rapid_review_across_christmas(wh):
    # Notified Fri 19 Dec 2025. Working days after it: Mon 22 (1), 23 (2), 24 (3),
    # [Thu 25, Fri 26 bank holidays; weekend], 29 (4), 30 (5), 31 (6), [Thu 1 Jan holiday],
    # Fri 2 Jan (7), 5 (8), 6 (9), 7 (10), 8 (11), 9 (12), 12 (13), 13 (14), Wed 14 Jan (15).
    eng = holidays.country_holidays("GB", subdiv="ENG", years=[2025, 2026])
    assert {date(2025, 12, 25), date(2025, 12, 26), date(2026, 1, 1)} <= set(eng)
    wh.review("RR-XMAS", review_type="Rapid review", notified_date=date(2025, 12, 19),
              completed_date=date(2026, 1, 15))
    wh.review("RR-XMAS-OK", review_type="Rapid review", notified_date=date(2025, 12, 19),
              completed_date=date(2026, 1, 14))
    # Notified ON Christmas Day (a bank holiday, not counted): 29 (1), 30 (2), 31 (3),
    # Fri 2 Jan (4), 5..9 (5-9), 12..16 (10-14), Mon 19 Jan (15).
    wh.review("RR-XMAS-DAY", review_type="Rapid review", notified_date=date(2025, 12, 25))
    m = milestones(wh)
    assert m[("RR-XMAS-DAY", "completed_date")]["deadline"] == date(2026, 1, 19)
    assert m[("RR-XMAS", "completed_date")]["deadline"] == date(2026, 1, 14)
    assert m[("RR-XMAS", "completed_date")]["timeliness"] == "Met late"
    assert m[("RR-XMAS-OK", "completed_date")]["timeliness"] == "On time"


def test_rapid_review_across_easter_starting_on_a_saturday(wh):
    # Notified Sat 28 Mar 2026 (not a working day; it is not counted either way).
    # Mon 30 (1), 31 (2), Wed 1 Apr (3), Thu 2 (4), [Good Friday 3 Apr, weekend,
    # Easter Monday 6 Apr], Tue 7 (5), 8 (6), 9 (7), 10 (8), 13 (9), 14 (10), 15 (11),
    # 16 (12), 17 (13), 20 (14), Tue 21 Apr (15).
    eng = holidays.country_holidays("GB", subdiv="ENG", years=[2026])
    assert {date(2026, 4, 3), date(2026, 4, 6)} <= set(eng)
    assert date(2026, 3, 28).weekday() == 5
    wh.review("RR-EASTER", review_type="Rapid review", notified_date=date(2026, 3, 28))
    rr = milestones(wh, date(2026, 4, 21))[("RR-EASTER", "completed_date")]
    assert rr["deadline"] == date(2026, 4, 21)
    assert rr["timeliness"] == "Outstanding"
    rr = milestones(wh, date(2026, 4, 22))[("RR-EASTER", "completed_date")]
    assert (rr["timeliness"], rr["days_late"]) == ("Outstanding and late", 1)


def test_rapid_review_from_a_friday_before_a_plain_weekend(wh):
    # Fri 6 Feb 2026: 9..13 Feb (1-5), 16..20 (6-10), 23..27 (11-15) → Fri 27 Feb.
    wh.review("RR-FEB", review_type="Rapid review", notified_date=date(2026, 2, 6))
    assert milestones(wh)[("RR-FEB", "completed_date")]["deadline"] == date(2026, 2, 27)


def test_applies_and_happened_are_judged_as_of_d(wh):
    # Start after D: does not apply. Milestone dated after D: not happened as of D.
    wh.review("SCR-FUTURE", notified_date=date(2026, 7, 2))
    wh.review("SCR-MET-AFTER", notified_date=date(2026, 5, 1), decision_date=date(2026, 7, 10))
    wh.review("SCR-NO-START", decision_date=date(2026, 3, 1))
    m = milestones(wh)
    fut = m[("SCR-FUTURE", "decision_date")]
    assert (fut["applies"], fut["timeliness"], fut["is_late_outstanding"]) == (False, None, False)
    after = m[("SCR-MET-AFTER", "decision_date")]
    # Deadline 1 June < D and not happened by D: outstanding and late as of D.
    assert (after["happened"], after["timeliness"]) == (False, "Outstanding and late")
    assert milestones(wh, date(2026, 7, 31))[("SCR-MET-AFTER", "decision_date")]["timeliness"] \
        == "Met late"
    assert m[("SCR-NO-START", "decision_date")]["applies"] is False
    # decision_date is the start of the panel milestone: it applies from 1 March.
    assert m[("SCR-NO-START", "panel_notified_date")]["timeliness"] == "Outstanding and late"


def test_other_review_types_have_no_statutory_milestones_and_withdrawn_are_out(wh):
    wh.review("CIR-1", review_type="CIR", notified_date=date(2026, 1, 1))
    wh.review("SCR-GONE", notified_date=date(2026, 1, 1))
    wh.withdraw("reviews", "SCR-GONE")
    ids = {k[0] for k in milestones(wh)}
    assert "CIR-1" not in ids and "R-N" not in ids and "SCR-GONE" not in ids
