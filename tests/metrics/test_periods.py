"""etl.periods: quarters, financial years and calendar years, as users read them."""
from __future__ import annotations

from datetime import date

import pytest

from etl.periods import FinancialYear, Quarter, Year, parse_period


@pytest.mark.parametrize("text, start, end, label, long_label", [
    ("2026Q2", date(2026, 4, 1), date(2026, 6, 30), "Q1 2026/27 (Apr–Jun 2026)",
     "Quarter 1 2026/27 (April–June 2026)"),
    ("2026Q1", date(2026, 1, 1), date(2026, 3, 31), "Q4 2025/26 (Jan–Mar 2026)",
     "Quarter 4 2025/26 (January–March 2026)"),
    ("2025Q3", date(2025, 7, 1), date(2025, 9, 30), "Q2 2025/26 (Jul–Sep 2025)",
     "Quarter 2 2025/26 (July–September 2025)"),
    ("2025Q4", date(2025, 10, 1), date(2025, 12, 31), "Q3 2025/26 (Oct–Dec 2025)",
     "Quarter 3 2025/26 (October–December 2025)"),
    ("2024q1", date(2024, 1, 1), date(2024, 3, 31), "Q4 2023/24 (Jan–Mar 2024)",
     "Quarter 4 2023/24 (January–March 2024)"),
    ("2099Q4", date(2099, 10, 1), date(2099, 12, 31), "Q3 2099/00 (Oct–Dec 2099)",
     "Quarter 3 2099/00 (October–December 2099)"),
])
def test_quarter_dates_and_labels(text, start, end, label, long_label):
    q = Quarter.parse(text)
    assert (q.start, q.end, q.as_of, q.label, q.long_label) == (start, end, end, label, long_label)
    assert Quarter.parse(str(q)) == q and str(q) == text.upper()


def test_quarter_navigation():
    assert Quarter.parse("2026Q1").previous() == Quarter(2025, 4)
    assert Quarter.parse("2025Q4").next() == Quarter(2026, 1)
    assert Quarter.containing(date(2026, 6, 30)) == Quarter(2026, 2)
    assert Quarter.containing(date(2026, 7, 1)) == Quarter(2026, 3)
    assert Quarter.last_complete(date(2026, 11, 23)) == Quarter(2026, 3)
    assert Quarter.last_complete(date(2026, 1, 1)) == Quarter(2025, 4)
    assert Quarter.last_complete(date(2026, 3, 31)) == Quarter(2025, 4)  # Q1 not over yet
    assert [str(q) for q in Quarter(2026, 2).quarters_back(4)] == \
        ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    assert Quarter(2026, 2).financial_year == FinancialYear(2026)
    assert Quarter(2026, 1).financial_year == FinancialYear(2025)


@pytest.mark.parametrize("bad", ["2026Q5", "2026Q0", "Q2 2026", "2026", "", "26Q1", "abc"])
def test_quarter_parse_rejects_with_a_clear_message(bad):
    with pytest.raises(ValueError, match="2026Q2"):
        Quarter.parse(bad)


def test_financial_year():
    fy = FinancialYear.parse("2025-26")
    assert (fy.start, fy.end, fy.label, str(fy)) == \
        (date(2025, 4, 1), date(2026, 3, 31), "2025/26", "2025-26")
    assert fy.long_label == "Financial year 2025/26 (April 2025–March 2026)"
    assert [str(q) for q in fy.quarters] == ["2025Q2", "2025Q3", "2025Q4", "2026Q1"]
    assert FinancialYear.parse("2025/26") == FinancialYear.parse("2025-2026") == fy
    assert FinancialYear.parse("1999-00") == FinancialYear(1999)
    assert FinancialYear.containing(date(2026, 3, 31)) == fy
    assert FinancialYear.containing(date(2026, 4, 1)) == fy.next()
    assert FinancialYear.last_complete(date(2026, 11, 23)) == fy
    for bad in ("2025-27", "2025", "25-26", "2025Q2"):
        with pytest.raises(ValueError, match="2025-26"):
            FinancialYear.parse(bad)


def test_calendar_year_and_any_period():
    y = Year.parse("2025")
    assert (y.start, y.end, y.label, str(y)) == (date(2025, 1, 1), date(2025, 12, 31), "2025", "2025")
    assert [str(q) for q in y.quarters] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert Year.last_complete(date(2026, 11, 23)) == Year(2025)
    assert parse_period("2026Q2") == Quarter(2026, 2)
    assert parse_period("2025-26") == FinancialYear(2025)
    assert parse_period("2025") == Year(2025)
    with pytest.raises(ValueError, match="quarter"):
        parse_period("next week")
