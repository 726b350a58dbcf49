"""Reporting periods: calendar quarters (written `2026Q2` in files and commands), English
financial years (`2025-26`, April–March) and calendar years (`2025`).

Pure functions of dates, so the dashboard, the reports and the tests agree on what
"the quarter" means and how it is labelled. Every period has `.start` and `.end`
(inclusive); RULES.md takes the as-of date D as the period's last day (`.end`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAME = ("January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December")
DASH = "\u2013"  # en dash, as in "Apr–Jun 2026"

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)
_FY = re.compile(r"^\s*(?:FY\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*$", re.IGNORECASE)
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def _fy_text(start_year: int) -> str:
    """'2026/27' for the financial year starting April 2026."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: Q1 = Jan–Mar … Q4 = Oct–Dec (the contract's `2026Q2`)."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"A quarter number is 1 to 4 (got {self.number})")

    @classmethod
    def parse(cls, text: str | Quarter) -> Quarter:
        """`2026Q2` (also `2026-Q2`, `2026q2`); a Quarter is returned as is."""
        if isinstance(text, Quarter):
            return text
        match = _QUARTER.match(str(text))
        if not match:
            raise ValueError(f"A quarter is written like 2026Q2 (got {text!r})")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_complete(cls, today: date) -> Quarter:
        """The latest quarter whose last day is before `today` (the committee's default)."""
        return cls.containing(today).previous()

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    @property
    def as_of(self) -> date:
        """RULES.md: a quarter's figures are taken as of its last day."""
        return self.end

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear.containing(self.start)

    @property
    def fy_number(self) -> int:
        """Quarter of the financial year: Apr–Jun is Q1, Jan–Mar is Q4."""
        return (self.number - 2) % 4 + 1

    def _months(self, names: tuple[str, ...]) -> str:
        first = 3 * self.number - 3
        return f"{names[first]}{DASH}{names[first + 2]} {self.year}"

    @property
    def label(self) -> str:
        """'Q1 2026/27 (Apr–Jun 2026)'."""
        return f"Q{self.fy_number} {self.financial_year.label} ({self._months(MONTH_ABBR)})"

    @property
    def long_label(self) -> str:
        """'Quarter 1 2026/27 (April–June 2026)'."""
        return f"Quarter {self.fy_number} {self.financial_year.label} ({self._months(MONTH_NAME)})"

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    def quarters_back(self, n: int) -> list[Quarter]:
        """The n quarters ending with this one, oldest first."""
        out = [self]
        while len(out) < n:
            out.append(out[-1].previous())
        return out[::-1]


@dataclass(frozen=True, order=True)
class FinancialYear:
    """An English financial year, 1 April to 31 March, written `2025-26`."""

    start_year: int

    @classmethod
    def parse(cls, text: str | FinancialYear) -> FinancialYear:
        """`2025-26` (also `2025/26`, `2025-2026`)."""
        if isinstance(text, FinancialYear):
            return text
        match = _FY.match(str(text))
        if not match:
            raise ValueError(f"A financial year is written like 2025-26 (got {text!r})")
        first, second = int(match.group(1)), match.group(2)
        following = int(second) if len(second) == 4 else (first + 1) // 100 * 100 + int(second)
        if following != first + 1:
            raise ValueError(f"A financial year spans two consecutive years, like 2025-26 (got {text!r})")
        return cls(first)

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def last_complete(cls, today: date) -> FinancialYear:
        return cls.containing(today).previous()

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def as_of(self) -> date:
        return self.end

    @property
    def label(self) -> str:
        """'2025/26'."""
        return _fy_text(self.start_year)

    @property
    def long_label(self) -> str:
        """'Financial year 2025/26 (April 2025–March 2026)'."""
        return (f"Financial year {self.label} (April {self.start_year}{DASH}"
                f"March {self.start_year + 1})")

    @property
    def quarters(self) -> list[Quarter]:
        """Its four calendar quarters in order: Apr–Jun … Jan–Mar."""
        first = Quarter(self.start_year, 2)
        return [first, first.next(), first.next().next(), Quarter(self.start_year + 1, 1)]

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def __str__(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"


@dataclass(frozen=True, order=True)
class Year:
    """A calendar year, written `2025`."""

    year: int

    @classmethod
    def parse(cls, text: str | int | Year) -> Year:
        if isinstance(text, Year):
            return text
        match = _YEAR.match(str(text))
        if not match:
            raise ValueError(f"A year is written like 2025 (got {text!r})")
        return cls(int(match.group(1)))

    @classmethod
    def containing(cls, day: date) -> Year:
        return cls(day.year)

    @classmethod
    def last_complete(cls, today: date) -> Year:
        return cls(today.year - 1)

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def as_of(self) -> date:
        return self.end

    @property
    def label(self) -> str:
        return str(self.year)

    @property
    def long_label(self) -> str:
        return f"Calendar year {self.year} (January{DASH}December {self.year})"

    @property
    def quarters(self) -> list[Quarter]:
        return [Quarter(self.year, n) for n in range(1, 5)]

    def previous(self) -> Year:
        return Year(self.year - 1)

    def next(self) -> Year:
        return Year(self.year + 1)

    def __str__(self) -> str:
        return str(self.year)


Period = Quarter | FinancialYear | Year


def parse_period(text: str) -> Period:
    """Any period as written in commands: `2026Q2`, `2025-26` or `2025`."""
    for kind in (Quarter, FinancialYear, Year):
        try:
            return kind.parse(text)
        except ValueError:
            continue
    raise ValueError(f"A period is a quarter (2026Q2), a financial year (2025-26) "
                     f"or a year (2025) (got {text!r})")
