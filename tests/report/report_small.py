"""A small hand-made warehouse whose figures were worked out by hand from RULES.md (see
the comments beside each row), and a helper running the report CLI. Quarter under test: 2026Q2 (April–June 2026), as of D = 2026-06-30.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "report_pages"

N, S = "Northshire", "Southvale"

REVIEWS = [
    # review_id, board, title, type, notified, decision, panel, initiated, completed, published, status
    # decision due 1 month after 2025-12-01 = 2026-01-01, made 2026-01-20 → met late
    #      (not in Q2); completion due 2026-08-01 → not late yet.
    ("R-1", N, "Child K", "SCR", "2025-12-01", "2026-01-20", "2026-01-25", "2026-02-01",
     None, None, "In progress"),
    # rapid review notified 2026-04-01; 15 working days (Easter 3 and 6 April) →
    #      2026-04-24; completed 2026-05-20 → met late IN the quarter.
    ("R-2", N, "Child L", "Rapid review", "2026-04-01", None, None, None,
     "2026-05-20", None, "Completed"),
    # LCSPR decided 2025-10-15; publication due 2026-04-15, none → late outstanding.
    ("R-3", N, "Child M", "LCSPR", "2025-09-20", "2025-10-15", None, "2025-11-01",
     None, None, "In progress"),
    ("R-4", S, "Child P", "SCR", "2026-01-05", "2026-02-20", None, None, None, None,
     "In progress"),
]
AUDITS = [
    # AU-1 reported in Q2: grades Good, Good, RI, Inadequate → 0 / 50 / 25 / 25.
    ("AU-1", N, "Neglect thematic audit", "Thematic", ["neglect"], "2026-05-10", 4),
    # AU-2 reported in Q2: Outstanding, Good, Good → 33.3 / 66.7 / 0 / 0.
    ("AU-2", N, "Multi-agency case file audit", "Multi-agency case file", None, "2026-05-15", 3),
    ("AU-3", N, "Section 11 audit", "Section 11", None, "2026-03-01", 2),  # previous quarter
    ("AU-4", N, "Voice of the child audit", "Thematic", None, "2026-06-01", 0),  # no grades
    ("AU-5", S, "Southvale audit", "Thematic", None, "2026-05-01", 1),
]
GRADES = [
    ("AU-1", "C1", "Police", "Assessment", "Good"),
    ("AU-1", "C2", "Police", "Assessment", "Good"),
    ("AU-1", "C3", "Police", "Assessment", "Requires improvement"),
    ("AU-1", "C4", "Police", "Assessment", "Inadequate"),
    ("AU-2", "C1", "Education", "Planning", "Outstanding"),
    ("AU-2", "C2", "Education", "Planning", "Good"),
    ("AU-2", "C3", "Education", "Planning", "Good"),
    ("AU-3", "C1", "Police", "Planning", "Good"),
    ("AU-3", "C2", "Police", "Planning", "Inadequate"),
    ("AU-5", "C1", "Police", "Planning", "Good"),
]
LEARNING = [
    ("L-1", "R-2", "Learning", "Information was not shared between agencies.",
     ["information_sharing", "neglect"]),
    ("L-2", "R-1", "Finding", "The child's voice was not recorded.", ["voice_of_child"]),
    ("L-3", "AU-1", "Learning", "Neglect was not recognised early.", ["neglect"]),
]
RECOMMENDATIONS = [
    ("REC-1", "R-1", "Agencies should share information at the point of referral.", "Board",
     ["information_sharing"]),
    ("REC-2", "AU-1", "Practitioners should use the neglect toolkit.", "Children's Social Care",
     ["neglect"]),
    ("REC-3", "R-4", "Southvale recommendation.", "Board", None),
]
ACTIONS = [
    # action_id, rec, owner, start, due, status, completed, cancelled
    ("A-1", "REC-1", "Police", None, "2026-05-31", "In progress", None, None),  # overdue 30 days
    ("A-2", "REC-1", "Education", None, "2026-06-15", "In progress", None, None),  # slipped (return)
    ("A-3", "REC-2", "Children's Social Care", None, "2026-12-31", "In progress", None, None),  # red return
    ("A-4", "REC-2", "Police", None, "2026-04-30", "Complete", "2026-05-05", None),  # completed Q2
    ("A-5", "REC-1", "Education", None, "2026-03-31", "In progress", None, None),  # complete by return
    ("A-6", "REC-1", "Police", None, "2026-02-28", "Cancelled", None, "2026-03-01"),  # cancelled
    ("A-7", "REC-2", "Police", "2026-08-01", "2026-12-31", "Not started", None, None),  # not yet
    ("A-8", "REC-1", "Children's Social Care", None, "2026-06-30", "In progress", None, None),  # due on D
    ("A-9", "REC-3", "Police", None, "2026-01-31", "In progress", None, None),  # Southvale overdue
]
UPDATES = [
    # action_id, reported_on, status, rag, revised_due, note
    ("A-2", "2026-06-01", "In progress", "Green", "2026-09-30", "Revised after re-scoping"),
    ("A-3", "2026-06-10", "In progress", "Red", None, "Staffing gap in the team"),
    ("A-5", "2026-04-20", "Complete", "Blue", None, "Protocol signed off"),
    ("A-8", "2026-07-05", "Complete", "Blue", None, "After the quarter: ignored"),
    ("A-1", "2026-03-15", "In progress", "Amber", None, "Awaiting training dates"),
]
MEASURES = [
    # M-1 higher, baseline 50, target 80, latest 70 → Improving.
    ("M-1", N, "Referrals with the child's voice recorded", "%", "higher", 50.0, "2025-03-31", 80.0),
    # M-2 lower, target 5, latest 4 → Target met.
    ("M-2", N, "Days to strategy discussion", "days", "lower", 10.0, "2025-03-31", 5.0),
    ("M-3", N, "Staff trained in neglect toolkit", "count", "higher", None, None, None),  # No data
    ("M-4", S, "Southvale measure", "%", "higher", 10.0, "2025-03-31", None),
]
MEASURE_VALUES = [
    ("M-1", "2025-12-31", 55.0), ("M-1", "2026-03-31", 60.0), ("M-1", "2026-06-30", 70.0),
    ("M-2", "2026-03-31", 8.0), ("M-2", "2026-06-30", 4.0), ("M-4", "2026-06-30", 12.0),
]

EXPECTED_N_Q2 = {
    "open": ["A-1", "A-2", "A-3", "A-8"],
    "overdue": ["A-1"],
    "exception": ["A-1", "A-3"],
    "slipped": ["A-2"],
    "completed": ["A-4", "A-5"],
    "days_overdue": {"A-1": 30},
}


def build_small_warehouse(path: Path) -> Path:
    """Create a warehouse file with the rows above through the real schema and metric layer."""
    from etl import schema

    con = duckdb.connect(str(path))
    try:
        schema.create_all(con)
        try:
            from etl.calendar import ensure_calendar
            ensure_calendar(con)
        except ImportError:  # pragma: no cover
            pass
        ins = con.executemany
        ins("INSERT INTO reviews (review_id, board, title, review_type, notified_date, decision_date, "
            "panel_notified_date, initiated_date, completed_date, published_date, status, "
            "_first_load, _last_load) VALUES (?,?,?,?,?,?,?,?,?,?,?,1,1)", REVIEWS)
        ins("INSERT INTO audits (audit_id, board, title, audit_type, themes, reported_date, "
            "cases_audited, _first_load, _last_load) VALUES (?,?,?,?,?,?,?,1,1)", AUDITS)
        ins("INSERT INTO audit_grades (audit_id, case_ref, agency, domain, grade, _first_load, "
            "_last_load) VALUES (?,?,?,?,?,1,1)", GRADES)
        ins("INSERT INTO learning (learning_id, source_id, kind, text, themes, _first_load, "
            "_last_load) VALUES (?,?,?,?,?,1,1)", LEARNING)
        ins("INSERT INTO recommendations (recommendation_id, source_id, text, addressed_to, themes, "
            "_first_load, _last_load) VALUES (?,?,?,?,?,1,1)", RECOMMENDATIONS)
        ins("INSERT INTO actions (action_id, recommendation_id, owner_agency, start_date, due_date, "
            "status, completed_date, cancelled_date, text, lead_role, _first_load, _last_load) "
            "VALUES (?,?,?,?,?,?,?,?, 'Deliver the change described in the plan', "
            "'Designated Safeguarding Lead', 1, 1)", ACTIONS)
        ins("INSERT INTO action_updates (action_id, reported_on, status, rag, revised_due_date, note, "
            "_first_load, _last_load) VALUES (?,?,?,?,?,?,1,1)", UPDATES)
        ins("INSERT INTO measures (measure_id, board, name, unit, better, baseline_value, "
            "baseline_date, target_value, _first_load, _last_load) VALUES (?,?,?,?,?,?,?,?,1,1)",
            MEASURES)
        ins("INSERT INTO measure_values (measure_id, period_end, value, _first_load, _last_load) "
            "VALUES (?,?,?,1,1)", MEASURE_VALUES)
        schema.create_all(con)  # the metric layer again, now over data
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path



def run_report(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m dashboard.report …` in a real process, as a user runs it."""
    import os

    return subprocess.run([sys.executable, "-m", "dashboard.report", *map(str, args)], cwd=ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=300)
