"""Metric-layer speed at regional scale (20 boards x 10 years: 24,000 actions, 144,000
returns), one board, one thread: median CPU milliseconds of 3 runs after a warm-up.

    .venv/bin/python bench/bench_metrics.py

A benchmark, not a test: it prints figures. Synthetic rows are inserted directly so the
figure measures the SQL alone, not loading.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from etl import schema  # noqa: E402
from etl.calendar import ensure_calendar  # noqa: E402
from etl.figures import quarter_figures  # noqa: E402

REGIONAL_ROWS = """
INSERT INTO reviews (review_id, board, title, review_type, status, notified_date, decision_date, panel_notified_date, initiated_date, completed_date, _first_load,_last_load)
SELECT 'R-'||i, 'Board '||(i%20), 'Child', (['SCR','LCSPR','Rapid review','CIR'])[1+(i//20)%4], 'In progress',
  DATE '2016-01-01' + (i*2)%3600, DATE '2016-01-20' + (i*2)%3600, DATE '2016-02-01' + (i*2)%3600,
  DATE '2016-02-10' + (i*2)%3600, CASE WHEN i%3=0 THEN DATE '2016-09-10' + (i*2)%3600 END, 1,1
FROM (SELECT CAST(range AS INTEGER) i FROM range(1600));
INSERT INTO recommendations (recommendation_id, source_id, text, _first_load,_last_load)
SELECT 'REC-'||i, 'R-'||(i//5), 'x',1,1 FROM (SELECT CAST(range AS INTEGER) i FROM range(8000));
INSERT INTO actions (action_id, recommendation_id, text, owner_agency, due_date, status, start_date, completed_date, _first_load,_last_load)
SELECT 'A-'||i, 'REC-'||(i//3), 'x', 'Agency '||(i%12), DATE '2016-06-01' + (i//7)%3700, 'In progress',
  CASE WHEN i%5=0 THEN NULL ELSE DATE '2016-03-01' + (i//7)%3500 END,
  CASE WHEN i%4=0 THEN DATE '2016-09-01' + (i//7)%3500 END,1,1 FROM (SELECT CAST(range AS INTEGER) i FROM range(24000));
INSERT INTO action_updates (action_id, reported_on, status, rag, revised_due_date, _first_load,_last_load)
SELECT 'A-'||i, DATE '2016-04-01' + (i//7)%3500 + 91*k, CASE WHEN k=5 AND i%3=0 THEN 'Complete' ELSE 'In progress' END,
  (['Red','Amber','Green',NULL])[1+(i+k)%4], CASE WHEN (i+k)%6=0 THEN DATE '2017-01-01' + (i//7)%3500 + 30*k END,1,1
FROM (SELECT CAST(range AS INTEGER) i FROM range(24000)), (SELECT CAST(range AS INTEGER) k FROM range(6));
INSERT INTO measures (measure_id, board, name, better, baseline_value, target_value, _first_load,_last_load)
SELECT 'M-'||i, 'Board '||(i%20), 'm', 'higher', 10, 20,1,1 FROM (SELECT CAST(range AS INTEGER) i FROM range(400));
INSERT INTO measure_values SELECT 'M-'||i, DATE '2016-03-31' + 91*k, k, NULL,1,1,NULL FROM (SELECT CAST(range AS INTEGER) i FROM range(400)), (SELECT CAST(range AS INTEGER) k FROM range(40));
INSERT INTO audits (audit_id, board, title, audit_type, reported_date, _first_load,_last_load)
SELECT 'AU-'||i, 'Board '||(i%20), 't', 'Thematic', DATE '2016-05-01' + (i*9)%3600,1,1 FROM (SELECT CAST(range AS INTEGER) i FROM range(400));
INSERT INTO audit_grades SELECT 'AU-'||i, 'C'||k, 'Police', 'Assessment', (['Outstanding','Good','Requires improvement','Inadequate'])[1+(i+k)%4],1,1,NULL FROM (SELECT CAST(range AS INTEGER) i FROM range(400)), (SELECT CAST(range AS INTEGER) k FROM range(30));
"""

BOARD = "Board 3"
QUERIES = [
    ("action_status", "SELECT * FROM action_status(?) WHERE board = ?", ["2025-06-30", BOARD]),
    ("returns_missing", "SELECT * FROM returns_missing(?, ?) WHERE board = ?", ["2025-04-01", "2025-06-30", BOARD]),
    ("return_rates", "SELECT * FROM return_rates(?) WHERE board = ?", ["2025-06-30", BOARD]),
    ("milestones", "SELECT * FROM milestones(?) WHERE board = ?", ["2025-06-30", BOARD]),
    ("measure_status", "SELECT * FROM measure_status(?) WHERE board = ?", ["2025-06-30", BOARD]),
    ("audit_grade_shares", "SELECT * FROM audit_grade_shares() WHERE board = ?", [BOARD]),
]


def cpu_ms(fn) -> float:
    fn()
    times = []
    for _ in range(3):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "regional.duckdb"
        con = duckdb.connect(str(path))
        schema.create_all(con)
        ensure_calendar(con)
        con.execute(REGIONAL_ROWS)
        con.close()
        con = duckdb.connect(str(path), read_only=True)
        con.execute("SET threads = 1")
        for name, sql, params in QUERIES:
            print(f"{name:20s} {cpu_ms(lambda: con.execute(sql, params).fetchall()):8.1f} ms CPU")
        print(f"{'quarter_figures':20s} {cpu_ms(lambda: quarter_figures(con, BOARD, '2025Q2')):8.1f} ms CPU")
        con.close()


if __name__ == "__main__":
    main()
