"""RULES.md written out again, independently, in plain Python over raw fixture rows.

The dashboard reads its figures from the warehouse's metric layer; the tests compare them
with what THIS module computes from the rows the warehouse was built from. Nothing here
imports the project's SQL or dashboard code.
"""
from __future__ import annotations

import calendar as cal
from collections import defaultdict
from datetime import date, timedelta

import holidays


def _by(rows: list[dict], key: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        out[r[key]].append(r)
    return out


class Actions:
    """Action figures as of D for the given rows (withdrawn actions already removed)."""

    def __init__(self, rows: dict, withdrawn: set[str] = frozenset(), boards: set[str] | None = None):
        source_board = {r["review_id"]: r["board"] for r in rows["reviews"]}
        source_board.update({a["audit_id"]: a["board"] for a in rows["audits"]})
        rec_board = {r["recommendation_id"]: source_board[r["source_id"]] for r in rows["recommendations"]}
        rec_source = {r["recommendation_id"]: r["source_id"] for r in rows["recommendations"]}
        self.actions = [dict(a, board=rec_board[a["recommendation_id"]], source_id=rec_source[a["recommendation_id"]])
                        for a in rows["actions"] if a["action_id"] not in withdrawn]
        if boards is not None:
            self.actions = [a for a in self.actions if a["board"] in boards]
        self.updates = _by(rows["action_updates"], "action_id")

    def _returns(self, a: dict, d: date) -> list[dict]:
        return sorted((u for u in self.updates.get(a["action_id"], []) if u["reported_on"] <= d),
                      key=lambda u: u["reported_on"])

    def state(self, a: dict, d: date) -> dict | None:
        if a["start_date"] is not None and a["start_date"] > d:
            return None
        rets = self._returns(a, d)
        latest = rets[-1] if rets else None
        completed = (a["completed_date"] is not None and a["completed_date"] <= d) or \
            bool(latest and latest["status"].startswith("Complete"))
        cancelled = (a["cancelled_date"] is not None and a["cancelled_date"] <= d) or \
            bool(latest and latest["status"] in ("Cancelled", "Superseded"))
        revised = [u["revised_due_date"] for u in rets if u["revised_due_date"] is not None]
        due = revised[-1] if revised else a["due_date"]
        is_open = not completed and not cancelled
        overdue = is_open and due < d
        first_complete = next((u["reported_on"] for u in rets if u["status"].startswith("Complete")), None)
        return dict(open=is_open, overdue=overdue, slipped=is_open and due > a["due_date"],
                    completed=completed, cancelled=cancelled, due=due,
                    days_overdue=(d - due).days if overdue else None,
                    exception=is_open and (overdue or bool(latest and latest["rag"] == "Red")),
                    completion_date=a["completed_date"] or first_complete,
                    has_return_between=lambda s, e: any(s <= u["reported_on"] <= e
                                                        for u in self.updates.get(a["action_id"], [])))

    def ids(self, d: date, flag: str) -> set[str]:
        out = set()
        for a in self.actions:
            s = self.state(a, d)
            if s and s[flag]:
                out.add(a["action_id"])
        return out

    def completed_in(self, start: date, d: date) -> set[str]:
        out = set()
        for a in self.actions:
            s = self.state(a, d)
            if s and s["completion_date"] and start <= s["completion_date"] <= d:
                out.add(a["action_id"])
        return out

    def return_rates(self, quarters: list[tuple[date, date]], sources: set[str] | None = None
                     ) -> dict[str, tuple[int, int]]:
        """(expected, returned) action-quarters per owner agency over the given quarters."""
        out: dict[str, tuple[int, int]] = {}
        for a in self.actions:
            if sources is not None and a["source_id"] not in sources:
                continue
            for start, end in quarters:
                returned = self._returned(a, start, end)
                if returned is not None:
                    e, r = out.get(a["owner_agency"], (0, 0))
                    out[a["owner_agency"]] = (e + 1, r + returned)
        return out

    def _returned(self, a: dict, start: date, end: date) -> bool | None:
        """None when no return was expected (not open at both ends of the quarter), else
        whether one is dated inside it."""
        s0, s1 = self.state(a, start), self.state(a, end)
        if s0 and s1 and s0["open"] and s1["open"]:
            return s1["has_return_between"](start, end)
        return None

    def returns_missing(self, start: date, end: date) -> set[str]:
        return {a["action_id"] for a in self.actions if self._returned(a, start, end) is False}


def add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, cal.monthrange(y, m)[1]))


def add_working_days(d: date, n: int) -> date:
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(d.year, d.year + 2))
    while n:
        d += timedelta(days=1)
        if d.weekday() < 5 and d not in bank:
            n -= 1
    return d


RULES = {"SCR": [("decision_date", "notified_date", lambda s: add_months(s, 1)),
                 ("panel_notified_date", "decision_date", lambda s: s + timedelta(days=14)),
                 ("completed_date", "initiated_date", lambda s: add_months(s, 6))],
         "LCSPR": [("published_date", "decision_date", lambda s: add_months(s, 6))],
         "Rapid review": [("completed_date", "notified_date", lambda s: add_working_days(s, 15))]}


def milestones(reviews: list[dict], d: date) -> dict[str, set[tuple[str, str]]]:
    """{'late': …, 'met_late': …, 'on_time': …} sets of (review_id, milestone)."""
    out = {"late": set(), "met_late": set(), "on_time": set()}
    for r in reviews:
        for milestone, start_col, rule in RULES.get(r["review_type"], []):
            start, when = r.get(start_col), r.get(milestone)
            if start is None or start > d:
                continue
            deadline = rule(start)
            if when is not None and when <= d:
                out["on_time" if when <= deadline else "met_late"].add((r["review_id"], milestone))
            elif deadline < d:
                out["late"].add((r["review_id"], milestone))
    return out


def measure_status(measures: list[dict], values: list[dict], d: date) -> dict[str, str]:
    by = _by([v for v in values if v["period_end"] <= d], "measure_id")
    out = {}
    for m in measures:
        vals = sorted(by.get(m["measure_id"], []), key=lambda v: v["period_end"])
        higher = m["better"] == "higher"
        t, b = m.get("target_value"), m.get("baseline_value")
        if not vals:
            out[m["measure_id"]] = "No data"
            continue
        v = vals[-1]["value"]
        if t is not None and (v >= t if higher else v <= t):
            s = "Target met"
        elif b is None:
            s = "No baseline"
        elif v == b:
            s = "No change"
        else:
            s = "Improving" if (v > b) == higher else "Worsening"
        out[m["measure_id"]] = s
    return out


def grade_shares(grades: list[dict]) -> dict[str, dict[str, float]]:
    from decimal import ROUND_HALF_UP, Decimal

    out = {}
    for audit, rows in _by(grades, "audit_id").items():
        n = len(rows)
        out[audit] = {g: float(Decimal(100 * sum(r["grade"] == g for r in rows) / n).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP)) for g in
            ("Outstanding", "Good", "Requires improvement", "Inadequate")}
    return out
