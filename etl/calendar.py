"""The warehouse `calendar` table: every date 2000-01-01..2045-12-31 with England
working-day flags, so working-day rules (RULES.md "Date arithmetic") are plain SQL that
any DuckDB client computes identically — no Python function registered in one process.

Bank holidays come from the maintained `holidays` library (GB, subdivision England),
never a hand-written list. `wd_index` counts working days on or before the date, so the
N-th working day after X is the working day whose wd_index = wd_index(X) + N.
"""
from __future__ import annotations

from datetime import date

import duckdb
import holidays
import polars as pl

from etl.warehouse import one

FIRST = date(2000, 1, 1)
LAST = date(2045, 12, 31)
# Bump when the holidays library or the rules above change so old warehouses rebuild.
CALENDAR_VERSION = f"1/holidays-{holidays.__version__}"


def calendar_frame(first: date = FIRST, last: date = LAST) -> pl.DataFrame:
    """One row per date with weekend, bank-holiday and working-day flags."""
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(first.year, last.year + 1))
    names = pl.DataFrame({"date": list(bank.keys()), "holiday_name": list(bank.values())},
                         schema={"date": pl.Date, "holiday_name": pl.Utf8})
    frame = (pl.DataFrame({"date": pl.date_range(first, last, "1d", eager=True)})
             .join(names, on="date", how="left")
             .with_columns(is_weekend=pl.col("date").dt.weekday() >= 6,
                           is_bank_holiday=pl.col("holiday_name").is_not_null()))
    frame = frame.with_columns(is_working_day=~(pl.col("is_weekend") | pl.col("is_bank_holiday")))
    return frame.with_columns(
        wd_index=pl.col("is_working_day").cast(pl.Int32).cum_sum().cast(pl.Int32)
    ).select("date", "is_weekend", "is_bank_holiday", "holiday_name", "is_working_day", "wd_index")


def ensure_calendar(con: duckdb.DuckDBPyConnection) -> bool:
    """(Re)build the calendar when it is missing or built by another library version.

    Returns True when it was rebuilt. Cheap when current: one meta lookup.
    """
    row = one(con, "SELECT value FROM meta WHERE key = 'calendar_version'")
    count = one(con, "SELECT count(*) FROM calendar")[0]
    expected = (LAST - FIRST).days + 1
    if row and row[0] == CALENDAR_VERSION and count == expected:
        return False
    frame = calendar_frame()
    con.register("_calendar_frame", frame)
    try:
        con.execute("DELETE FROM calendar")
        con.execute("INSERT INTO calendar SELECT * FROM _calendar_frame")
    finally:
        con.unregister("_calendar_frame")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('calendar_version', ?)", [CALENDAR_VERSION])
    return True
