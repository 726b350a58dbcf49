"""An independent, plain-Python reading of RULES.md, used only by the tests to check the
SQL metric layer on larger (demo) data the way an outside checker would: raw tables in,
figures.json out. It shares no code with etl/sql or etl/figures (dates by hand, working
days straight from the `holidays` library, rounding with Decimal)."""
from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import holidays

GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate")


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[dict]:
    cur = con.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _key(*parts) -> str:
    return "|".join(p.isoformat() if isinstance(p, date) else str(p) for p in parts)


def load(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict]]:
    """Raw tables minus withdrawn rows and everything depending on them."""
    t = {name: _rows(con, name) for name in (
        "reviews", "audits", "learning", "recommendations", "actions", "action_updates",
        "audit_grades", "measures", "measure_values")}
    out = {(w["table_name"], w["row_key"]) for w in _rows(con, "withdrawals")
           if w["restored_at"] is None}

    def keep(table, key):
        return (table, key) not in out

    reviews = [r for r in t["reviews"] if keep("reviews", r["review_id"])]
    audits = [a for a in t["audits"] if keep("audits", a["audit_id"])]
    board_of = {r["review_id"]: r["board"] for r in reviews} | {a["audit_id"]: a["board"] for a in audits}
    recs = [dict(r, board=board_of[r["source_id"]]) for r in t["recommendations"]
            if r["source_id"] in board_of and keep("recommendations", r["recommendation_id"])]
    rec_board = {r["recommendation_id"]: r["board"] for r in recs}
    actions = [dict(a, board=rec_board[a["recommendation_id"]]) for a in t["actions"]
               if a["recommendation_id"] in rec_board and keep("actions", a["action_id"])]
    action_ids = {a["action_id"] for a in actions}
    updates = [u for u in t["action_updates"] if u["action_id"] in action_ids
               and keep("action_updates", _key(u["action_id"], u["reported_on"]))]
    audit_ids = {a["audit_id"] for a in audits}
    grades = [g for g in t["audit_grades"] if g["audit_id"] in audit_ids and keep(
        "audit_grades", _key(g["audit_id"], g["case_ref"], g["agency"], g["domain"]))]
    measures = [m for m in t["measures"] if keep("measures", m["measure_id"])]
    measure_ids = {m["measure_id"] for m in measures}
    values = [v for v in t["measure_values"] if v["measure_id"] in measure_ids
              and keep("measure_values", _key(v["measure_id"], v["period_end"]))]
    return {"reviews": reviews, "audits": audits, "actions": actions, "updates": updates,
            "grades": grades, "measures": measures, "values": values}


# --- dates --------------------------------------------------------------------------------

def add_months(x: date, n: int) -> date:
    month0 = x.month - 1 + n
    year, month = x.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(x.day, calendar.monthrange(year, month)[1]))


def add_working_days(x: date, n: int) -> date:
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(x.year, x.year + 2))
    day, counted = x, 0
    while counted < n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in bank:
            counted += 1
    return day


RULES = [  # review_type, milestone, start, deadline(start)
    ("SCR", "decision_date", "notified_date", lambda s: add_months(s, 1)),
    ("SCR", "panel_notified_date", "decision_date", lambda s: s + timedelta(days=14)),
    ("SCR", "completed_date", "initiated_date", lambda s: add_months(s, 6)),
    ("LCSPR", "published_date", "decision_date", lambda s: add_months(s, 6)),
    ("Rapid review", "completed_date", "notified_date", lambda s: add_working_days(s, 15)),
]


# --- figures ------------------------------------------------------------------------------

