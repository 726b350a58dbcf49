"""RULES.md "Impact measures": latest value up to D and each status branch, in order."""
from __future__ import annotations

from datetime import date

from tests.metrics.conftest import D, OTHER_BOARD


def status(wh, as_of=D):
    return wh.by_id("SELECT * FROM measure_status(?)", "measure_id", [as_of])


def test_each_status_branch(wh):
    wh.measure("M-nodata", baseline_value=10, target_value=20)
    wh.value("M-nodata", date(2026, 7, 31), 25)          # after D: ignored
    wh.measure("M-met-high", baseline_value=10, target_value=20, target_date=date(2020, 1, 1))
    wh.value("M-met-high", date(2026, 6, 30), 20)        # equal to target counts
    wh.measure("M-met-low", better="lower", baseline_value=10, target_value=5)
    wh.value("M-met-low", date(2026, 3, 31), 4.5)
    wh.measure("M-met-nobase", target_value=5)            # Target met before No baseline
    wh.value("M-met-nobase", date(2026, 3, 31), 7)
    wh.measure("M-nobase", target_value=50)
    wh.value("M-nobase", date(2026, 3, 31), 7)
    wh.measure("M-up", baseline_value=10, target_value=20)
    wh.value("M-up", date(2026, 3, 31), 11)
    wh.measure("M-down-lower", better="lower", baseline_value=10)
    wh.value("M-down-lower", date(2026, 3, 31), 9)
    wh.measure("M-worse", baseline_value=10)
    wh.value("M-worse", date(2026, 3, 31), 9.5)
    wh.measure("M-worse-lower", better="lower", baseline_value=10, target_value=2)
    wh.value("M-worse-lower", date(2026, 3, 31), 12)
    wh.measure("M-same", baseline_value=10, target_value=20)
    wh.value("M-same", date(2026, 3, 31), 10)
    got = {k: v["status"] for k, v in status(wh).items()}
    assert got == {
        "M-nodata": "No data", "M-met-high": "Target met", "M-met-low": "Target met",
        "M-met-nobase": "Target met", "M-nobase": "No baseline", "M-up": "Improving",
        "M-down-lower": "Improving", "M-worse": "Worsening", "M-worse-lower": "Worsening",
        "M-same": "No change"}


def test_latest_value_is_greatest_period_end_up_to_d(wh):
    wh.measure("M-1", baseline_value=10)
    wh.value("M-1", date(2025, 12, 31), 30)
    wh.value("M-1", date(2026, 6, 30), 5)   # the latest up to D: worse than baseline
    wh.value("M-1", date(2026, 3, 31), 12)
    wh.value("M-1", date(2026, 9, 30), 40)  # after D
    m = status(wh)["M-1"]
    assert (m["latest_value"], m["latest_period_end"], m["status"]) == (5, D, "Worsening")
    assert (m["previous_value"], m["previous_period_end"]) == (12, date(2026, 3, 31))
    assert status(wh, date(2026, 5, 1))["M-1"]["status"] == "Improving"   # 12 > 10


def test_withdrawn_values_and_measures_are_out(wh):
    wh.measure("M-1", baseline_value=10)
    wh.value("M-1", date(2026, 3, 31), 12)
    wh.value("M-1", date(2026, 6, 30), 8)
    wh.withdraw("measure_values", "M-1|2026-06-30")
    wh.measure("M-gone", board=OTHER_BOARD)
    wh.withdraw("measures", "M-gone")
    rows = status(wh)
    assert set(rows) == {"M-1"}
    assert (rows["M-1"]["latest_value"], rows["M-1"]["status"]) == (12, "Improving")


def test_target_on_the_wrong_side_is_flagged(wh):
    wh.measure("M-wrong", baseline_value=10, target_value=5)               # higher is better
    wh.measure("M-right", better="lower", baseline_value=10, target_value=5)
    rows = status(wh)
    assert rows["M-wrong"]["target_wrong_side"] and not rows["M-right"]["target_wrong_side"]
