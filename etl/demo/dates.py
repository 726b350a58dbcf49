"""Date arithmetic exactly as RULES.md defines it, so demo milestones land deliberately on
time, late or outstanding under the same rules the warehouse applies."""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays



def add_months(d: date, n: int) -> date:
    """Same day N months later, or that month's last day when it is shorter."""
    month = d.month - 1 + n
    year, month = d.year + month // 12, month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=None)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in _bank_holidays(d.year)


def add_working_days(d: date, n: int) -> date:
    """The N-th working day after d (d itself not counted); England bank holidays."""
    while n > 0:
        d += timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


def quarter_end(d: date) -> date:
    month = (d.month - 1) // 3 * 3 + 3
    return date(d.year, month, calendar.monthrange(d.year, month)[1])


def quarter_ends(first: date, last: date) -> list[date]:
    """Every calendar-quarter end from the one containing `first` up to `last` inclusive."""
    out, q = [], quarter_end(first)
    while q <= last:
        out.append(q)
        q = quarter_end(q + timedelta(days=1))
    return out


def last_complete_quarter_end(today: date) -> date:
    return quarter_end(today) if today == quarter_end(today) else \
        quarter_end(date(today.year, (today.month - 1) // 3 * 3 + 1, 1) - timedelta(days=1))

