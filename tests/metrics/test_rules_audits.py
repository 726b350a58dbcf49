"""RULES.md "Audits": grade shares are percentages of grade ROWS, rounded half away from
zero to 1 decimal, not forced to total 100. Expected values use Python's Decimal, an
independent exact computation."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.metrics.conftest import OTHER_BOARD


def half_away(n: int, d: int) -> float:
    return float((Decimal(100 * n) / Decimal(d)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def add_grades(wh, audit_id: str, counts: dict[str, int]) -> None:
    i = 0
    for grade, n in counts.items():
        for _ in range(n):
            i += 1
            wh.grade(audit_id, f"C{i:05d}", grade)


def shares(wh):
    return wh.by_id("SELECT * FROM audit_grade_shares()", "audit_id")


@pytest.mark.parametrize("counts, expected", [
    ({"Outstanding": 1, "Good": 5, "Requires improvement": 1, "Inadequate": 1},
     (12.5, 62.5, 12.5, 12.5)),
    ({"Outstanding": 1, "Good": 2, "Requires improvement": 3, "Inadequate": 0},
     (16.7, 33.3, 50.0, 0.0)),
    ({"Outstanding": 0, "Good": 1, "Requires improvement": 2, "Inadequate": 0},
     (0.0, 33.3, 66.7, 0.0)),
    ({"Outstanding": 1, "Good": 0, "Requires improvement": 15, "Inadequate": 0},
     (6.3, 0.0, 93.8, 0.0)),                   # 6.25 → 6.3 and 93.75 → 93.8 (half away)
    ({"Outstanding": 1, "Good": 79, "Requires improvement": 0, "Inadequate": 0},
     (1.3, 98.8, 0.0, 0.0)),                   # 1.25 → 1.3, 98.75 → 98.8
    ({"Outstanding": 1, "Good": 1999, "Requires improvement": 0, "Inadequate": 0},
     (0.1, 100.0, 0.0, 0.0)),                  # 0.05 → 0.1, 99.95 → 100.0
])
def test_grade_share_rounding(wh, counts, expected):
    wh.audit("AU-1", reported_date=date(2026, 5, 1))
    add_grades(wh, "AU-1", counts)
    total = sum(counts.values())
    by_hand = tuple(half_away(n, total) for n in counts.values())
    assert by_hand == expected
    a = shares(wh)["AU-1"]
    assert (a["outstanding_pct"], a["good_pct"], a["requires_improvement_pct"],
            a["inadequate_pct"]) == expected
    assert a["graded_rows"] == total


def test_pct_1dp_matches_decimal_half_up_for_every_small_fraction(wh):
    got = wh.con.execute("""SELECT n, d, pct_1dp(n, d) FROM range(1, 201) t(d),
                            LATERAL range(0, d + 1) s(n)""").fetchall()
    assert len(got) == sum(d + 1 for d in range(1, 201))
    wrong = [(n, d, v) for n, d, v in got if v != half_away(n, d)]
    assert wrong == []


def test_rows_not_cases_and_audits_without_grades_have_no_shares(wh):
    wh.audit("AU-ROWS", reported_date=date(2026, 5, 1), cases_audited=1)
    # One case graded in four domains: 3 Good rows, 1 Inadequate → 75 / 25.
    for domain, grade in [("Assessment", "Good"), ("Planning", "Good"),
                          ("Voice of the child", "Good"), ("Information sharing", "Inadequate")]:
        wh.grade("AU-ROWS", "CASE-1", grade, domain=domain)
    wh.audit("AU-EMPTY", reported_date=date(2026, 5, 1))
    got = shares(wh)
    assert set(got) == {"AU-ROWS"}
    a = got["AU-ROWS"]
    assert (a["good_pct"], a["inadequate_pct"], a["graded_rows"], a["graded_cases"]) == \
        (75.0, 25.0, 4, 1)
    by_domain = wh.by_id("SELECT * FROM audit_grade_shares_by('domain')", "group_value")
    assert by_domain["Planning"]["good_pct"] == 100.0
    assert by_domain["Information sharing"]["inadequate_pct"] == 100.0


def test_withdrawn_grades_and_audits_are_out(wh):
    wh.audit("AU-1", reported_date=date(2026, 5, 1))
    add_grades(wh, "AU-1", {"Good": 3, "Inadequate": 1})
    wh.withdraw("audit_grades", "AU-1|C00004|Police|Assessment")
    wh.audit("AU-GONE", board=OTHER_BOARD, reported_date=date(2026, 5, 1))
    add_grades(wh, "AU-GONE", {"Good": 1})
    wh.withdraw("audits", "AU-GONE")
    got = shares(wh)
    assert set(got) == {"AU-1"}
    assert (got["AU-1"]["good_pct"], got["AU-1"]["inadequate_pct"]) == (100.0, 0.0)


def test_more_graded_cases_than_audited_is_flagged(wh):
    wh.audit("AU-1", cases_audited=1)
    wh.grade("AU-1", "C1", "Good")
    wh.grade("AU-1", "C2", "Good")
    wh.audit("AU-2", cases_audited=2)
    wh.grade("AU-2", "C1", "Good")
    q = wh.by_id("SELECT * FROM audit_data_quality", "audit_id")
    assert q["AU-1"]["more_cases_than_audited"] and not q["AU-2"]["more_cases_than_audited"]