def action_state(a: dict, updates: list[dict], d: date) -> dict | None:
    if a["start_date"] is not None and a["start_date"] > d:
        return None
    ups = sorted((u for u in updates if u["reported_on"] <= d), key=lambda u: u["reported_on"])
    latest = ups[-1] if ups else None
    revised = [u["revised_due_date"] for u in ups if u["revised_due_date"] is not None]
    due = revised[-1] if revised else a["due_date"]
    completed = (a["completed_date"] is not None and a["completed_date"] <= d) or \
        bool(latest and latest["status"].startswith("Complete"))
    cancelled = (a["cancelled_date"] is not None and a["cancelled_date"] <= d) or \
        bool(latest and latest["status"] in ("Cancelled", "Superseded"))
    is_open = not completed and not cancelled
    overdue = is_open and due < d
    first_complete = next((u["reported_on"] for u in ups if u["status"].startswith("Complete")), None)
    return {
        "open": is_open, "overdue": overdue, "slipped": is_open and due > a["due_date"],
        "exception": is_open and (overdue or bool(latest and latest["rag"] == "Red")),
        "completion_date": a["completed_date"] or first_complete,
    }


def share(n: int, total: int) -> float:
    return float((Decimal(100 * n) / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def quarter_figures(con: duckdb.DuckDBPyConnection, board: str, year: int, q: int) -> dict:
    data = load(con)
    start = date(year, 3 * q - 2, 1)
    d = add_months(start, 3) - timedelta(days=1)
    by_action = defaultdict(list)
    for u in data["updates"]:
        by_action[u["action_id"]].append(u)
    states = {a["action_id"]: action_state(a, by_action[a["action_id"]], d)
              for a in data["actions"] if a["board"] == board}
    states = {k: v for k, v in states.items() if v is not None}
    ids = lambda flag: sorted(k for k, v in states.items() if v[flag])  # noqa: E731

    late, met_late = [], []
    for r in data["reviews"]:
        if r["board"] != board:
            continue
        for rtype, milestone, start_col, rule in RULES:
            s, m = r[start_col], r[milestone]
            if r["review_type"] != rtype or s is None or s > d:
                continue
            deadline = rule(s)
            happened = m is not None and m <= d
            if not happened and deadline < d:
                late.append({"review_id": r["review_id"], "milestone": milestone})
            if happened and m > deadline and start <= m:
                met_late.append({"review_id": r["review_id"], "milestone": milestone})

    status = {}
    for m in data["measures"]:
        if m["board"] != board:
            continue
        vals = [v for v in data["values"] if v["measure_id"] == m["measure_id"] and v["period_end"] <= d]
        higher = m["better"] == "higher"
        if not vals:
            s = "No data"
        else:
            x = max(vals, key=lambda v: v["period_end"])["value"]
            t, b = m["target_value"], m["baseline_value"]
            if t is not None and (x >= t if higher else x <= t):
                s = "Target met"
            elif b is None:
                s = "No baseline"
            elif (x > b if higher else x < b):
                s = "Improving"
            elif (x < b if higher else x > b):
                s = "Worsening"
            else:
                s = "No change"
        status[m["measure_id"]] = s

    shares = {}
    for a in data["audits"]:
        if a["board"] != board or a["reported_date"] is None or not start <= a["reported_date"] <= d:
            continue
        rows = [g["grade"] for g in data["grades"] if g["audit_id"] == a["audit_id"]]
        if rows:
            shares[a["audit_id"]] = {g: share(rows.count(g), len(rows)) for g in GRADES}

    return {
        "board": board, "quarter": f"{year}Q{q}", "as_of": d.isoformat(),
        "open_action_ids": ids("open"), "overdue_action_ids": ids("overdue"),
        "exception_action_ids": ids("exception"), "slipped_action_ids": ids("slipped"),
        "completed_in_quarter_action_ids": sorted(
            k for k, v in states.items()
            if v["completion_date"] is not None and start <= v["completion_date"] <= d),
        "late_outstanding_milestones": sorted(late, key=lambda x: (x["review_id"], x["milestone"])),
        "met_late_in_quarter_milestones": sorted(met_late, key=lambda x: (x["review_id"], x["milestone"])),
        "measure_status": dict(sorted(status.items())),
        "audit_grade_shares": dict(sorted(shares.items())),
    }
