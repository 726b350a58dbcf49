"""Builders for theme tests: labelled statements as contract input folders.

The shared eval set is read from ../shared/eval at test time only (never copied into
the project); test folders are written under pytest's tmp paths.
"""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EVAL_CSV = ROOT.parent / "shared" / "eval" / "statements.csv"


def run_etl(*args) -> subprocess.CompletedProcess:
    """`python -m etl …` in a real process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


def read_eval() -> list[dict[str, str]]:
    with open(EVAL_CSV, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_board_input(rows: list[dict[str, str]], out: Path, board: str = "Evalshire",
                      prefix: str = "EV", tagged: bool = True) -> Path:
    """The eval protocol's step 2: one review per group; findings/learning in
    learning.csv, recommendations in recommendations.csv, themes = labels."""
    out.mkdir(parents=True, exist_ok=True)
    groups = sorted({r["group"] for r in rows})
    with open(out / "reviews.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["review_id", "board", "title", "review_type", "status", "completed_date"])
        for i, g in enumerate(groups):
            w.writerow([f"{prefix}-{g}", board, f"Child {g}", "SCR", "Published",
                        f"20{10 + i % 10}-06-30"])
    with open(out / "learning.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["learning_id", "source_id", "kind", "text", "themes"])
        for r in rows:
            if r["kind"] != "recommendation":
                w.writerow([f"{prefix}-{r['id']}", f"{prefix}-{r['group']}",
                            "Learning" if r["kind"] == "learning" else "Finding", r["text"],
                            r["labels"] if tagged else ""])
    with open(out / "recommendations.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["recommendation_id", "source_id", "text", "themes"])
        for r in rows:
            if r["kind"] == "recommendation":
                w.writerow([f"{prefix}-{r['id']}", f"{prefix}-{r['group']}", r["text"],
                            r["labels"] if tagged else ""])
    return out


def build_warehouse(db: Path, rows: list[dict[str, str]], board: str = "Evalshire",
                    prefix: str = "EV", tagged: bool = True) -> Path:
    """A real DuckDB warehouse (project schema) holding `rows` as one board's statements,
    written directly with SQL — for unit tests that must not depend on the loader."""
    import duckdb

    from etl import schema
    from etl.themes.typology import read_csv

    con = duckdb.connect(str(db))
    try:
        con.execute((ROOT / "etl" / "schema.sql").read_text())
        con.execute(schema.contract_ddl())
        try:
            schema.define_metrics(con)
        except duckdb.Error:
            pass  # metric layer under construction: the theme model falls back to raw tables
        for t in read_csv():
            con.execute("INSERT OR REPLACE INTO typology VALUES (?, ?, ?, ?, ?)",
                        [t.key, t.label, t.group, t.definition, list(t.cue_phrases)])
        for g in sorted({r["group"] for r in rows}):
            con.execute("INSERT INTO reviews (review_id, board, title, review_type, status, "
                        "_first_load, _last_load) VALUES (?, ?, ?, 'SCR', 'Published', 1, 1)",
                        [f"{prefix}-{g}", board, f"Child {g}"])
        for r in rows:
            themes = [x for x in r["labels"].split(";") if x] if tagged else None
            if r["kind"] == "recommendation":
                con.execute("INSERT INTO recommendations (recommendation_id, source_id, text, themes, "
                            "_first_load, _last_load) VALUES (?, ?, ?, ?, 1, 1)",
                            [f"{prefix}-{r['id']}", f"{prefix}-{r['group']}", r["text"], themes])
            else:
                con.execute("INSERT INTO learning (learning_id, source_id, kind, text, themes, "
                            "_first_load, _last_load) VALUES (?, ?, ?, ?, ?, 1, 1)",
                            [f"{prefix}-{r['id']}", f"{prefix}-{r['group']}",
                             "Learning" if r["kind"] == "learning" else "Finding", r["text"], themes])
    finally:
        con.close()
    return db
