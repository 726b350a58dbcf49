"""Real input folders and warehouse inspection for the load/publish/withdraw tests.

Inputs are contract-shaped CSV folders written here (not mocks); the warehouse is a real
DuckDB file written by a real `python -m etl load` process or by etl.load.load_paths.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl

from etl.contract import LOAD_ORDER, TABLES

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-23"


def run_etl(*args: object, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m etl …` in a real process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True)


def popen_etl(*args: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def rows(prefix: str = "T", boards: int = 1, reviews: int = 2) -> dict[str, list[dict]]:
    """A small valid partnership: every table, ids prefixed so several sets can coexist.

    Per review: one learning point (themes given), one untagged learning point, two
    recommendations, two actions per recommendation with two returns each. Per board:
    one audit with grades, learning and a recommendation; one measure with two values.
    """
    out: dict[str, list[dict]] = {t: [] for t in LOAD_ORDER}
    for b in range(boards):
        board = f"{prefix} Board {b}"
        bp = f"{prefix}{b}"
        out["audits"].append({"audit_id": f"{bp}-AU", "board": board, "title": "Neglect audit",
                              "audit_type": "Thematic", "themes": "neglect", "reported_date": "2026-03-01",
                              "cases_audited": "3", "summary": "Fictional audit."})
        for case in ("C1", "C2", "C3"):
            out["audit_grades"].append({"audit_id": f"{bp}-AU", "case_ref": case, "agency": "Police",
                                        "domain": "Planning", "grade": "Good"})
        out["learning"].append({"learning_id": f"{bp}-AU-L", "source_id": f"{bp}-AU", "kind": "Finding",
                                "text": "Plans lacked clear outcomes.", "themes": "planning_review"})
        out["recommendations"].append({"recommendation_id": f"{bp}-AU-REC", "source_id": f"{bp}-AU",
                                       "text": "Review planning guidance.", "addressed_to": "Board"})
        out["measures"].append({"measure_id": f"{bp}-M", "board": board, "name": "Timely strategy meetings",
                                "unit": "%", "better": "higher", "baseline_value": "55.5",
                                "baseline_date": "2025-03-31", "target_value": "80", "target_date": "2027-03-31",
                                "source_id": f"{bp}-AU", "themes": "information_sharing"})
        for q in ("2026-03-31", "2026-06-30"):
            out["measure_values"].append({"measure_id": f"{bp}-M", "period_end": q, "value": "61.25"})
        for r in range(reviews):
            rid = f"{bp}-R{r}"
            out["reviews"].append({"review_id": rid, "board": board, "title": f"Child {r}",
                                   "review_type": "LCSPR", "methodology": "SILP", "incident_type": "Serious harm",
                                   "child_age_band": "1-4", "notified_date": "2025-01-10",
                                   "decision_date": "2025-02-01", "status": "In progress",
                                   "summary": "A fictional review."})
            out["learning"].append({"learning_id": f"{rid}-L1", "source_id": rid, "kind": "Finding",
                                    "text": "Information was not shared.",
                                    "themes": "information_sharing;voice_of_child", "agencies": "Police;CSC"})
            out["learning"].append({"learning_id": f"{rid}-L2", "source_id": rid, "kind": "Learning",
                                    "text": "Fathers were not seen.", "themes": ""})
            for k in (1, 2):
                rec = f"{rid}-REC{k}"
                out["recommendations"].append({"recommendation_id": rec, "source_id": rid,
                                               "text": "Share information promptly.", "addressed_to": "Police",
                                               "themes": "information_sharing"})
                for a in (1, 2):
                    aid = f"{rec}-A{a}"
                    out["actions"].append({"action_id": aid, "recommendation_id": rec,
                                           "text": "Revise the protocol.", "owner_agency": "CSC",
                                           "lead_role": "Designated Nurse", "start_date": "2025-04-01",
                                           "due_date": "2026-06-30", "status": "In progress",
                                           "measure_id": f"{bp}-M"})
                    for reported in ("2026-03-31", "2026-06-30"):
                        out["action_updates"].append({"action_id": aid, "reported_on": reported,
                                                      "status": "In progress", "rag": "Amber",
                                                      "note": "On track."})
    return out


def write_inputs(folder: Path, tables: dict[str, list[dict]]) -> Path:
    """Each table as `<table>.csv` with its full contract header (blank = empty cell)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table_rows in tables.items():
        header = TABLES[name].column_names
        frame = pl.DataFrame([{h: r.get(h) for h in header} for r in table_rows],
                             schema={h: pl.Utf8 for h in header})
        frame.write_csv(folder / f"{name}.csv")
    return folder


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every contract table's rows (provenance included) in key order, from a fresh
    read-only connection: equal snapshots mean identical data."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY {', '.join(TABLES[t].key)}").fetchall()
                for t in LOAD_ORDER}
    finally:
        con.close()


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def temp_files(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.tmp-*"))
