"""Small hand-made board inputs (two boards, CSV) loaded through the real CLI, so bundle
tests run on real published warehouses. (A uniquely named module: test files import it,
which they cannot safely do with a conftest.py.)"""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_etl(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m etl …` in a real process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True)

TODAY = "2026-11-23"
AS_OF = "2026-09-30"
# The roles file the access tests sign in with: one person or group per role.
ROLES = """
[users."chair@northshire.example"]
role = "board_member"
boards = ["Northshire"]

[users."analyst@region.example"]
role = "regional_analyst"

[groups."lscp-business-unit"]
role = "business_unit"
"""

ROWS: dict[str, list[dict]] = {
    "reviews": [
        dict(review_id="NS-R-1", board="Northshire", title="Child K", review_type="SCR", methodology="SILP",
             incident_type="Death", child_age_band="Under 1", notified_date="2024-01-10",
             decision_date="2024-02-05", panel_notified_date="2024-02-12", initiated_date="2024-02-20",
             completed_date="2024-09-01", published_date="", status="Completed",
             summary="Summary text."),
        dict(review_id="NS-R-2", board="Northshire", title="Child L", review_type="Rapid review",
             methodology="", incident_type="Serious harm", child_age_band="5-10",
             notified_date="2025-03-03", decision_date="", panel_notified_date="", initiated_date="",
             completed_date="2025-03-20", published_date="", status="Completed", summary=""),
        dict(review_id="SS-R-1", board="Southshire", title="Child M", review_type="LCSPR",
             methodology="Systems", incident_type="Other", child_age_band="11-15",
             notified_date="2024-05-01", decision_date="2024-05-20", panel_notified_date="",
             initiated_date="2024-06-01", completed_date="", published_date="", status="In progress",
             summary=""),
    ],
    "learning": [
        dict(learning_id="NS-L-1", source_id="NS-R-1", kind="Finding", themes="information_sharing", agencies="",
             text="Information held by the GP was not shared with Children's Social Care before the strategy discussion."),
        dict(learning_id="NS-L-2", source_id="NS-R-1", kind="Learning", themes="hidden_men;voice_of_child",
             agencies="", text="The Health Visitor did not see the baby with the father present."),
        dict(learning_id="NS-L-3", source_id="NS-R-2", kind="Finding", themes="escalation_challenge", agencies="",
             text="Escalation to the Designated Nurse was not used when the Section 47 enquiry stalled."),
        dict(learning_id="SS-L-1", source_id="SS-R-1", kind="Finding", themes="information_sharing", agencies="",
             text="Information from Police was not shared with Education before the Child Protection Conference."),
    ],
    "recommendations": [
        dict(recommendation_id="NS-C-1", source_id="NS-R-1", addressed_to="Board", themes="information_sharing",
             text="The Board should seek assurance that GPs share information at strategy discussions."),
        dict(recommendation_id="NS-C-2", source_id="NS-R-2", addressed_to="Board", themes="escalation_challenge",
             text="Agencies should use the escalation policy when a Section 47 enquiry stalls."),
        dict(recommendation_id="SS-C-1", source_id="SS-R-1", addressed_to="Police", themes="information_sharing",
             text="Police should share information with schools before each Child Protection Conference."),
    ],
    "actions": [
        dict(action_id=f"NS-A-{i}", recommendation_id="NS-C-1", text=f"Action {i} text", owner_agency="Police",
             lead_role="Designated Nurse", start_date="2024-10-01", due_date="2025-01-31",
             status="Complete" if i <= 6 else "In progress", completed_date="2025-01-20" if i <= 6 else "",
             cancelled_date="", evidence="", measure_id="")
        for i in range(1, 9)
    ] + [
        dict(action_id="NS-A-9", recommendation_id="NS-C-2", text="Refresh the escalation policy",
             owner_agency="Police", lead_role="", start_date="2025-04-01", due_date="2025-06-30",
             status="Not started", completed_date="", cancelled_date="", evidence="", measure_id=""),
        dict(action_id="SS-A-1", recommendation_id="SS-C-1", text="Briefing for schools", owner_agency="Police",
             lead_role="", start_date="2024-07-01", due_date="2024-12-31", status="Complete",
             completed_date="2024-12-01", cancelled_date="", evidence="", measure_id=""),
    ],
    "action_updates": [
        dict(action_id="NS-A-7", reported_on="2025-06-30", status="In progress", rag="Amber",
             revised_due_date="2025-12-31", note="Training booked."),
    ],
    "audits": [
        dict(audit_id="NS-AU-1", board="Northshire", title="Neglect audit", audit_type="Thematic",
             themes="neglect", reported_date="2025-05-15", cases_audited="6", summary=""),
    ],
    "audit_grades": [
        dict(audit_id="NS-AU-1", case_ref=f"C{i}", agency="Police", domain="Assessment", grade=g)
        for i, g in enumerate(["Good", "Good", "Inadequate", "Requires improvement", "Outstanding", "Good"], 1)
    ],
    "measures": [
        dict(measure_id="NS-M-1", board="Northshire", name="Share of strategy discussions with GP input",
             unit="%", better="higher", baseline_value="40", baseline_date="2024-03-31", target_value="80",
             target_date="2026-03-31", source_id="NS-R-1", themes="information_sharing"),
    ],
    "measure_values": [dict(measure_id="NS-M-1", period_end="2025-06-30", value="55", note="")],
}


def write_inputs(folder: Path, edits: dict[tuple[str, str, str], str] | None = None) -> Path:
    """Write the CSV inputs; `edits[(table, id, column)] = value` plants changes."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in ROWS.items():
        rows = [dict(r) for r in rows]
        for (t, rid, col), value in (edits or {}).items():
            if t == table:
                for r in rows:
                    if rid in r.values():
                        r[col] = value
        with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    return folder


def build_warehouse(tmp: Path, edits=None, name: str = "wh.duckdb") -> Path:
    inputs = write_inputs(tmp / f"in-{name}", edits)
    db = tmp / name
    res = run_etl("load", inputs, "--db", db, "--today", TODAY)
    assert res.returncode == 0, res.stdout + res.stderr
    return db
