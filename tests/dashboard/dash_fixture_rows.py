"""Hand-made warehouse rows for the dashboard tests: two boards, every edge the pages show
(revised due dates, returns after the as-of date, cancelled/completed by return, blank
start dates, due exactly on the as-of date, a withdrawn action, data-quality problems).

The tests compute the expected figures from THESE rows in Python (RULES.md, written out
independently in `dash_expected.py`), never from the warehouse.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

D = date.fromisoformat
N, S = "Northshire", "Southvale"

REVIEWS = [
    dict(review_id="R-1", board=N, title="Child A", review_type="SCR", methodology="SILP",
         notified_date=D("2026-01-05"), decision_date=D("2026-02-10"),
         panel_notified_date=D("2026-02-20"), initiated_date=D("2026-02-15"), status="In progress"),
    dict(review_id="R-2", board=N, title="Child B", review_type="Rapid review",
         notified_date=D("2026-03-20"), status="In progress"),
    dict(review_id="R-3", board=N, title="Child C", review_type="LCSPR", methodology="Systems",
         notified_date=D("2025-05-20"), decision_date=D("2025-06-01"), initiated_date=D("2025-06-10"),
         status="In progress"),
    dict(review_id="R-4", board=S, title="Child D", review_type="SCR",
         notified_date=D("2026-04-01"), decision_date=D("2026-04-20"), status="In progress"),
]
AUDITS = [
    dict(audit_id="A-1", board=N, title="Neglect audit 2025", audit_type="Multi-agency case file",
         reported_date=D("2025-09-15"), cases_audited=2, themes=["neglect"]),
    dict(audit_id="A-2", board=N, title="Re-audit: neglect audit", audit_type="Multi-agency case file",
         reported_date=D("2026-05-20"), cases_audited=1, themes=["neglect"]),
]
RECOMMENDATIONS = [
    dict(recommendation_id="REC-1", source_id="R-1", text="Improve information sharing", addressed_to="Board"),
    dict(recommendation_id="REC-2", source_id="R-3", text="Strengthen supervision", addressed_to="Board"),
    dict(recommendation_id="REC-3", source_id="R-4", text="Escalation protocol", addressed_to="Board"),
    dict(recommendation_id="REC-4", source_id="A-1", text="Neglect toolkit", addressed_to="Board"),
]
_A = dict(lead_role="Designated lead", start_date=None, completed_date=None, cancelled_date=None,
          evidence=None, measure_id=None)
ACTIONS = [
    {**_A, "action_id": "ACT-1", "recommendation_id": "REC-1", "text": "Audit referrals",
     "owner_agency": "Police", "start_date": D("2026-01-10"), "due_date": D("2026-05-31"),
     "status": "In progress", "measure_id": "M-1"},
    {**_A, "action_id": "ACT-2", "recommendation_id": "REC-1", "text": "Train staff",
     "owner_agency": "Health", "due_date": D("2026-03-31"), "status": "In progress", "measure_id": "M-1"},
    {**_A, "action_id": "ACT-3", "recommendation_id": "REC-2", "text": "Supervision policy",
     "owner_agency": "Children's Social Care", "due_date": D("2026-06-30"), "status": "In progress"},
    {**_A, "action_id": "ACT-4", "recommendation_id": "REC-2", "text": "Case sampling",
     "owner_agency": "Police", "due_date": D("2026-01-31"), "status": "Complete",
     "completed_date": D("2026-05-10"), "evidence": "Audit report"},
    {**_A, "action_id": "ACT-5", "recommendation_id": "REC-4", "text": "Toolkit launch",
     "owner_agency": "Education", "due_date": D("2026-02-28"), "status": "Cancelled",
     "cancelled_date": D("2026-04-02")},
    {**_A, "action_id": "ACT-6", "recommendation_id": "REC-1", "text": "Refresh protocol",
     "owner_agency": "Health", "due_date": D("2025-12-31"), "status": "In progress"},
    {**_A, "action_id": "ACT-7", "recommendation_id": "REC-3", "text": "Publish escalation guide",
     "owner_agency": "Police", "start_date": D("2026-04-10"), "due_date": D("2026-06-01"),
     "status": "Not started"},
    {**_A, "action_id": "ACT-8", "recommendation_id": "REC-1", "text": "Future work",
     "owner_agency": "Police", "start_date": D("2026-08-01"), "due_date": D("2026-12-31"),
     "status": "Not started"},
    {**_A, "action_id": "ACT-9", "recommendation_id": "REC-2", "text": "Evaluate impact",
     "owner_agency": "Health", "due_date": D("2026-12-31"), "status": "Complete - impact evidenced"},
    {**_A, "action_id": "ACT-10", "recommendation_id": "REC-1", "text": "Wrongly loaded",
     "owner_agency": "Police", "due_date": D("2025-01-31"), "status": "In progress"},
    {**_A, "action_id": "ACT-11", "recommendation_id": "REC-4", "text": "Neglect briefing",
     "owner_agency": "Education", "due_date": D("2026-09-30"), "status": "In progress"},
]
_U = dict(rag=None, revised_due_date=None, note=None)
ACTION_UPDATES = [
    {**_U, "action_id": "ACT-1", "reported_on": D("2026-04-15"), "status": "In progress", "rag": "Amber",
     "note": "Waiting on data"},
    {**_U, "action_id": "ACT-2", "reported_on": D("2026-03-01"), "status": "In progress", "rag": "Green",
     "revised_due_date": D("2026-09-30"), "note": "Moved to autumn"},
    {**_U, "action_id": "ACT-3", "reported_on": D("2026-06-10"), "status": "In progress", "rag": "Red",
     "note": "At risk"},
    {**_U, "action_id": "ACT-3", "reported_on": D("2026-01-10"), "status": "Not started"},
    {**_U, "action_id": "ACT-6", "reported_on": D("2026-02-01"), "status": "Complete"},
    {**_U, "action_id": "ACT-6", "reported_on": D("2026-07-10"), "status": "In progress",
     "note": "After the as-of date: ignored"},
    {**_U, "action_id": "ACT-9", "reported_on": D("2026-04-20"), "status": "Complete - impact evidenced"},
    {**_U, "action_id": "ACT-11", "reported_on": D("2026-02-15"), "status": "In progress", "rag": "Green"},
    {**_U, "action_id": "ACT-11", "reported_on": D("2026-05-15"), "status": "In progress", "rag": "Green"},
]
AUDIT_GRADES = [
    dict(audit_id="A-1", case_ref="C1", agency="Police", domain="Assessment", grade="Good"),
    dict(audit_id="A-1", case_ref="C1", agency="Health", domain="Assessment", grade="Requires improvement"),
    dict(audit_id="A-1", case_ref="C2", agency="Police", domain="Planning", grade="Inadequate"),
    dict(audit_id="A-1", case_ref="C2", agency="Health", domain="Planning", grade="Good"),
    dict(audit_id="A-2", case_ref="C1", agency="Police", domain="Assessment", grade="Outstanding"),
    dict(audit_id="A-2", case_ref="C2", agency="Police", domain="Assessment", grade="Good"),
    dict(audit_id="A-2", case_ref="C3", agency="Health", domain="Planning", grade="Good"),
]
MEASURES = [
    dict(measure_id="M-1", board=N, name="Rapid reviews on time", unit="%", better="higher",
         baseline_value=50.0, baseline_date=D("2025-12-31"), target_value=80.0, source_id="R-1"),
    dict(measure_id="M-2", board=N, name="Days to strategy meeting", unit="days", better="lower",
         baseline_value=10.0, target_value=12.0, source_id="REC-2"),
    dict(measure_id="M-3", board=S, name="Escalations resolved", unit="%", better="higher",
         baseline_value=40.0),
    dict(measure_id="M-4", board=N, name="Repeat referrals", unit="%", better="lower", baseline_value=5.0),
]
MEASURE_VALUES = [
    dict(measure_id="M-1", period_end=D("2026-03-31"), value=60.0),
    dict(measure_id="M-1", period_end=D("2026-06-30"), value=70.0),
    dict(measure_id="M-2", period_end=D("2026-06-30"), value=11.0),
    dict(measure_id="M-4", period_end=D("2026-05-31"), value=7.0),
]
ROWS = {"reviews": REVIEWS, "audits": AUDITS, "recommendations": RECOMMENDATIONS, "actions": ACTIONS,
        "action_updates": ACTION_UPDATES, "audit_grades": AUDIT_GRADES, "measures": MEASURES,
        "measure_values": MEASURE_VALUES}
WITHDRAWN = [("actions", "ACT-10")]


def build(db: Path) -> Path:
    """Publish a warehouse holding ROWS (through etl.publish, like any load)."""
    from datetime import datetime

    from etl.contract import TABLES
    from etl.publish import publishing

    with publishing(db) as con:
        con.execute("INSERT INTO loads VALUES (1, ?, ?, 'test', 'load', 'changed', 'fixture')",
                    [datetime(2026, 7, 1, 9), datetime(2026, 7, 1, 9, 1)])
        for table, rows in ROWS.items():
            cols = TABLES[table].column_names
            for row in rows:
                values = [row.get(c) for c in cols]
                con.execute(f"INSERT INTO {table} ({', '.join(cols)}, _first_load, _last_load, _source) "
                            f"VALUES ({', '.join('?' * len(cols))}, 1, 1, 'fixture › {table}')", values)
        con.execute("INSERT INTO change_log VALUES (1, 'actions', 'ACT-1', 'due_date', '2026-04-30', '2026-05-31')")
        con.execute("INSERT INTO load_warnings VALUES (1, 'fixture.xlsx', 'actions', 5, 'lead_role', "
                    "'looks like a name', 'x')")
        for i, (table, key) in enumerate(WITHDRAWN, start=1):
            con.execute("INSERT INTO withdrawals VALUES (?, ?, ?, 'loaded in error', 'test', ?, NULL, NULL, NULL)",
                        [i, table, key, datetime(2026, 7, 1, 10)])
    return db
