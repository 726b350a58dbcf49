"""The warehouse calendar: England bank holidays from the `holidays` library, weekends,
and wd_index so "N working days after X" is plain SQL (RULES.md, Date arithmetic)."""
from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest

from etl.publish import publishing
from load_helpers import query


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cal") / "w.duckdb"
    with publishing(path):
        pass
    return path


def nth_working_day_after(db, start: date, n: int) -> date:
    return query(db, """SELECT c2.date FROM calendar c1 JOIN calendar c2
                        ON c2.wd_index = c1.wd_index + ? AND c2.is_working_day
                        WHERE c1.date = ?""", [n, start])[0][0]


def test_every_day_2000_to_2045_once(db):
    assert query(db, "SELECT count(*), count(DISTINCT date), min(date), max(date) FROM calendar") == [
        ((date(2045, 12, 31) - date(2000, 1, 1)).days + 1,) * 2 + (date(2000, 1, 1), date(2045, 12, 31))]


def test_bank_holidays_match_the_library_for_england(db):
    expected = holidays.country_holidays("GB", subdiv="ENG", years=range(2000, 2046))
    stored = dict(query(db, "SELECT date, holiday_name FROM calendar WHERE is_bank_holiday"))
    assert stored == dict(expected)
    assert stored[date(2022, 9, 19)] == "State Funeral of Queen Elizabeth II"
    assert date(2023, 5, 8) in stored                       # Coronation bank holiday
    assert date(2026, 3, 17) not in stored                  # St Patrick's Day: Northern Ireland only


def test_working_days_exclude_weekends_and_bank_holidays(db):
    flags = dict((d, (we, bh, wd)) for d, we, bh, wd in query(
        db, "SELECT date, is_weekend, is_bank_holiday, is_working_day FROM calendar "
            "WHERE date BETWEEN '2025-12-24' AND '2026-01-05'"))
    assert flags[date(2025, 12, 24)] == (False, False, True)
    assert flags[date(2025, 12, 25)] == (False, True, False)
    assert flags[date(2025, 12, 27)] == (True, False, False)
    assert flags[date(2026, 1, 1)] == (False, True, False)


def test_wd_index_counts_working_days_on_or_before(db):
    rows = query(db, "SELECT date, is_working_day, wd_index FROM calendar ORDER BY date")
    count = 0
    for d, working, index in rows:
        count += working
        assert index == count, d


def test_nth_working_day_after(db):
    # Friday 19 Dec 2025 + 5 working days skips the weekend, Christmas and Boxing Day.
    assert nth_working_day_after(db, date(2025, 12, 19), 5) == date(2025, 12, 30)
    # From a Saturday: the first working day after is Monday.
    assert nth_working_day_after(db, date(2026, 1, 3), 1) == date(2026, 1, 5)
    # 15 working days after a plain Monday with no holidays = three weeks later.
    assert nth_working_day_after(db, date(2026, 2, 2), 15) == date(2026, 2, 2) + timedelta(weeks=3)
